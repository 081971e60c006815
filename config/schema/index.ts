import { z } from "zod";
import { analyticsSchema } from "./analytics";
import { baseSchema } from "./base";
import { bigquerySchema, ingestSchema } from "./data";
import { identitySchema } from "./identity";
import { dnsIntentsSchema } from "./dns";
import { intentsSchema } from "./intents";
import { mlSchema } from "./ml";
import { networkSchema } from "./network";

/**
 * The single source of the config types. Each component adds its section here; sections are optional
 * so an environment provisions only what it declares.
 */
export const environmentSchema = z.strictObject({
  ...baseSchema,
  network: networkSchema,
  identity: identitySchema.optional(),
  ingest: ingestSchema.optional(),
  bigquery: bigquerySchema.optional(),
  analytics: analyticsSchema.optional(),
  /** SageMaker Studio → Redshift (the <env>-ml stack). */
  ml: mlSchema.optional(),
  /** Reachability intents (config/reachability): declared flows verified before synth. */
  intents: intentsSchema.optional(),
  /** DNS intents: names that must resolve from a tier (private zones, Resolver rules), verified before synth. */
  dnsIntents: dnsIntentsSchema.optional(),
});

/** What an environment file is written as (defaults may be omitted). */
export type EnvironmentInput = z.input<typeof environmentSchema>;
/** What stacks receive: validated, defaults applied. */
export type EnvironmentConfig = z.output<typeof environmentSchema>;
export type VpcConfig = EnvironmentConfig["network"]["vpcs"][string];
export type PeeringConfig = EnvironmentConfig["network"]["peerings"][string];
export type TransitGatewayConfig = EnvironmentConfig["network"]["transitGateways"][string];
export type TgwPeeringConfig = EnvironmentConfig["network"]["tgwPeerings"][string];
export type ExternalNetworkConfig = EnvironmentConfig["network"]["externalNetworks"][string];
export type ExternalPeeringConfig = EnvironmentConfig["network"]["externalPeerings"][string];
export type TgwExternalAttachmentConfig = TransitGatewayConfig["externalAttachments"][string];
export type AccountConfig = EnvironmentConfig["accounts"][string];
export type BackendConfig = EnvironmentConfig["backend"];
export type IngestConfig = NonNullable<EnvironmentConfig["ingest"]>;
export type AppflowConfig = NonNullable<IngestConfig["appflow"]>;
export type AppflowFlowConfig = AppflowConfig["flows"][string];
export type GlueConfig = NonNullable<IngestConfig["glue"]>;
export type GlueConnectionConfig = GlueConfig["connections"][string];
export type BigQueryConfig = NonNullable<EnvironmentConfig["bigquery"]>;
export type BigQueryTableConfig = BigQueryConfig["tables"][string];
export type AnalyticsConfig = NonNullable<EnvironmentConfig["analytics"]>;
export type IdentityConfig = NonNullable<EnvironmentConfig["identity"]>;
export type RolesAnywhereConfig = NonNullable<IdentityConfig["rolesAnywhere"]>;
export type RedshiftAccessConfig = IdentityConfig["redshiftAccess"][string];
export type PartnerRoleConfig = IdentityConfig["partnerRoles"][string];
export type IntentsConfig = NonNullable<EnvironmentConfig["intents"]>;
export type IntentConfig = IntentsConfig[string];
export type PrivateZoneConfig = EnvironmentConfig["network"]["privateZones"][string];
export type ResolverConfig = EnvironmentConfig["network"]["resolvers"][string];
export type ResolverRuleConfig = ResolverConfig["rules"][string];
export type MlConfig = NonNullable<EnvironmentConfig["ml"]>;
export type StudioConfig = MlConfig["studio"];
export type WarehouseConfig = MlConfig["warehouse"];
export type DnsIntentsConfig = NonNullable<EnvironmentConfig["dnsIntents"]>;
