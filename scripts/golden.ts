/**
 * Golden summaries: for each environment, every resource address and the attributes whose change makes
 * Terraform replace the resource. They are committed under __tests__/golden/, so a config or module change
 * that would replace (destroy + create) a resource shows up as a diff in review, and the unit tests fail until
 * the summary is regenerated on purpose:
 *
 *   npm run golden            # rewrite __tests__/golden/<env>.txt after an intended change
 */
import { App } from "cdktf";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { loadEnvironments, selectEnvironments } from "../config";
import { buildEnvironment } from "../stacks";
import { STATEFUL_RESOURCE_TYPES } from "../stacks/stateful";

/**
 * Arguments documented as "Changing this forces a new resource" in the hashicorp/aws 5.100 and
 * hashicorp/google 6.x resource docs, for the resource types this project creates.
 */
export const REPLACE_FORCING: Readonly<Record<string, readonly string[]>> = {
  aws_vpc: ["cidr_block", "instance_tenancy"],
  aws_subnet: ["vpc_id", "cidr_block", "availability_zone"],
  aws_route_table: ["vpc_id"],
  aws_route: ["route_table_id", "destination_cidr_block"],
  aws_nat_gateway: ["subnet_id", "allocation_id", "connectivity_type"],
  aws_eip: ["domain"],
  aws_network_acl: ["vpc_id"],
  aws_flow_log: ["vpc_id", "log_destination", "log_destination_type", "traffic_type", "iam_role_arn"],
  aws_vpc_peering_connection: ["vpc_id", "peer_vpc_id", "peer_owner_id", "peer_region"],
  aws_ec2_transit_gateway: ["amazon_side_asn"],
  aws_ec2_transit_gateway_route_table: ["transit_gateway_id"],
  aws_ec2_transit_gateway_vpc_attachment: ["transit_gateway_id", "vpc_id"],
  aws_ec2_transit_gateway_peering_attachment: [
    "transit_gateway_id",
    "peer_transit_gateway_id",
    "peer_account_id",
    "peer_region",
  ],
  aws_ec2_transit_gateway_route: ["transit_gateway_route_table_id", "destination_cidr_block"],
  aws_vpc_endpoint: ["vpc_id", "service_name", "vpc_endpoint_type"],
  aws_security_group: ["name", "vpc_id", "description"],
  aws_s3_bucket: ["bucket"],
  aws_kms_key: ["customer_master_key_spec", "key_usage"],
  aws_iam_role: ["name", "path"],
  aws_secretsmanager_secret: ["name"],
  aws_cloudwatch_log_group: ["name"],
  aws_glue_catalog_database: ["name", "catalog_id"],
  aws_glue_connection: ["name", "catalog_id"],
  aws_athena_workgroup: ["name"],
  aws_appflow_flow: ["name"],
  aws_appflow_connector_profile: ["name", "connector_type"],
  aws_emr_cluster: [
    "name",
    "release_label",
    "applications",
    "service_role",
    "security_configuration",
    "log_uri",
  ],
  aws_emr_instance_fleet: ["cluster_id", "name", "instance_type_configs", "launch_specifications"],
  aws_emr_security_configuration: ["name", "configuration"],
  aws_rolesanywhere_trust_anchor: ["notification_settings"],
  google_bigquery_dataset: ["project", "dataset_id", "location"],
  google_bigquery_table: ["project", "dataset_id", "table_id"],
};

/** The part of a synthesized cdk.tf.json the summary reads. */
export interface StackJson {
  readonly resource?: Record<
    string,
    Record<string, Record<string, unknown> & { lifecycle?: { prevent_destroy?: boolean } }>
  >;
}

/** One line per resource, sorted: `<stack> <type>.<name>[ stateful] attr=value ...`. */
export function goldenSummary(stacks: Record<string, StackJson>): string {
  const lines: string[] = [];
  for (const [stackId, json] of Object.entries(stacks).sort(([a], [b]) => a.localeCompare(b))) {
    for (const [type, byName] of Object.entries(json.resource ?? {})) {
      for (const [name, cfg] of Object.entries(byName)) {
        const attrs = (REPLACE_FORCING[type] ?? [])
          .filter((a) => cfg[a] !== undefined)
          .map((a) => `${a}=${JSON.stringify(cfg[a])}`);
        const flags = STATEFUL_RESOURCE_TYPES.includes(type)
          ? [cfg.lifecycle?.prevent_destroy ? "stateful,protected" : "stateful"]
          : [];
        lines.push([`${stackId} ${type}.${name}`, ...flags.map((f) => `[${f}]`), ...attrs].join(" "));
      }
    }
  }
  return `${lines.sort().join("\n")}\n`;
}

/** Reads every stack's cdk.tf.json from a synthesized outdir, by stack id. */
export function readStacks(outdir: string): Record<string, StackJson> {
  const dir = path.join(outdir, "stacks");
  return Object.fromEntries(
    fs
      .readdirSync(dir)
      .map((id) => [id, JSON.parse(fs.readFileSync(path.join(dir, id, "cdk.tf.json"), "utf8"))]),
  );
}

/**
 * Synthesizes one environment for real (aspects such as stateful-resource protection and the policy pack
 * run, exactly as in `npm run synth`) into a temporary directory and summarises it.
 */
export function summarizeEnvironment(name: string): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "golden-"));
  try {
    const app = new App({ outdir });
    for (const env of loadEnvironments([name])) buildEnvironment(app, env);
    app.synth();
    return goldenSummary(readStacks(outdir));
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

export const GOLDEN_DIR = path.join(__dirname, "..", "__tests__", "golden");

if (require.main === module) {
  fs.mkdirSync(GOLDEN_DIR, { recursive: true });
  for (const name of selectEnvironments(process.env.ENVIRONMENTS)) {
    const file = path.join(GOLDEN_DIR, `${name}.txt`);
    fs.writeFileSync(file, summarizeEnvironment(name));
    console.log(`wrote ${path.relative(process.cwd(), file)}`);
  }
}
