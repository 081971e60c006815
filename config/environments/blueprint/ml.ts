/** The blueprint's SageMaker Studio → Redshift (R-IAM-4) and the DNS intents of every environment. */
import { BlueprintEnvironment, EnvParams } from "./params";

/**
 * The domain in the ml account runs VpcOnly in ml/private and sets SourceIdentity to the user profile name;
 * its execution role is the consumer role of identity.redshiftAccess.sagemaker-redshift, whose producer role
 * pins redshift:DbUser to that name. The warehouse side: subnet group, security group and a two-node cluster
 * named like the producer role's cluster (`<name>-warehouse`).
 */
export function ml(p: EnvParams): BlueprintEnvironment["ml"] {
  return {
    studio: {
      account: "ml",
      vpc: "ml",
      redshiftAccess: "sagemaker-redshift",
      managedPolicyArns: ["arn:aws:iam::aws:policy/AmazonSageMakerFullAccess"],
      // The apps' security group holds these intents' egress (nothing else leaves it).
      intents: [
        "ml-warehouse",
        "ml-sts",
        "ml-sagemaker-api",
        "ml-sagemaker-runtime",
        "ml-redshift-api",
        "ml-s3",
      ],
      userProfiles: [...p.ml.userProfiles],
    },
    warehouse: {
      account: "data",
      vpc: "warehouse",
      // Clients on the cluster port, and COPY/UNLOAD to S3 through the gateway endpoint (enhanced VPC routing).
      intents: ["ml-warehouse", "warehouse-s3"],
      cluster: {
        identifier: `${p.name}-warehouse`,
        nodeType: "ra3.xlplus",
        numberOfNodes: 2,
        databaseName: "analytics",
      },
    },
  };
}

/** Names that must resolve, proved before synth like the flows. */
export function dnsIntents(): BlueprintEnvironment["dnsIntents"] {
  return {
    // The notebooks resolve it from the zone associated with their VPC.
    "ml-warehouse": { from: "ml/private", resolves: "cluster.warehouse.internal" },
    // A TGW spoke resolves it through the shared rule and the hub's inbound endpoint.
    "analytics-warehouse": { from: "analytics/private", resolves: "cluster.warehouse.internal" },
  };
}

/**
 * A client of the warehouse port that the blueprint does not know (e.g. a partner's network): its intent and its
 * place in the cluster's own security group, decided together (config rejects an intent to the warehouse port
 * that `ml.warehouse.intents` leaves out). Spread the result over the environment's `intents` and `ml`.
 */
export function warehouseClient(
  base: BlueprintEnvironment,
  intent: string,
  from: string,
): Pick<BlueprintEnvironment, "intents" | "ml"> {
  const w = base.ml.warehouse;
  return {
    intents: {
      ...base.intents,
      [intent]: { from, to: `${w.vpc}/${w.subnetTier ?? "private"}`, ports: [w.port ?? 5439] },
    },
    ml: { ...base.ml, warehouse: { ...w, intents: [...w.intents, intent] } },
  };
}
