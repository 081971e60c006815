import { EnvironmentInput } from "../schema";
import dev from "./dev";
import prod from "./prod";
import staging from "./staging";

/**
 * The registered environments, by name (the key must equal the file name and the environment's `name`). Each
 * file is its params through the blueprint (./blueprint/) plus the sections it adds. Every test tier iterates
 * over this registry.
 */
export const ENVIRONMENTS: Readonly<Record<string, EnvironmentInput>> = { dev, staging, prod };
