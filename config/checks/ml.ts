/**
 * SageMaker Studio → Redshift (R-IAM-4): the domain's placement (private subnets of its account's VPC, with a
 * way to the SageMaker API and runtime), the warehouse's placement, the intents their security groups hold (one
 * of them from the Studio to the warehouse on its port), user profile names usable as database users, and the
 * role chain: the execution role is the consumer role of the redshiftAccess entry, whose producer account,
 * region and cluster are the warehouse's. The intents' paths are proved in checks/reachability.ts.
 */
import { userProfileNameProblem, domainNameProblem } from "@multicloud-platform/modules/sagemaker-studio";
import { studioDomainName } from "../ml";
import { hasOwn, own } from "../lookup";
import { Problems, referenceFix } from "../problems";
import { routingPlan } from "../reachability/plan";
import { EnvironmentConfig } from "../schema";
import { checkAccountRef } from "./base";
import { duplicates, vpcRef } from "./network";

const ARN_IAM = /^arn:aws[a-z-]*:iam::(\d{12}|aws):policy\/[\w+=,.@/-]+$/;

function placement(
  cfg: EnvironmentConfig,
  at: string,
  s: { account: string; vpc: string; subnetTier: string },
  p: Problems,
): boolean {
  const accountOk = checkAccountRef(cfg, s.account, `${at}.account`, p);
  const vpc = vpcRef(cfg, s.vpc, `${at}.vpc`, p);
  if (!vpc) return false;
  if (accountOk && vpc.account !== s.account)
    p.add(
      `${at}.vpc`,
      s.vpc,
      `is in account ${vpc.account}, not ${s.account}`,
      `place it in a VPC of account ${s.account}`,
    );
  if (!hasOwn(vpc.subnets, s.subnetTier)) {
    p.add(
      `${at}.subnetTier`,
      s.subnetTier,
      `is not a subnet tier of VPC ${s.vpc}`,
      referenceFix("tiers", `network.vpcs.${s.vpc}.subnets`, s.subnetTier, Object.keys(vpc.subnets)),
    );
    return false;
  }
  return accountOk;
}

export function checkMl(cfg: EnvironmentConfig, p: Problems): void {
  const ml = cfg.ml;
  if (!ml) return;
  const { studio, warehouse } = ml;
  const studioOk = placement(cfg, "ml.studio", studio, p);
  const warehouseOk = placement(cfg, "ml.warehouse", warehouse, p);
  const plan = routingPlan(cfg);
  const intents = cfg.intents ?? {};
  const studioRef = `${studio.vpc}/${studio.subnetTier}`;
  const warehouseRef = `${warehouse.vpc}/${warehouse.subnetTier}`;

  const domain = studioDomainName(cfg);
  const why = domainNameProblem(domain);
  if (why) p.add("ml.studio.domainName", domain, why, 'use e.g. "prod-studio"');
  const tables = studioOk ? Object.values(plan.vpcs[studio.vpc]?.routeTables[studio.subnetTier] ?? {}) : [];
  const defaults = tables.map((t) => t.routes.find((r) => r.cidr.prefix === 0)?.target.kind);
  if (defaults.includes("igw"))
    p.add(
      "ml.studio.subnetTier",
      studio.subnetTier,
      "routes to the internet gateway, but a VpcOnly domain must use private subnets only (SageMaker developer guide)",
      'use a private tier, e.g. "private"',
    );
  const endpoints = own(cfg.network.vpcs, studio.vpc)?.endpoints?.interface ?? [];
  const missing = ["sagemaker-api", "sagemaker-runtime"].filter((e) => !endpoints.includes(e));
  if (studioOk && missing.length && !defaults.every((d) => d === "nat"))
    p.add(
      "ml.studio.subnetTier",
      studio.subnetTier,
      `has no NAT route and VPC ${studio.vpc} lacks the ${missing.join(" and ")} endpoint(s), so VpcOnly Studio apps cannot start`,
      `add ${missing.map((m) => `"${m}"`).join(", ")} to network.vpcs.${studio.vpc}.endpoints.interface`,
    );
  studio.managedPolicyArns.forEach((arn, i) => {
    if (!ARN_IAM.test(arn))
      p.add(
        `ml.studio.managedPolicyArns[${i}]`,
        arn,
        "is not an IAM policy ARN",
        "e.g. arn:aws:iam::aws:policy/AmazonSageMakerFullAccess",
      );
  });
  studio.userProfiles.forEach((name, i) => {
    const problem = userProfileNameProblem(name);
    if (problem)
      p.add(`ml.studio.userProfiles[${i}]`, name, problem, 'use the person\'s lowercase login, e.g. "jdoe"');
  });
  duplicates(studio.userProfiles, "ml.studio.userProfiles", "user profile", p);

  // The Studio's group holds the egress of intents from the Studio; the warehouse's group the ingress of
  // intents to the warehouse and the egress of intents from it.
  const intentRef = (list: readonly string[], at: string, ref: string, both: boolean) =>
    list.forEach((n, i) => {
      const intent = own(intents, n);
      if (!intent)
        p.add(
          `${at}[${i}]`,
          n,
          "is not an intent",
          referenceFix("intents", "intents", n, Object.keys(intents)),
        );
      else if (intent.from !== ref && !(both && intent.to === ref))
        p.add(
          `${at}[${i}]`,
          n,
          both
            ? `neither starts nor ends at ${ref}, so none of its rules belong to this group`
            : `starts at ${JSON.stringify(intent.from)}, not at ${ref}, so its egress does not belong to this group`,
          both ? `list only intents from or to ${ref}` : `list only intents from ${ref}`,
        );
    });
  if (studioOk) intentRef(studio.intents, "ml.studio.intents", studioRef, false);
  duplicates(studio.intents, "ml.studio.intents", "intent", p);
  if (warehouseOk) intentRef(warehouse.intents, "ml.warehouse.intents", warehouseRef, true);
  duplicates(warehouse.intents, "ml.warehouse.intents", "intent", p);
  const covers = (n: string, port: number) =>
    own(intents, n)?.ports.some((x) => (typeof x === "number" ? x === port : x.from <= port && port <= x.to));
  const onPort = (n: string) => covers(n, warehouse.port);
  const toWarehouse = (n: string) => own(intents, n)?.to === warehouseRef;
  warehouse.intents.forEach((n, i) => {
    if (toWarehouse(n) && !onPort(n))
      p.add(
        `ml.warehouse.intents[${i}]`,
        n,
        `does not include the warehouse port ${warehouse.port}`,
        `add ${warehouse.port} to intents.${n}.ports`,
      );
  });
  // The cluster carries only the warehouse's own security group, so an intent to the warehouse's port that the
  // list leaves out would be proved by the checker and then dropped by that group at the cluster's interfaces.
  if (warehouseOk)
    Object.entries(intents).forEach(([n, intent]) => {
      if (intent.to === warehouseRef && onPort(n) && !warehouse.intents.includes(n))
        p.add(
          "ml.warehouse.intents",
          warehouse.intents,
          `leaves out intent ${n} (${intent.from} → ${warehouseRef} on ${warehouse.port}), so the cluster's security group would not admit it`,
          `add "${n}" to ml.warehouse.intents`,
        );
    });
  if (studioOk && warehouseOk && !studio.intents.some((n) => warehouse.intents.includes(n) && onPort(n)))
    p.add(
      "ml.warehouse.intents",
      warehouse.intents,
      `has no intent from the Studio (${studioRef}) to the warehouse (${warehouseRef}) on ${warehouse.port} that ml.studio.intents lists too`,
      `declare intents.<name> = { from: "${studioRef}", to: "${warehouseRef}", ports: [${warehouse.port}] } and list it in both`,
    );
  // Enhanced VPC routing sends COPY/UNLOAD through the cluster's interfaces and its group (Redshift management
  // guide, "Enhanced VPC routing"); the module refuses a cluster whose group cannot reach S3 on 443.
  if (
    warehouseOk &&
    warehouse.cluster?.enhancedVpcRouting !== false &&
    warehouse.cluster &&
    !warehouse.intents.some((n) => own(intents, n)?.from === warehouseRef && covers(n, 443))
  )
    p.add(
      "ml.warehouse.intents",
      warehouse.intents,
      `has no intent from the warehouse (${warehouseRef}) on 443, but cluster.enhancedVpcRouting sends COPY and UNLOAD through its security group`,
      `declare intents.<name> = { from: "${warehouseRef}", to: { endpoint: "${warehouse.vpc}/s3" }, ports: [443] } and list it here, or set ml.warehouse.cluster.enhancedVpcRouting false`,
    );
  if (warehouse.port < 1115 || warehouse.port > 65535 || !Number.isInteger(warehouse.port))
    p.add(
      "ml.warehouse.port",
      warehouse.port,
      "is not a port Redshift accepts",
      "use 1115-65535 (default 5439)",
    );

  checkChain(cfg, p);
}

/** The execution role → producer role → Redshift chain of the config's redshiftAccess entry. */
function checkChain(cfg: EnvironmentConfig, p: Problems): void {
  const { studio, warehouse } = cfg.ml!;
  const entries = cfg.identity?.redshiftAccess ?? {};
  const r = own(entries, studio.redshiftAccess);
  if (!r) {
    p.add(
      "ml.studio.redshiftAccess",
      studio.redshiftAccess,
      "is not an identity.redshiftAccess entry, so no producer role trusts the execution role",
      referenceFix("entries", "identity.redshiftAccess", studio.redshiftAccess, Object.keys(entries)),
    );
    return;
  }
  const at = `identity.redshiftAccess.${studio.redshiftAccess}`;
  const vpcRegion = (v: string) => own(cfg.network.vpcs, v)?.region;
  // Unknown accounts, a consumer in the producer's account and a malformed identifier are reported by the
  // identity checks at the same paths; comparing them again would report one mistake twice.
  const known = (a: string) => hasOwn(cfg.accounts, a);
  if (
    known(r.consumerAccount) &&
    r.consumerAccount !== r.producerAccount &&
    r.consumerAccount !== studio.account
  )
    p.add(
      `${at}.consumerAccount`,
      r.consumerAccount,
      `is not the Studio domain's account ${studio.account}, whose execution role is the consumer role`,
      `set it to "${studio.account}"`,
    );
  if (
    known(r.producerAccount) &&
    r.consumerAccount !== r.producerAccount &&
    r.producerAccount !== warehouse.account
  )
    p.add(
      `${at}.producerAccount`,
      r.producerAccount,
      `is not the warehouse's account ${warehouse.account}`,
      `set it to "${warehouse.account}"`,
    );
  if (vpcRegion(warehouse.vpc) && r.region !== vpcRegion(warehouse.vpc))
    p.add(
      `${at}.region`,
      r.region,
      `is not the warehouse's region ${vpcRegion(warehouse.vpc)}: the producer role's dbuser ARNs would name another cluster`,
      `set it to "${vpcRegion(warehouse.vpc)}"`,
    );
  const c = warehouse.cluster;
  if (!c) return;
  if (/^[a-z](-?[a-z0-9])*$/.test(r.clusterIdentifier) && c.identifier !== r.clusterIdentifier)
    p.add(
      "ml.warehouse.cluster.identifier",
      c.identifier,
      `is not ${at}.clusterIdentifier (${r.clusterIdentifier}), so the producer role grants another cluster`,
      "use one identifier in both places",
    );
  if (!r.databases.includes(c.databaseName))
    p.add(
      "ml.warehouse.cluster.databaseName",
      c.databaseName,
      `is not in ${at}.databases (${r.databases.join(", ")}), so nobody could get credentials for it`,
      `add "${c.databaseName}" to ${at}.databases`,
    );
  if (c.enhancedVpcRouting) {
    const e = own(cfg.network.vpcs, warehouse.vpc)?.endpoints;
    if (!e?.gateway.includes("s3") || !e.routeTiers.includes(warehouse.subnetTier))
      p.add(
        "ml.warehouse.cluster.enhancedVpcRouting",
        true,
        `routes COPY/UNLOAD through VPC ${warehouse.vpc}, which has no S3 gateway endpoint on ${warehouse.subnetTier} (and no NAT), so they would fail (Redshift management guide, "Enhanced VPC routing")`,
        `add "s3" to network.vpcs.${warehouse.vpc}.endpoints.gateway with "${warehouse.subnetTier}" in routeTiers, or set enhancedVpcRouting: false`,
      );
  }
  if (!/^[A-Za-z]\w{0,127}$/.test(c.masterUsername))
    p.add(
      "ml.warehouse.cluster.masterUsername",
      c.masterUsername,
      "is not a Redshift user name (1-128 letters, digits or '_', starting with a letter)",
      'use e.g. "dbadmin"',
    );
  if (!Number.isInteger(c.numberOfNodes) || c.numberOfNodes < 1 || c.numberOfNodes > 128)
    p.add(
      "ml.warehouse.cluster.numberOfNodes",
      c.numberOfNodes,
      "is not 1-128",
      "give a whole number of nodes",
    );
  if (
    !Number.isInteger(c.automatedSnapshotRetentionDays) ||
    c.automatedSnapshotRetentionDays < 1 ||
    c.automatedSnapshotRetentionDays > 35
  )
    p.add(
      "ml.warehouse.cluster.automatedSnapshotRetentionDays",
      c.automatedSnapshotRetentionDays,
      "is not 1-35",
      "keep 1-35 days of automated snapshots",
    );
}
