import { defineEnvironment } from "../define";
import { SYNTHEA_TABLES } from "../tables/synthea";

/**
 * staging: mirrors prod topology at two AZs; one NAT gateway per AZ in the VPCs that egress.
 * Account ids are placeholders (12 digits); replace them with your organization's accounts.
 * Region A = us-east-1 (hub, spokes, Glue), region B = us-west-2 (remote data store, second TGW).
 */
export default defineEnvironment({
  name: "staging",
  stage: "staging",
  tags: { Environment: "staging", Owner: "platform-engineering", CostCenter: "cc-1002" },
  backend: { type: "local", dir: "terraform-state" },
  policy: {
    suppressions: [
      {
        stack: "identity",
        ruleId: "PP-IAM-002",
        address: "staging-identity/redshift-sagemaker-redshift/producer-redshift",
        reason:
          "redshift-data:CancelStatement has no resource type (Service Authorization Reference), so it needs Resource *; the statement is limited to the caller's own statements by redshift-data:statement-owner-iam-userid",
      },
    ],
  },
  accounts: {
    network: { id: "200000000001", description: "network hub: transit gateways, shared services" },
    data: { id: "200000000002", description: "data producer: warehouse and regional data stores" },
    ml: { id: "200000000003", description: "ML consumer: notebooks" },
    ingest: { id: "200000000004", description: "ingestion: AppFlow, Glue" },
    analytics: { id: "200000000005", description: "analytics: Trino on EMR" },
  },
  // Identities across account and cloud boundaries (R-IAM-1..3): the <env>-identity stack.
  identity: {
    // A GCP Batch job (claims export) gets AWS credentials through IAM Roles Anywhere with a certificate
    // from the staging workload CA; the CA's public certificate is committed in config/certs/.
    rolesAnywhere: {
      account: "ingest",
      region: "us-east-1",
      trustAnchor: {
        name: "staging-workloads",
        source: { type: "certificate-bundle", file: "staging-workload-ca.pem" },
        caExpiryNotificationDays: 60,
        endEntityExpiryNotificationDays: 30,
      },
      secrets: {
        // Created without a value: put it with `aws secretsmanager put-secret-value` after the apply.
        "claims-export-token": { name: "staging/claims-export/api-token" },
      },
      roles: {
        "gcp-claims-export": {
          certificate: {
            subjectCN: "claims-export.batch.staging.gcp.acme-health.example",
            issuerCN: "Example Staging Workload Root CA",
          },
          secrets: ["claims-export-token"],
        },
      },
      profiles: {
        // Sessions are usable only from the job's Cloud NAT addresses.
        "gcp-batch": {
          roles: ["gcp-claims-export"],
          durationSeconds: 1800,
          sourceIpRanges: ["198.51.100.32/28"],
        },
      },
    },
    // SageMaker notebooks (ml account) query the warehouse (data account) as their own database user.
    redshiftAccess: {
      "sagemaker-redshift": {
        producerAccount: "data",
        consumerAccount: "ml",
        region: "us-east-1",
        consumerRoleName: "staging-sagemaker-notebooks",
        consumerRolePath: "/service-role/",
        clusterIdentifier: "staging-warehouse",
        databases: ["analytics"],
        dbGroups: ["ml_readers"],
      },
    },
    // An external analytics partner reads its exports over the public S3 endpoint (R-NET-5).
    partnerRoles: {
      medirisk: {
        account: "data",
        region: "us-east-1",
        trustedRoleArn: "arn:aws:iam::444455556666:role/medirisk-staging-ingest-worker",
        // Not a secret (it prevents the confused deputy problem, it does not authenticate).
        externalId: "acme-health-staging-8a7b6c5d-4e3f-4a1b-9c8d-7e6f5a4b3c2d",
        buckets: {
          "acme-health-staging-partner-exchange": { access: "read", prefixes: ["outbound/medirisk/"] },
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
        cidr: "10.64.0.0/16",
        natGateways: "per-az",
        azs: ["us-east-1a", "us-east-1b"],
        subnets: {
          public: { "us-east-1a": "10.64.0.0/24", "us-east-1b": "10.64.1.0/24" },
          private: { "us-east-1a": "10.64.16.0/20", "us-east-1b": "10.64.32.0/20" },
          tgw: { "us-east-1a": "10.64.255.0/28", "us-east-1b": "10.64.255.16/28" },
        },
      },
      ml: {
        account: "ml",
        region: "us-east-1",
        cidr: "10.72.0.0/16",
        natGateways: "per-az",
        azs: ["us-east-1a", "us-east-1b"],
        subnets: {
          public: { "us-east-1a": "10.72.0.0/24", "us-east-1b": "10.72.1.0/24" },
          private: { "us-east-1a": "10.72.16.0/20", "us-east-1b": "10.72.32.0/20" },
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
        cidr: "10.80.0.0/16",
        azs: ["us-east-1a", "us-east-1b"],
        natGateways: "none",
        subnets: {
          private: { "us-east-1a": "10.80.16.0/20", "us-east-1b": "10.80.32.0/20" },
          tgw: { "us-east-1a": "10.80.255.0/28", "us-east-1b": "10.80.255.16/28" },
        },
      },
      ingest: {
        account: "ingest",
        region: "us-east-1",
        cidr: "10.88.0.0/16",
        natGateways: "per-az",
        azs: ["us-east-1a", "us-east-1b"],
        subnets: {
          public: { "us-east-1a": "10.88.0.0/24", "us-east-1b": "10.88.1.0/24" },
          private: { "us-east-1a": "10.88.16.0/20", "us-east-1b": "10.88.32.0/20" },
          glue: { "us-east-1a": "10.88.64.0/24", "us-east-1b": "10.88.65.0/24" },
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
        cidr: "10.96.0.0/16",
        natGateways: "per-az",
        azs: ["us-west-2a", "us-west-2b"],
        subnets: {
          public: { "us-west-2a": "10.96.0.0/24", "us-west-2b": "10.96.1.0/24" },
          private: { "us-west-2a": "10.96.16.0/20", "us-west-2b": "10.96.32.0/20" },
          tgw: { "us-west-2a": "10.96.255.0/28", "us-west-2b": "10.96.255.16/28" },
        },
      },
      analytics: {
        account: "analytics",
        region: "us-east-1",
        cidr: "10.104.0.0/16",
        natGateways: "per-az",
        azs: ["us-east-1a", "us-east-1b"],
        subnets: {
          public: { "us-east-1a": "10.104.0.0/24", "us-east-1b": "10.104.1.0/24" },
          private: { "us-east-1a": "10.104.16.0/20", "us-east-1b": "10.104.32.0/20" },
          tgw: { "us-east-1a": "10.104.255.0/28", "us-east-1b": "10.104.255.16/28" },
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
        amazonSideAsn: 64522,
        routeTables: ["shared", "spokes"],
        shareWith: ["data", "analytics"],
        attachments: {
          shared: {
            associateWith: "shared",
            propagateTo: ["spokes"],
            routeCidrs: ["10.80.0.0/16", "10.104.0.0/16", "10.96.0.0/16"],
          },
          warehouse: { associateWith: "spokes", propagateTo: ["shared"], routeCidrs: ["10.64.0.0/16"] },
          analytics: {
            associateWith: "spokes",
            propagateTo: ["shared"],
            routeCidrs: ["10.64.0.0/16", "10.96.0.0/16"],
          },
        },
        staticRoutes: [
          { routeTable: "shared", cidr: "10.96.0.0/16", target: "east-west" },
          { routeTable: "spokes", cidr: "10.96.0.0/16", target: "east-west" },
          // Spokes must never reach each other's management ranges through the hub.
          { routeTable: "spokes", cidr: "10.255.0.0/16", blackhole: true },
        ],
      },
      "hub-west": {
        account: "network",
        region: "us-west-2",
        amazonSideAsn: 64523,
        routeTables: ["regional"],
        shareWith: ["data"],
        attachments: {
          datastore: {
            associateWith: "regional",
            propagateTo: ["regional"],
            routeCidrs: ["10.64.0.0/16", "10.104.0.0/16"],
          },
        },
        staticRoutes: [
          { routeTable: "regional", cidr: "10.64.0.0/16", target: "east-west" },
          { routeTable: "regional", cidr: "10.104.0.0/16", target: "east-west" },
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
    allowedUiCidrs: ["10.64.0.0/16"],
    primaryFleet: { instanceTypes: ["m5.2xlarge", "m5a.2xlarge", "m6i.2xlarge", "m6a.2xlarge"] },
    // 2 × 16-vCPU core nodes, on demand.
    coreFleet: {
      instanceTypes: [
        { instanceType: "m5.4xlarge", weightedCapacity: 16 },
        { instanceType: "m5a.4xlarge", weightedCapacity: 16 },
        { instanceType: "m6i.4xlarge", weightedCapacity: 16 },
        { instanceType: "m6a.4xlarge", weightedCapacity: 16 },
      ],
      targetOnDemandCapacity: 32,
    },
    // 4 × 16-vCPU Spot nodes; capacity changes resize this fleet in place.
    taskFleet: {
      instanceTypes: [
        { instanceType: "m5.4xlarge", weightedCapacity: 16 },
        { instanceType: "m5a.4xlarge", weightedCapacity: 16 },
        { instanceType: "m5d.4xlarge", weightedCapacity: 16 },
        { instanceType: "m5ad.4xlarge", weightedCapacity: 16 },
        { instanceType: "m5n.4xlarge", weightedCapacity: 16 },
        { instanceType: "m6i.4xlarge", weightedCapacity: 16 },
        { instanceType: "m6a.4xlarge", weightedCapacity: 16 },
        { instanceType: "m6id.4xlarge", weightedCapacity: 16 },
        { instanceType: "r5.4xlarge", weightedCapacity: 16 },
        { instanceType: "r5a.4xlarge", weightedCapacity: 16 },
        { instanceType: "r5d.4xlarge", weightedCapacity: 16 },
        { instanceType: "r6i.4xlarge", weightedCapacity: 16 },
      ],
      targetSpotCapacity: 64,
      spotTimeoutMinutes: 15,
      spotTimeoutAction: "SWITCH_TO_ON_DEMAND",
    },
    trino: {
      retryPolicy: "TASK",
      exchangeManager: { type: "hdfs", baseDirectory: "/exchange" },
      connectors: { tpcds: true },
    },
    // The bundle (privateKey.pem, certificateChain.pem, trustedCertificates.pem) is issued by the PKI team.
    inTransitEncryption: {
      type: "pem-s3",
      certificatesS3Uri: "s3://staging-analytics-pki-200000000005/emr/trino-tls.zip",
    },
    logRetentionDays: 180,
    spotInterruptionExperiment: { selectionMode: "PERCENT(50)", stopCondition: { type: "module-alarm" } },
  },
  // BigQuery → S3 with AppFlow (R-DATA-1): the Google side. Table schemas are the single source of the
  // columns the ingest flows may map (config/tables/synthea.ts). Deletion protection is on (not dev).
  bigquery: {
    projectId: "acme-health-staging-4821",
    region: "us-central1",
    datasetId: "synthea",
    location: "US",
    labels: { env: "staging", "data-class": "synthetic" },
    defaultTableExpirationDays: 90,
    tables: { allergies: SYNTHEA_TABLES.allergies, encounters: SYNTHEA_TABLES.encounters },
    appflowIdentity: "user:appflow-staging@acme-health.example",
  },
  // The AWS side (R-DATA-2, R-GLUE-1..3). OAuth inputs: TF_VAR_staging_ingest_google_oauth_* (sensitive).
  ingest: {
    account: "ingest",
    region: "us-east-1",
    appflow: {
      resultsBucketName: "acme-health-staging-appflow-results",
      athenaResultsBucketName: "acme-health-staging-athena-results",
      glueDatabaseName: "healthcare",
      glueTablePrefix: "synthea",
      athenaScanLimitGiB: 50,
      flows: {
        allergies: {
          entity: "acme-health-staging-4821/synthea/allergies",
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
          filters: [{ field: "TYPE", operator: "EQUAL_TO", values: ["allergy"] }],
        },
        "encounters-daily": {
          entity: "acme-health-staging-4821/synthea/encounters",
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
            url: "jdbc:redshift://staging-warehouse.c7h3n5r8w2ty.us-west-2.redshift.amazonaws.com:5439/analytics?sslmode=verify-full",
            secretArn: "arn:aws:secretsmanager:us-east-1:200000000004:secret:staging/glue/warehouse-Pq34Rs",
          },
          dataStore: { vpc: "datastore" },
          s3ReadLocations: [{ bucketName: "acme-health-staging-glue-scripts", prefix: "jobs/" }],
        },
      },
    },
  },
});
