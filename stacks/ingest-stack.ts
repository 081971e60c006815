import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { Construct } from "constructs";
import { AppflowConfig, EnvironmentConfig, GlueConfig, IngestConfig } from "../config";
import { ownOrThrow } from "../config/lookup";
import {
  AppflowBigQuery,
  AppflowBigQueryTableFlow,
  AppflowBigQueryTrigger,
} from "@multicloud-platform/modules/appflow-bigquery";
import { GlueCatalogEncryption } from "@multicloud-platform/modules/glue-catalog-encryption";
import {
  GlueConnectionSubnet,
  GlueCrossRegionConnections,
} from "@multicloud-platform/modules/glue-connection";
import { ComponentStack } from "./component-stack";
import { NetworkStack } from "./network-stack";
import { BuildOptions } from "./options";

/**
 * `<env>-ingest` (AWS; the ingest account, region A):
 * - AppFlow BigQuery → S3: results bucket, Google BigQuery connector profile (OAuth inputs are sensitive
 *   variables `<env>_ingest_google_oauth_*`), one flow per configured flow, Glue Data Catalog registration,
 *   an Athena workgroup. Flow columns are checked (config) against `bigquery.tables`, the same schemas the
 *   `<env>-bigquery` stack creates.
 * - The Glue Data Catalog encryption of the ingest account and region (its KMS key and the account/region-wide
 *   settings; this stack is their one owner unless `ingest.manageCatalogEncryption` is false), and the S3
 *   access-log bucket of that account and region.
 * - Glue connections per AZ in the Glue VPC's dedicated subnets (ids and NAT Elastic IPs read from the
 *   network stack), and on the remote data store (its own account/region provider) the store's security
 *   group, unless config names an existing one, with one `/32` rule per NAT Elastic IP.
 */
export class IngestStack extends ComponentStack {
  readonly appflow?: AppflowBigQuery;
  /** The Data Catalog encryption of the ingest account and region, when this stack owns it. */
  readonly catalogEncryption?: GlueCatalogEncryption;
  /** Glue connections by config key. */
  readonly glue: Readonly<Record<string, GlueCrossRegionConnections>>;
  /** Data store security group ids by connection key (created here or taken from config). */
  readonly dataStoreSecurityGroupIds: Readonly<Record<string, string>>;

  constructor(
    scope: Construct,
    env: EnvironmentConfig,
    network: NetworkStack | undefined,
    options: BuildOptions = {},
  ) {
    super(scope, env, "ingest", options);
    const ingest = env.ingest;
    if (!ingest) throw new Error(`${env.name}: IngestStack needs an ingest section`);
    // The ingest stack owns the Data Catalog encryption of its account and region (a singleton there).
    if (ingest.manageCatalogEncryption) {
      this.catalogEncryption = new GlueCatalogEncryption(this, "glue-catalog-encryption", {
        provider: this.providers.forAccount(ingest.account, ingest.region),
        accountId: this.providers.accountId(ingest.account),
        region: ingest.region,
      });
    }
    if (ingest.appflow) {
      this.appflow = this.buildAppflow(env, ingest, ingest.appflow);
      this.catalogEncryption?.addCatalogClient(this.appflow.glueCatalogRoleArn);
    }
    const glue: Record<string, GlueCrossRegionConnections> = {};
    const sgs: Record<string, string> = {};
    if (ingest.glue) {
      if (!network) throw new Error(`${env.name}: ingest.glue needs the network stack (network.vpcs)`);
      this.buildGlue(env, ingest, ingest.glue, network, glue, sgs);
      for (const connections of Object.values(glue))
        this.catalogEncryption?.addCatalogClient(connections.roleArn);
    }
    this.glue = glue;
    this.dataStoreSecurityGroupIds = sgs;
  }

  private buildAppflow(env: EnvironmentConfig, ingest: IngestConfig, a: AppflowConfig): AppflowBigQuery {
    // Config checks guarantee every entity resolves to a table of the bigquery section.
    const bq = env.bigquery!;
    const flows: Record<string, AppflowBigQueryTableFlow> = {};
    for (const [key, flow] of Object.entries(a.flows)) {
      const [projectId, datasetId, tableId] = flow.entity.replace(/^table\//, "").split("/");
      const t = flow.trigger;
      const trigger: AppflowBigQueryTrigger =
        t.type === "OnDemand"
          ? { type: "OnDemand" }
          : {
              type: "Scheduled",
              scheduleExpression: t.scheduleExpression,
              dataPullMode: t.dataPullMode,
              incrementalPullFieldName: t.incrementalPullField,
              timezone: t.timezone,
            };
      flows[key] = {
        projectId,
        datasetId,
        tableId,
        // One source of truth: the columns of the table the bigquery stack creates.
        schemaFieldNames: ownOrThrow(bq.tables, tableId, "BigQuery table").fields.map((f) => f.name),
        fields: flow.fields,
        filters: flow.filters,
        bucketPrefix: flow.bucketPrefix,
        fileType: flow.fileType,
        prefixFormat: flow.prefixFormat,
        trigger,
        description: flow.description,
      };
    }
    return new AppflowBigQuery(this, "appflow-bigquery", {
      provider: this.providers.forAccount(ingest.account, ingest.region),
      namePrefix: `${env.name}-ingest`,
      accountId: this.providers.accountId(ingest.account),
      region: ingest.region,
      resultsBucketName: a.resultsBucketName,
      athenaResultsBucketName: a.athenaResultsBucketName,
      connectorLabel: a.connectorLabel,
      glueDatabaseName: a.glueDatabaseName,
      glueTablePrefix: a.glueTablePrefix,
      athenaBytesScannedCutoffPerQuery:
        a.athenaScanLimitGiB === undefined ? undefined : Math.round(a.athenaScanLimitGiB * 1024 ** 3),
      kmsKeyDeletionWindowDays: a.kmsKeyDeletionWindowDays,
      accessLogs: this.accessLogBucket(ingest.account, ingest.region),
      glueCatalogKmsKeyArn: this.catalogEncryption?.kmsKeyArn,
      flows,
      // No oauthCredentials: the module declares the four sensitive variables, so no secret is ever in
      // config or in the synthesized JSON.
    });
  }

  private buildGlue(
    env: EnvironmentConfig,
    ingest: IngestConfig,
    glue: GlueConfig,
    network: NetworkStack,
    out: Record<string, GlueCrossRegionConnections>,
    sgs: Record<string, string>,
  ): void {
    const glueVpc = network.vpcs[glue.vpc];
    const glueVpcConfig = ownOrThrow(env.network.vpcs, glue.vpc, "VPC");
    for (const [key, conn] of Object.entries(glue.connections)) {
      const azs = conn.azs ?? Object.keys(ownOrThrow(glueVpcConfig.subnets, conn.subnetTier, "subnet tier"));
      const glueSubnets: Record<string, GlueConnectionSubnet> = Object.fromEntries(
        azs.map((az) => [az, { subnetId: glueVpc.subnetIds[conn.subnetTier][az], availabilityZone: az }]),
      );
      let dataStore;
      const ds = conn.dataStore;
      if (ds) {
        const storeVpc = ownOrThrow(env.network.vpcs, ds.vpc, "VPC");
        const storeProvider = this.providers.forAccount(storeVpc.account, storeVpc.region);
        // The store's own group (the store is attached to it by whoever runs the store) holds only the
        // NAT Elastic IP rules, so this stack owns every rule in it. Config may name an existing group
        // instead; the rules are then added to that group.
        const sgId =
          ds.securityGroupId ??
          new SecurityGroup(this, `datastore-sg-${key}`, {
            provider: storeProvider,
            name: `${env.name}-${key}-glue-access`,
            description: `${key}: inbound from the ${env.name} Glue VPC's NAT Elastic IPs only`,
            vpcId: network.vpcs[ds.vpc].vpcId,
            tags: { Name: `${env.name}-${key}-glue-access` },
          }).id;
        sgs[key] = sgId;
        dataStore = { provider: storeProvider, securityGroupId: sgId, port: ds.port };
      }
      out[key] = new GlueCrossRegionConnections(this, `glue-${key}`, {
        provider: this.providers.forAccount(ingest.account, ingest.region),
        name: `${env.name}-${key}`,
        vpcId: glueVpc.vpcId,
        region: ingest.region,
        accountId: this.providers.accountId(ingest.account),
        glueSubnets,
        natPublicIps: glueVpc.natPublicIps,
        jdbc: conn.jdbc && {
          url: conn.jdbc.url,
          secretArn: conn.jdbc.secretArn,
          secretKmsKeyArn: conn.jdbc.secretKmsKeyArn,
        },
        s3ReadLocations: conn.s3ReadLocations,
        dataStore,
      });
    }
  }
}
