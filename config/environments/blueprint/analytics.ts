/** The blueprint's Trino on EMR (R-TRINO). */
import { BlueprintEnvironment, EnvParams, NodeSize, TASK_FAMILIES } from "./params";

const VCPUS: Record<NodeSize, number> = { xlarge: 4, "2xlarge": 8, "4xlarge": 16 };
const PRIMARY_CORE_FAMILIES = ["m5", "m5a", "m6i", "m6a"];

/** Trino on EMR (R-TRINO): primary + core on demand, Spot task fleet, FIS Spot-interruption experiment. */
export function analytics(p: EnvParams): BlueprintEnvironment["analytics"] {
  const a = p.analytics;
  const vcpus = VCPUS[a.nodeSize];
  const fleet = (families: readonly string[]) =>
    families.map((f) => ({ instanceType: `${f}.${a.nodeSize}`, weightedCapacity: vcpus }));
  return {
    account: "analytics",
    vpc: "analytics",
    subnetTier: "private",
    releaseLabel: "emr-7.5.0",
    // Operators reach the Trino UI and Hue from the shared-services VPC (VPN landing zone) through the TGW.
    allowedUiCidrs: [p.cidrs.shared],
    primaryFleet: { instanceTypes: PRIMARY_CORE_FAMILIES.map((f) => `${f}.${a.primarySize}`) },
    // On-demand core nodes (HDFS holds the exchange spool when it is on hdfs).
    coreFleet: { instanceTypes: fleet(PRIMARY_CORE_FAMILIES), targetOnDemandCapacity: a.coreNodes * vcpus },
    // Spot task nodes; capacity changes resize this fleet in place.
    taskFleet: {
      instanceTypes: fleet(a.taskFamilies ?? TASK_FAMILIES),
      targetSpotCapacity: a.spotNodes * vcpus,
      spotTimeoutMinutes: a.spotTimeoutMinutes,
      spotTimeoutAction: "SWITCH_TO_ON_DEMAND",
    },
    trino: {
      retryPolicy: "TASK",
      exchangeManager:
        a.exchange === "s3"
          ? { type: "s3", spoolExpirationDays: 1 }
          : { type: "hdfs", baseDirectory: "/exchange" },
      connectors: { tpcds: true },
    },
    // The bundle (privateKey.pem, certificateChain.pem, trustedCertificates.pem) is issued by the PKI team.
    inTransitEncryption:
      a.inTransitEncryption.type === "pem-s3"
        ? {
            type: "pem-s3",
            certificatesS3Uri: `s3://${p.name}-analytics-pki-${p.accounts.analytics}/emr/trino-tls.zip`,
          }
        : a.inTransitEncryption,
    ...(a.idleTimeoutSeconds !== undefined ? { idleTimeoutSeconds: a.idleTimeoutSeconds } : {}),
    logRetentionDays: a.logRetentionDays,
    spotInterruptionExperiment: { selectionMode: a.fisSelection, stopCondition: { type: "module-alarm" } },
    // Termination protection is on outside dev: synth refuses a change that would replace the deployed cluster
    // (README: "Replacing a protected cluster").
    ...(a.deployedFingerprint !== undefined ? { deployedFingerprint: a.deployedFingerprint } : {}),
  };
}
