import { defineEnvironment } from "../define";
import { SYNTHEA_TABLES } from "../tables/synthea";

/**
 * dev: two AZs, one NAT gateway per VPC, single-AZ interface endpoints allowed.
 * Account ids are placeholders (12 digits); replace them with your organization's accounts.
 * Region A = us-east-1 (hub, spokes, Glue), region B = us-west-2 (remote data store, second TGW).
 */
export default defineEnvironment({
  name: "dev",
  stage: "dev",
  tags: { Environment: "dev", Owner: "platform-engineering", CostCenter: "cc-1001" },
  backend: { type: "local", dir: "terraform-state" },
  policy: {
    suppressions: [
      {
        stack: "identity",
        ruleId: "PP-IAM-002",
        address: "dev-identity/redshift-sagemaker-redshift/producer-redshift",
        reason:
          "redshift-data:CancelStatement has no resource type (Service Authorization Reference), so it needs Resource *; the statement is limited to the caller's own statements by redshift-data:statement-owner-iam-userid",
      },
    ],
  },
  accounts: {
    network: { id: "100000000001", description: "network hub: transit gateways, shared services" },
    data: { id: "100000000002", description: "data producer: warehouse and regional data stores" },
    ml: { id: "100000000003", description: "ML consumer: notebooks" },
    ingest: { id: "100000000004", description: "ingestion: AppFlow, Glue" },
    analytics: { id: "100000000005", description: "analytics: Trino on EMR" },
  },
  // Identities across account and cloud boundaries (R-IAM-1..3): the <env>-identity stack.
  identity: {
    // A GCP Batch job (claims export) gets AWS credentials through IAM Roles Anywhere with a certificate
    // from the dev workload CA; the CA's public certificate is committed in config/certs/.
    rolesAnywhere: {
      account: "ingest",
      region: "us-east-1",
      trustAnchor: {
        name: "dev-workloads",
        source: { type: "certificate-bundle", file: "dev-workload-ca.pem" },
        caExpiryNotificationDays: 30,
        endEntityExpiryNotificationDays: 14,
      },
      secrets: {
        // Created without a value: put it with `aws secretsmanager put-secret-value` after the apply.
        "claims-export-token": { name: "dev/claims-export/api-token" },
      },
      roles: {
        "gcp-claims-export": {
          certificate: {
            subjectCN: "claims-export.batch.dev.gcp.acme-health.example",
            issuerCN: "Example Dev Workload Root CA",
          },
          secrets: ["claims-export-token"],
        },
      },
      profiles: {
        // Sessions are usable only from the job's Cloud NAT addresses.
        "gcp-batch": {
          roles: ["gcp-claims-export"],
          durationSeconds: 3600,
          sourceIpRanges: ["198.51.100.16/28"],
        },
      },
    },
    // SageMaker notebooks (ml account) query the warehouse (data account) as their own database user.
    redshiftAccess: {
      "sagemaker-redshift": {
        producerAccount: "data",
        consumerAccount: "ml",
        region: "us-east-1",
        consumerRoleName: "dev-sagemaker-notebooks",
        consumerRolePath: "/service-role/",
        clusterIdentifier: "dev-warehouse",
        databases: ["analytics"],
        dbGroups: ["ml_readers"],
      },
    },
    // An external analytics partner reads its exports over the public S3 endpoint (R-NET-5).
    partnerRoles: {
      medirisk: {
        account: "data",
        region: "us-east-1",
        trustedRoleArn: "arn:aws:iam::444455556666:role/medirisk-dev-ingest-worker",
        // Not a secret (it prevents the confused deputy problem, it does not authenticate).
        externalId: "acme-health-dev-3f9c2b7e-5d41-4a8e-9b6f-1c2d3e4f5a6b",
        buckets: {
          "acme-health-dev-partner-exchange": { access: "read", prefixes: ["outbound/medirisk/"] },
        },
      },
    },
  },
  // Reachability intents (config/reachability): the flows this environment exists for, verified before synth
  // (routes and return routes per AZ pair, TGW tables, NACLs, the groups in the way); the network stack opens
  // exactly these flows in security groups (modules/flow-rules) that workloads attach.
  intents: {
    // Glue (ingest, us-east-1) → the store's public endpoint (data account, us-west-2): out through the ingest
    // NAT gateway(s); the store's group admits those Elastic IPs on 5439 (ingest.glue.connections.warehouse).
    "glue-datastore": {
      from: "ingest/glue",
      to: { internet: "datastore/public" },
      ports: [5439],
      glueDataStore: "warehouse",
    },
    // Glue job scripts and temporary files through the S3 gateway endpoint on the Glue route tables.
    "glue-s3": { from: "ingest/glue", to: { endpoint: "ingest/s3" }, ports: [443] },
    // SageMaker notebooks (ml) → Redshift (warehouse, data account) over peering ml-warehouse.
    "ml-warehouse": { from: "ml/private", to: "warehouse/private", ports: [5439] },
    // Notebooks → STS through the interface endpoint (no NAT).
    "ml-sts": { from: "ml/private", to: { endpoint: "ml/sts" }, ports: [443] },
    // Spokes → shared services (HTTPS and DNS resolvers) through hub-east.
    "warehouse-shared": { from: "warehouse/private", to: "shared/private", ports: [443] },
    "analytics-shared": { from: "analytics/private", to: "shared/private", ports: [443] },
    // Operators (VPN landing zone in shared) → Trino UI (8889) and Hue (8888) on the EMR cluster.
    "operators-trino-ui": {
      from: "shared/private",
      to: "analytics/private",
      ports: [{ from: 8888, to: 8889 }],
    },
    // Cross-region: Trino (analytics, us-east-1) → the data store VPC (us-west-2) over TGW peering east-west.
    "analytics-datastore": { from: "analytics/private", to: "datastore/private", ports: [5439] },
  },
  network: {
    vpcs: {
      shared: {
        account: "network",
        region: "us-east-1",
        cidr: "10.0.0.0/16",
        azs: ["us-east-1a", "us-east-1b"],
        subnets: {
          public: { "us-east-1a": "10.0.0.0/24", "us-east-1b": "10.0.1.0/24" },
          private: { "us-east-1a": "10.0.16.0/20", "us-east-1b": "10.0.32.0/20" },
          tgw: { "us-east-1a": "10.0.255.0/28", "us-east-1b": "10.0.255.16/28" },
        },
      },
      ml: {
        account: "ml",
        region: "us-east-1",
        cidr: "10.8.0.0/16",
        azs: ["us-east-1a", "us-east-1b"],
        subnets: {
          public: { "us-east-1a": "10.8.0.0/24", "us-east-1b": "10.8.1.0/24" },
          private: { "us-east-1a": "10.8.16.0/20", "us-east-1b": "10.8.32.0/20" },
        },
        endpoints: {
          gateway: ["s3"],
          interface: [
            "sts",
            "ecr-api",
            "ecr-dkr",
            "elasticloadbalancing",
            "autoscaling",
            "sagemaker-api",
            "sagemaker-runtime",
            "sagemaker-notebook",
          ],
        },
      },
      warehouse: {
        account: "data",
        region: "us-east-1",
        cidr: "10.16.0.0/16",
        azs: ["us-east-1a", "us-east-1b"],
        natGateways: "none",
        subnets: {
          private: { "us-east-1a": "10.16.16.0/20", "us-east-1b": "10.16.32.0/20" },
          tgw: { "us-east-1a": "10.16.255.0/28", "us-east-1b": "10.16.255.16/28" },
        },
      },
      ingest: {
        account: "ingest",
        region: "us-east-1",
        cidr: "10.24.0.0/16",
        azs: ["us-east-1a", "us-east-1b"],
        subnets: {
          public: { "us-east-1a": "10.24.0.0/24", "us-east-1b": "10.24.1.0/24" },
          private: { "us-east-1a": "10.24.16.0/20", "us-east-1b": "10.24.32.0/20" },
          glue: { "us-east-1a": "10.24.64.0/24", "us-east-1b": "10.24.65.0/24" },
        },
        endpoints: {
          gateway: ["s3"],
          interface: ["glue", "secretsmanager", "sts"],
          routeTiers: ["private", "glue"],
        },
      },
      datastore: {
        account: "data",
        region: "us-west-2",
        cidr: "10.32.0.0/16",
        azs: ["us-west-2a", "us-west-2b"],
        subnets: {
          public: { "us-west-2a": "10.32.0.0/24", "us-west-2b": "10.32.1.0/24" },
          private: { "us-west-2a": "10.32.16.0/20", "us-west-2b": "10.32.32.0/20" },
          tgw: { "us-west-2a": "10.32.255.0/28", "us-west-2b": "10.32.255.16/28" },
        },
      },
      analytics: {
        account: "analytics",
        region: "us-east-1",
        cidr: "10.40.0.0/16",
        azs: ["us-east-1a", "us-east-1b"],
        subnets: {
          public: { "us-east-1a": "10.40.0.0/24", "us-east-1b": "10.40.1.0/24" },
          private: { "us-east-1a": "10.40.16.0/20", "us-east-1b": "10.40.32.0/20" },
          tgw: { "us-east-1a": "10.40.255.0/28", "us-east-1b": "10.40.255.16/28" },
        },
        // EMR (Trino) launches only into subnets tagged for the EMR managed policies.
        emrSubnetTiers: ["private"],
        endpoints: { gateway: ["s3"], interface: [] },
      },
    },
    peerings: {
      // The SageMaker → Redshift scenario: cross-account, same region, DNS resolution on both sides.
      "ml-warehouse": { requester: "ml", accepter: "warehouse" },
      // Glue in region A reaching the data store VPC in region B of the data account.
      "ingest-datastore": {
        requester: "ingest",
        accepter: "datastore",
        routeTiers: { requester: ["glue"], accepter: ["private"] },
      },
    },
    transitGateways: {
      "hub-east": {
        account: "network",
        region: "us-east-1",
        amazonSideAsn: 64512,
        routeTables: ["shared", "spokes"],
        shareWith: ["data", "analytics"],
        attachments: {
          shared: {
            associateWith: "shared",
            propagateTo: ["spokes"],
            routeCidrs: ["10.16.0.0/16", "10.40.0.0/16", "10.32.0.0/16"],
          },
          warehouse: { associateWith: "spokes", propagateTo: ["shared"], routeCidrs: ["10.0.0.0/16"] },
          analytics: {
            associateWith: "spokes",
            propagateTo: ["shared"],
            routeCidrs: ["10.0.0.0/16", "10.32.0.0/16"],
          },
        },
        staticRoutes: [
          { routeTable: "shared", cidr: "10.32.0.0/16", target: "east-west" },
          { routeTable: "spokes", cidr: "10.32.0.0/16", target: "east-west" },
          // Spokes must never reach each other's management ranges through the hub.
          { routeTable: "spokes", cidr: "10.255.0.0/16", blackhole: true },
        ],
      },
      "hub-west": {
        account: "network",
        region: "us-west-2",
        amazonSideAsn: 64513,
        routeTables: ["regional"],
        shareWith: ["data"],
        attachments: {
          datastore: {
            associateWith: "regional",
            propagateTo: ["regional"],
            routeCidrs: ["10.0.0.0/16", "10.40.0.0/16"],
          },
        },
        staticRoutes: [
          { routeTable: "regional", cidr: "10.0.0.0/16", target: "east-west" },
          { routeTable: "regional", cidr: "10.40.0.0/16", target: "east-west" },
        ],
      },
    },
    tgwPeerings: {
      "east-west": {
        requester: "hub-east",
        accepter: "hub-west",
        routeTables: { requester: "shared", accepter: "regional" },
      },
    },
  },
  // Trino on EMR (R-TRINO): primary + core on demand, Spot task fleet, FIS Spot-interruption experiment.
  analytics: {
    account: "analytics",
    vpc: "analytics",
    subnetTier: "private",
    releaseLabel: "emr-7.5.0",
    // Operators reach the Trino UI and Hue from the shared-services VPC (VPN landing zone) through the TGW.
    allowedUiCidrs: ["10.0.0.0/16"],
    primaryFleet: { instanceTypes: ["m5.xlarge", "m5a.xlarge", "m6i.xlarge", "m6a.xlarge"] },
    // One 8-vCPU core node (HDFS holds the exchange spool).
    coreFleet: {
      instanceTypes: [
        { instanceType: "m5.2xlarge", weightedCapacity: 8 },
        { instanceType: "m5a.2xlarge", weightedCapacity: 8 },
        { instanceType: "m6i.2xlarge", weightedCapacity: 8 },
        { instanceType: "m6a.2xlarge", weightedCapacity: 8 },
      ],
      targetOnDemandCapacity: 8,
    },
    // Two 8-vCPU Spot nodes; capacity changes resize this fleet in place.
    taskFleet: {
      instanceTypes: [
        { instanceType: "m5.2xlarge", weightedCapacity: 8 },
        { instanceType: "m5a.2xlarge", weightedCapacity: 8 },
        { instanceType: "m5d.2xlarge", weightedCapacity: 8 },
        { instanceType: "m5ad.2xlarge", weightedCapacity: 8 },
        { instanceType: "m5n.2xlarge", weightedCapacity: 8 },
        { instanceType: "m6i.2xlarge", weightedCapacity: 8 },
        { instanceType: "m6a.2xlarge", weightedCapacity: 8 },
        { instanceType: "m6id.2xlarge", weightedCapacity: 8 },
        { instanceType: "r5.2xlarge", weightedCapacity: 8 },
        { instanceType: "r5a.2xlarge", weightedCapacity: 8 },
        { instanceType: "r5d.2xlarge", weightedCapacity: 8 },
        { instanceType: "r6i.2xlarge", weightedCapacity: 8 },
      ],
      targetSpotCapacity: 16,
      spotTimeoutMinutes: 10,
      spotTimeoutAction: "SWITCH_TO_ON_DEMAND",
    },
    trino: {
      retryPolicy: "TASK",
      exchangeManager: { type: "hdfs", baseDirectory: "/exchange" },
      connectors: { tpcds: true },
    },
    inTransitEncryption: {
      type: "disabled",
      reason: "dev has no TLS certificate bundle yet; node traffic stays inside the private subnets",
    },
    // A forgotten dev cluster stops costing money after one idle hour.
    idleTimeoutSeconds: 3600,
    logRetentionDays: 30,
    spotInterruptionExperiment: { selectionMode: "ALL", stopCondition: { type: "module-alarm" } },
  },
  // BigQuery → S3 with AppFlow (R-DATA-1): the Google side. Table schemas are the single source of the
  // columns the ingest flows may map (config/tables/synthea.ts).
  bigquery: {
    projectId: "acme-health-dev-4821",
    region: "us-central1",
    datasetId: "synthea",
    location: "US",
    labels: { env: "dev", "data-class": "synthetic" },
    // Dev tables are scratch copies: they expire after a month, and the dataset may be destroyed.
    defaultTableExpirationDays: 30,
    deletionProtection: false,
    tables: { allergies: SYNTHEA_TABLES.allergies, encounters: SYNTHEA_TABLES.encounters },
    appflowIdentity: "user:appflow-dev@acme-health.example",
  },
  // The AWS side (R-DATA-2, R-GLUE-1..3): AppFlow flows into S3 + Glue catalog + Athena, and Glue in the
  // ingest VPC (us-east-1) reaching the Redshift-style store in the data account's us-west-2 VPC through NAT.
  // OAuth client id/secret and tokens are sensitive variables (TF_VAR_dev_ingest_google_oauth_*), never config.
  ingest: {
    account: "ingest",
    region: "us-east-1",
    appflow: {
      resultsBucketName: "acme-health-dev-appflow-results",
      athenaResultsBucketName: "acme-health-dev-athena-results",
      glueDatabaseName: "healthcare",
      glueTablePrefix: "synthea",
      athenaScanLimitGiB: 10,
      kmsKeyDeletionWindowDays: 7,
      flows: {
        // Run by hand (aws appflow start-flow --flow-name dev-ingest-allergies).
        allergies: {
          entity: "acme-health-dev-4821/synthea/allergies",
          fields: [
            "START",
            "STOP",
            "PATIENT",
            "ENCOUNTER",
            "CODE",
            "SYSTEM",
            "DESCRIPTION",
            "TYPE",
            "CATEGORY",
          ],
        },
        // Daily, new rows only (by START); stays in Draft until activated with start-flow.
        "encounters-daily": {
          entity: "acme-health-dev-4821/synthea/encounters",
          fields: [
            "Id",
            "START",
            "STOP",
            "PATIENT",
            "ENCOUNTERCLASS",
            "CODE",
            "DESCRIPTION",
            "TOTAL_CLAIM_COST",
          ],
          bucketPrefix: "raw/encounters",
          prefixFormat: "DAY",
          trigger: { type: "Scheduled", scheduleExpression: "rate(1days)", incrementalPullField: "START" },
        },
      },
    },
    glue: {
      vpc: "ingest",
      connections: {
        warehouse: {
          subnetTier: "glue",
          jdbc: {
            url: "jdbc:redshift://dev-warehouse.c4x9k2m7p1qz.us-west-2.redshift.amazonaws.com:5439/analytics?sslmode=verify-full",
            secretArn: "arn:aws:secretsmanager:us-east-1:100000000004:secret:dev/glue/warehouse-Xy12Ab",
          },
          // No securityGroupId: the ingest stack creates the store's group in the datastore VPC.
          dataStore: { vpc: "datastore" },
          s3ReadLocations: [{ bucketName: "acme-health-dev-glue-scripts", prefix: "jobs/" }],
        },
      },
    },
  },
});
