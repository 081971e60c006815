import { z } from "zod";
import { baseSchema } from "./base";
import { networkSchema } from "./network";

/**
 * The single source of the config types. Each component adds its section here; sections are optional
 * so an environment provisions only what it declares.
 */
export const environmentSchema = z.strictObject({
  ...baseSchema,
  network: networkSchema,
});

/** What an environment file is written as (defaults may be omitted). */
export type EnvironmentInput = z.input<typeof environmentSchema>;
/** What stacks receive: validated, defaults applied. */
export type EnvironmentConfig = z.output<typeof environmentSchema>;
export type VpcConfig = EnvironmentConfig["network"]["vpcs"][string];
export type PeeringConfig = EnvironmentConfig["network"]["peerings"][string];
export type TransitGatewayConfig = EnvironmentConfig["network"]["transitGateways"][string];
export type TgwPeeringConfig = EnvironmentConfig["network"]["tgwPeerings"][string];
export type AccountConfig = EnvironmentConfig["accounts"][string];
export type BackendConfig = EnvironmentConfig["backend"];
