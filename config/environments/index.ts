import { EnvironmentInput } from "../schema";
import dev from "./dev";
import prod from "./prod";
import staging from "./staging";

/**
 * The sample environments, by name. To add one: copy a file in this folder, change `name`, accounts and
 * CIDRs, and register it here (the key must equal the file name and the environment's `name`).
 */
export const ENVIRONMENTS: Readonly<Record<string, EnvironmentInput>> = { dev, staging, prod };
