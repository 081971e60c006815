import { z } from "zod";
import { name, tags } from "./common";

export const accountSchema = z.strictObject({
  /** 12-digit AWS account id, as a string. */
  id: z.string(),
  /** Role the deploying principal assumes in this account. */
  deployRoleName: z.string().default("TerraformDeploy"),
  description: z.string().optional(),
});

export const backendSchema = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("local"),
    /** Directory for state files, relative to the project root. */
    dir: z.string().default("terraform-state"),
  }),
  z.strictObject({
    type: z.literal("cloud"),
    organization: z.string().min(1),
    /** HCP Terraform project that holds the workspaces. */
    project: z.string().optional(),
    hostname: z.string().default("app.terraform.io"),
  }),
  z.strictObject({
    type: z.literal("s3"),
    bucket: z.string().min(1),
    region: z.string(),
    keyPrefix: z.string().default("cdktf"),
    /** Account (by config name) whose deploy role reads/writes the state bucket. */
    account: z.string().optional(),
  }),
]);

/** A policy-pack finding let through on purpose; shown in the synth output with its reason. */
export const suppressionSchema = z.strictObject({
  /** Component stack the resource is in (`network`, `identity`, `ingest`, `bigquery`, `analytics`, `ml`). */
  stack: z.enum(["network", "identity", "ingest", "bigquery", "analytics", "ml"]),
  /** Rule id, e.g. `PP-VPC-003` (see docs/policy-rules.md). */
  ruleId: z.string(),
  /** Terraform address (`aws_vpc_endpoint.x`) or construct path of the resource. */
  address: z.string().min(1),
  /** Why this is acceptable. */
  reason: z.string().min(1),
});

export const baseSchema = {
  /** Environment name; also the prefix of every stack id (`<name>-network`). */
  name,
  /** Drives secure defaults: deletion protection outside dev, multi-AZ endpoints, alarms. */
  stage: z.enum(["dev", "staging", "prod"]),
  tags: tags.default({}),
  backend: backendSchema.default({ type: "local", dir: "terraform-state" }),
  accounts: z.record(name, accountSchema),
  policy: z
    .strictObject({ suppressions: z.array(suppressionSchema).default([]) })
    .default({ suppressions: [] }),
};
