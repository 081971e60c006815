/**
 * Terraform tier for the modules of partner networks, private DNS and SageMaker → Redshift, used on their own
 * (as another team would, with literal ids and no platform config): one stack with every construct, judged by
 * the policy pack as a prod stack, then an offline `terraform plan` (which validates first). In the
 * sample environments the Studio domain and the warehouse sit in <env>-ml, which the apply tier plans against a
 * synthetic network state (environments.test.ts); here they are planned as another team would use them.
 */
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { App, LocalBackend, TerraformStack } from "cdktf";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { DnsResolver } from "@multicloud-platform/modules/dns-resolver";
import { applyPolicyPack } from "@multicloud-platform/modules/guardrails";
import {
  PartnerPeeringAccepter,
  PartnerPeeringRequester,
  PartnerTransitGatewayAttachment,
  PartnerTransitGatewayShare,
} from "@multicloud-platform/modules/partner-network";
import { PrivateHostedZone } from "@multicloud-platform/modules/private-dns";
import { RedshiftWarehouse } from "@multicloud-platform/modules/redshift-warehouse";
import { SageMakerStudioDomain } from "@multicloud-platform/modules/sagemaker-studio";
import { TransitGatewayHub } from "@multicloud-platform/modules/transit-gateway";
import { planStack, prepareProviders, terraformEnv } from "../../scripts/terraform-cli";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "tf-new-modules-"));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const errors: string[] = [];
const app = new App({ outdir: path.join(root, "cdktf.out") });
const stack = new TerraformStack(app, "new-modules");
new LocalBackend(stack, { path: path.join(root, "state", "new-modules.tfstate") });
// Offline: no calls (the same skip flags as the platform's offline-plan provider mode); planStack supplies
// dummy keys in terraform's environment, never in the JSON (PP-PROVIDER-001).
const offline = {
  skipCredentialsValidation: true,
  skipRequestingAccountId: true,
  skipMetadataApiCheck: "true",
};
const provider = new AwsProvider(stack, "aws", { region: "us-east-1", ...offline });
const spoke = new AwsProvider(stack, "spoke", { alias: "spoke", region: "us-east-1", ...offline });
applyPolicyPack(stack, {
  environment: "prod",
  report: (f) => void (f.level === "error" && !f.suppressedBy && errors.push(f.message)),
});

const PARTNER = "999988887777";
new PartnerPeeringAccepter(stack, "accepted", {
  provider,
  name: "astro",
  peeringConnectionId: "pcx-0123456789abcdef0",
  vpcId: "vpc-0aaaaaaaaaaaaaaaa",
  partnerAccountId: PARTNER,
  partnerCidrs: ["10.200.0.0/16"],
  routeTableIds: { private: "rtb-0aaaaaaaaaaaaaaaa" },
  allowRemoteVpcDnsResolution: true,
});
new PartnerPeeringRequester(stack, "requested", {
  provider,
  name: "medirisk",
  vpcId: "vpc-0aaaaaaaaaaaaaaaa",
  region: "us-east-1",
  partnerVpcId: "vpc-0bbbbbbbbbbbbbbbb",
  partnerRegion: "us-west-2",
  partnerAccountId: PARTNER,
  partnerCidrs: ["10.210.0.0/16"],
  routeTableIds: { private: "rtb-0aaaaaaaaaaaaaaaa" },
});
const hub = new TransitGatewayHub(stack, "hub", {
  provider,
  name: "hub",
  amazonSideAsn: 64512,
  region: "us-east-1",
  accountId: "111111111111",
  routeTables: ["spokes", "partners"],
});
new PartnerTransitGatewayShare(stack, "share", {
  provider,
  name: "hub-partners",
  transitGatewayArn: hub.transitGatewayArn,
  partnerAccountIds: [PARTNER],
});
new PartnerTransitGatewayAttachment(stack, "astro-tgw", {
  name: "astro",
  transitGateway: hub,
  kind: "peering",
  attachmentId: "tgw-attach-0123456789abcdef0",
  partnerAccountId: PARTNER,
  associateWith: "partners",
  staticRoutes: { spokes: ["10.200.0.0/16"] },
});
new PrivateHostedZone(stack, "zone", {
  provider,
  domain: "warehouse.internal",
  primaryVpc: { vpcId: "vpc-0aaaaaaaaaaaaaaaa", region: "us-east-1" },
  vpcs: { ml: { vpcId: "vpc-0cccccccccccccccc", region: "us-east-1", ownerProvider: spoke } },
  partnerVpcs: { astro: { vpcId: "vpc-0dddddddddddddddd", region: "us-east-1" } },
});
new DnsResolver(stack, "resolver", {
  provider,
  name: "hub",
  vpcId: "vpc-0aaaaaaaaaaaaaaaa",
  subnetIds: { "us-east-1a": "subnet-0aaaaaaaaaaaaaaaa", "us-east-1b": "subnet-0bbbbbbbbbbbbbbbb" },
  inbound: {
    ips: { "us-east-1a": "10.0.16.10", "us-east-1b": "10.0.32.10" },
    allowedCidrs: { hub: "10.0.0.0/16" },
  },
  outbound: { targetCidrs: { hub: "10.0.0.0/16" } },
  rules: {
    warehouse: {
      domainName: "warehouse.internal",
      targetIps: "inbound",
      vpcs: { ml: { vpcId: "vpc-0cccccccccccccccc", provider: spoke } },
    },
  },
  shares: { spokes: { principals: ["222222222222"], rules: ["warehouse"] } },
});
new SageMakerStudioDomain(stack, "studio", {
  provider,
  domainName: "studio",
  accountId: "111111111111",
  region: "us-east-1",
  vpcId: "vpc-0aaaaaaaaaaaaaaaa",
  subnetIds: { "us-east-1a": "subnet-0aaaaaaaaaaaaaaaa" },
  subnetCidrs: { "us-east-1a": "10.0.16.0/20" },
  executionRole: { name: "studio-execution", path: "/service-role/" },
  userProfiles: ["alice"],
  egress: {
    warehouse: {
      cidr: "10.16.0.0/16",
      protocol: "tcp",
      fromPort: 5439,
      toPort: 5439,
      description: "warehouse",
    },
  },
});
new RedshiftWarehouse(stack, "warehouse", {
  provider,
  name: "warehouse",
  accountId: "111111111111",
  vpcId: "vpc-0aaaaaaaaaaaaaaaa",
  subnetIds: { "us-east-1a": "subnet-0aaaaaaaaaaaaaaaa", "us-east-1b": "subnet-0bbbbbbbbbbbbbbbb" },
  ingress: { studio: { cidr: "10.0.16.0/20", description: "Studio" } },
  // Enhanced VPC routing (the default): COPY/UNLOAD to S3 through the VPC's gateway endpoint.
  egress: {
    s3: {
      prefixListId: "pl-63a5400a",
      protocol: "tcp",
      fromPort: 443,
      toPort: 443,
      description: "COPY/UNLOAD to S3",
    },
  },
  cluster: { clusterIdentifier: "warehouse", nodeType: "ra3.xlplus", databaseName: "analytics" },
});
app.synth();
const dir = path.join(root, "cdktf.out", "stacks", "new-modules");
const resources = Object.values<Record<string, unknown>>(
  JSON.parse(fs.readFileSync(path.join(dir, "cdk.tf.json"), "utf8")).resource,
).reduce((n, byName) => n + Object.keys(byName).length, 0);

test("the policy pack (as for prod) finds no error", () => {
  expect(errors).toEqual([]);
});

test(
  "an offline plan (Terraform validates the configuration first) creates every resource and nothing else",
  async () => {
    const tf = terraformEnv();
    await prepareProviders(tf);
    // No separate `terraform validate`: plan runs the same validation and fails on any of its errors, so a
    // second process loading the provider schema would only repeat it.
    const plan = await planStack(tf, dir);
    if (!plan.ok) throw new Error(plan.output);
    expect(plan.counts).toEqual({ add: resources, change: 0, destroy: 0 });
  },
  10 * 60 * 1000,
);
