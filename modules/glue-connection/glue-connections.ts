import { GlueConnection } from "@cdktf/provider-aws/lib/glue-connection";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import * as ipaddr from "ipaddr.js";
import {
  checkLiteralStrings,
  PolicyStatement,
  acceptWarning,
  checkAccountId,
  checkArn,
  checkIntRange,
  checkOneOf,
  checkUnique,
  ensure,
  isKnown,
  policyDocument,
  policyJson,
  serviceTrustPolicy,
} from "../core";
import { JDBC_URL_FORMS, ParsedJdbcUrl, parseJdbcUrl, sslDisablingParams } from "./jdbc-url";

/** A Glue-dedicated subnet (created by the network layer, routed 0.0.0.0/0 through a NAT gateway). */
export interface GlueConnectionSubnet {
  /** Subnet id, `subnet-...`. */
  readonly subnetId: string;
  /** The subnet's availability zone name, e.g. `us-east-1a`. */
  readonly availabilityZone: string;
}

/** The JDBC data store every AZ's JDBC connection points at. */
export interface GlueJdbcTargetProps {
  /**
   * JDBC URL, e.g. `jdbc:redshift://host:5439/dev` or `jdbc:postgresql://host:5432/db`
   * (also `jdbc:sqlserver://host:1433;databaseName=db` and `jdbc:oracle:thin://@host:1521/service`).
   * Must not switch TLS off (`sslmode=disable`, `ssl=false`, ...) while `enforceSsl` is on.
   */
  readonly url: string;
  /**
   * Full ARN (including the 6-character suffix) of the Secrets Manager secret that holds the
   * credentials as JSON keys `username` and `password`. Credentials never appear as literals.
   */
  readonly secretArn: string;
  /**
   * Value of the connection's `SECRET_ID` property.
   * @default - the secret name parsed from `secretArn` (what the Glue console stores); `secretArn` itself when it is a token
   */
  readonly secretId?: string;
  /**
   * Customer managed KMS key the secret is encrypted with; the role then gets `kms:Decrypt` on it,
   * only through Secrets Manager (`kms:ViaService`).
   * @default - none: the secret uses the AWS managed key `aws/secretsmanager`, which needs no grant
   */
  readonly secretKmsKeyArn?: string;
  /**
   * Sets `JDBC_ENFORCE_SSL` so Glue refuses a connection that is not TLS. Turn off only for a store
   * that cannot speak TLS.
   * @default true
   */
  readonly enforceSsl?: boolean;
}

/** An S3 location Glue jobs may read (scripts, reference data). */
export interface GlueS3ReadLocation {
  readonly bucketName: string;
  /**
   * Key prefix, e.g. `scripts/` (no leading `/`, no wildcards).
   * @default "" - the whole bucket
   */
  readonly prefix?: string;
}

/** The data store's side: ingress rules created in ITS account/region (R-GLUE-1). */
export interface GlueDataStoreAccessProps {
  /** Provider for the data store's account and region. */
  readonly provider: TerraformProvider;
  /** The data store's security group, `sg-...`, that receives one rule per NAT Elastic IP. */
  readonly securityGroupId: string;
  /**
   * TCP port the store listens on.
   * @default - the port in `jdbc.url`
   */
  readonly port?: number;
}

export interface GlueCrossRegionConnectionsProps {
  /**
   * Name prefix for the connections (`<name>-network-<az>`, `<name>-jdbc-<az>`), the security group
   * and the role (`<name>-glue-<region>`): lowercase letters, digits and hyphens, at most 40 characters.
   */
  readonly name: string;
  /** The Glue VPC, `vpc-...`. */
  readonly vpcId: string;
  /** Region of the Glue VPC, e.g. `us-east-1`. */
  readonly region: string;
  /** Account that owns the Glue VPC and the Glue role (pinned as `aws:SourceAccount` in the trust policy). */
  readonly accountId: string;
  /**
   * AWS partition, for ARNs.
   * @default "aws"
   */
  readonly partition?: string;
  /** Glue-dedicated subnets keyed by AZ; one NETWORK (and JDBC) connection is created per entry. */
  readonly glueSubnets: Readonly<Record<string, GlueConnectionSubnet>>;
  /**
   * Public IPs (Elastic IPs, literal or tokens) of the NAT gateways the Glue subnets egress through,
   * keyed by the NAT gateway's AZ. Each becomes a `/32` rule on the data store. Required with `dataStore`.
   * @default {}
   */
  readonly natPublicIps?: Readonly<Record<string, string>>;
  /**
   * The JDBC data store.
   * @default - NETWORK connections only (jobs bring their own driver and credentials)
   */
  readonly jdbc?: GlueJdbcTargetProps;
  /**
   * S3 locations the Glue role may read (GetObject under the prefix, ListBucket limited to it).
   * @default [] - nothing beyond the managed AWSGlueServiceRole policy (buckets named aws-glue-*)
   */
  readonly s3ReadLocations?: readonly GlueS3ReadLocation[];
  /**
   * Allow-list the NAT Elastic IPs on the data store's security group, with the store's provider.
   * @default - nothing is created on the data store's side
   */
  readonly dataStore?: GlueDataStoreAccessProps;
  /**
   * Provider for the Glue account/region (security group, connections, role).
   * @default - the stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
  /**
   * Tags for every resource this module creates (on top of the providers' default tags).
   * @default {}
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/** The two Glue connection types this module creates. */
export type GlueConnectionKind = "network" | "jdbc";

const PARTITIONS = ["aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b"] as const;
// Addresses that cannot be a NAT gateway's Elastic IP as seen by a remote store.
const NON_PUBLIC_RANGES = [
  "private",
  "loopback",
  "linkLocal",
  "unspecified",
  "multicast",
  "broadcast",
  "carrierGradeNat",
];
const NAME_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;
const KEY_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?$/;
const REGION_PATTERN = /^[a-z]{2}(?:-[a-z]+)+-\d$/;
const SECRET_ARN_SUFFIX = /:secret:(.+)-[A-Za-z0-9]{6}$/;
const BUCKET_PATTERN = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/**
 * Why the Glue security group keeps all-protocol egress (the accepted PP-SG-003 warning): Glue's ENIs reach
 * S3, Secrets Manager, the Glue and KMS APIs and the data store in another region through the NAT gateway
 * (R-GLUE-1/2), and AWS's VPC setup for Glue gives the connection's group all outbound traffic ("Setting up
 * network access to data stores", https://docs.aws.amazon.com/glue/latest/dg/setup-vpc-for-glue-access.html).
 */
export const GLUE_EGRESS_REASON =
  "Glue ENIs reach S3, Secrets Manager, Glue/KMS APIs and the remote data store through the NAT gateway (R-GLUE-1/2); AWS's Glue VPC setup gives the connection's group all outbound traffic";

/**
 * AWS Glue connections that reach a data store in another region and/or account through the Glue
 * VPC's NAT gateways (R-GLUE-1..3): the Glue ENI security group, one NETWORK (and optionally one JDBC)
 * connection per AZ, the Glue service role, and the data store's allow-list of the NAT Elastic IPs.
 */
export class GlueCrossRegionConnections extends Construct {
  /** Security group attached to Glue's ENIs. */
  public readonly securityGroupId: string;
  /** Connection names by type, then by AZ key (`jdbc` is empty without a JDBC target). */
  public readonly connectionNames: Readonly<Record<GlueConnectionKind, Readonly<Record<string, string>>>>;
  /** Connection ARNs, same shape as {@link connectionNames}. */
  public readonly connectionArns: Readonly<Record<GlueConnectionKind, Readonly<Record<string, string>>>>;
  /** The Glue service role jobs and crawlers run as. */
  public readonly roleArn: string;
  public readonly roleName: string;
  /** Ids of the data store's ingress rules (`sgr-...`), keyed by NAT AZ (empty without `dataStore`). */
  public readonly dataStoreIngressRuleIds: Readonly<Record<string, string>>;
  /** The data store port that was allow-listed (undefined without `dataStore`). */
  public readonly dataStorePort?: number;

  constructor(scope: Construct, id: string, props: GlueCrossRegionConnectionsProps) {
    super(scope, id);
    // Literal strings first: a `${…}`/`%{…}` from any caller must never reach the JSON as a live expression.
    checkLiteralStrings(this, props);
    const partition = props.partition ?? "aws";
    const natPublicIps = props.natPublicIps ?? {};
    const s3ReadLocations = props.s3ReadLocations ?? [];
    const tags = props.tags ?? {};
    const provider = props.provider;
    const enforceSsl = props.jdbc?.enforceSsl ?? true;

    this.validateBasics(props, partition);
    const azKeys = Object.keys(props.glueSubnets);
    const jdbcUrl = props.jdbc ? this.validateJdbc(props.jdbc, enforceSsl) : undefined;
    this.validateS3(s3ReadLocations);
    const port = props.dataStore ? this.validateDataStore(props.dataStore, natPublicIps, jdbcUrl) : undefined;

    // Glue requires a self-referencing rule: the job's own ENIs (driver and executors) talk to each other.
    const sg = new SecurityGroup(this, "security-group", {
      provider,
      name: `${props.name}-glue-eni`,
      description: `Glue connection ENIs for ${props.name}`,
      vpcId: props.vpcId,
      tags: { ...tags, Name: `${props.name}-glue-eni` },
    });
    // Standalone rule resources instead of inline ingress/egress blocks: inline blocks make the SG
    // own its complete rule set, so any rule added elsewhere (another module, an operator) is removed
    // on the next apply, and every change rewrites the whole set. Standalone rules are one resource
    // per rule with their own id, description and tags, and the provider docs advise against mixing the two.
    new VpcSecurityGroupIngressRule(this, "self-ingress", {
      provider,
      securityGroupId: sg.id,
      referencedSecurityGroupId: sg.id,
      ipProtocol: "-1",
      description: "All traffic between Glue ENIs (required by Glue)",
      tags: { ...tags, Name: `${props.name}-glue-self` },
    });
    // Glue reaches S3, Secrets Manager, CloudWatch and the remote store through the NAT gateway.
    const egress = new VpcSecurityGroupEgressRule(this, "all-egress", {
      provider,
      securityGroupId: sg.id,
      cidrIpv4: "0.0.0.0/0",
      ipProtocol: "-1",
      description: "All outbound; leaves the VPC through the NAT gateway",
      tags: { ...tags, Name: `${props.name}-glue-egress` },
    });
    acceptWarning(egress, "PP-SG-003", GLUE_EGRESS_REASON);
    this.securityGroupId = sg.id;

    const names: Record<GlueConnectionKind, Record<string, string>> = { network: {}, jdbc: {} };
    const arns: Record<GlueConnectionKind, Record<string, string>> = { network: {}, jdbc: {} };
    for (const az of azKeys) {
      const subnet = props.glueSubnets[az];
      const placement = {
        subnetId: subnet.subnetId,
        availabilityZone: subnet.availabilityZone,
        securityGroupIdList: [sg.id],
      };
      const network = new GlueConnection(this, `network-${az}`, {
        provider,
        name: `${props.name}-network-${az}`,
        description: `VPC reachability for Glue jobs in ${subnet.availabilityZone}`,
        connectionType: "NETWORK",
        physicalConnectionRequirements: placement,
        tags,
      });
      names.network[az] = network.name;
      arns.network[az] = network.arn;

      if (props.jdbc) {
        const jdbc = new GlueConnection(this, `jdbc-${az}`, {
          provider,
          name: `${props.name}-jdbc-${az}`,
          description: `JDBC from ${subnet.availabilityZone}, credentials from Secrets Manager`,
          connectionType: "JDBC",
          connectionProperties: {
            JDBC_CONNECTION_URL: props.jdbc.url,
            SECRET_ID: props.jdbc.secretId ?? secretIdFromArn(props.jdbc.secretArn),
            JDBC_ENFORCE_SSL: enforceSsl ? "true" : "false",
          },
          physicalConnectionRequirements: placement,
          tags,
        });
        names.jdbc[az] = jdbc.name;
        arns.jdbc[az] = jdbc.arn;
      }
    }
    this.connectionNames = names;
    this.connectionArns = arns;

    const role = new IamRole(this, "role", {
      provider,
      name: `${props.name}-glue-${props.region}`,
      description: `Glue jobs and crawlers using the ${props.name} connections`,
      assumeRolePolicy: policyJson(serviceTrustPolicy("glue.amazonaws.com", props.accountId)),
      tags,
    });
    new IamRolePolicyAttachment(this, "service-role-policy", {
      provider,
      role: role.name,
      // Covers what every Glue job needs: ENI management in the VPC, CloudWatch logs/metrics,
      // the Data Catalog, and S3 buckets named aws-glue-*.
      policyArn: `arn:${partition}:iam::aws:policy/service-role/AWSGlueServiceRole`,
    });
    const statements = this.inlineStatements(props, partition, s3ReadLocations);
    if (statements.length > 0) {
      new IamRolePolicy(this, "access-policy", {
        provider,
        role: role.id,
        name: "least-privilege-access",
        policy: policyJson(policyDocument(...statements)),
      });
    }
    this.roleArn = role.arn;
    this.roleName = role.name;

    const ruleIds: Record<string, string> = {};
    if (props.dataStore && port !== undefined) {
      for (const [az, ip] of Object.entries(natPublicIps)) {
        const rule = new VpcSecurityGroupIngressRule(this, `data-store-ingress-${az}`, {
          provider: props.dataStore.provider,
          securityGroupId: props.dataStore.securityGroupId,
          cidrIpv4: `${ip}/32`,
          ipProtocol: "tcp",
          fromPort: port,
          toPort: port,
          description: `Glue ${props.name} via NAT ${az} in ${props.accountId} ${props.region}`,
          tags: { ...tags, Name: `${props.name}-glue-nat-${az}` },
        });
        ruleIds[az] = rule.securityGroupRuleId;
      }
    }
    this.dataStoreIngressRuleIds = ruleIds;
    this.dataStorePort = port;
  }

  /**
   * Connection names to give a job, `primaryAz` first and the other AZs after it in declaration order.
   * A job uses only its first connection, so failing over during an AZ outage is re-running this with
   * another AZ and updating the job's connection list.
   */
  public connectionOrder(kind: GlueConnectionKind, primaryAz: string): string[] {
    const byAz = this.connectionNames[kind];
    ensure(
      primaryAz in byAz,
      this,
      "primaryAz",
      primaryAz,
      `has no ${kind} connection (known: ${Object.keys(byAz).join(", ") || "none"})`,
      kind === "jdbc" && Object.keys(byAz).length === 0
        ? "configure jdbc to get JDBC connections"
        : "use one of the AZ keys of glueSubnets",
    );
    return [
      byAz[primaryAz],
      ...Object.entries(byAz)
        .filter(([az]) => az !== primaryAz)
        .map(([, n]) => n),
    ];
  }

  private validateBasics(props: GlueCrossRegionConnectionsProps, partition: string): void {
    if (isKnown(props.name)) {
      ensure(
        NAME_PATTERN.test(props.name) && !props.name.startsWith("sg-"),
        this,
        "name",
        props.name,
        "must be 1-40 lowercase letters, digits or hyphens, not starting with sg- or a hyphen",
        'use a short kebab-case name such as "warehouse"',
      );
    }
    if (isKnown(props.vpcId)) {
      ensure(
        /^vpc-[0-9a-f]+$/.test(props.vpcId),
        this,
        "vpcId",
        props.vpcId,
        "must be a VPC id",
        "pass the Glue VPC's id (vpc-...)",
      );
    }
    if (isKnown(props.region)) {
      ensure(
        REGION_PATTERN.test(props.region),
        this,
        "region",
        props.region,
        "must be an AWS region name",
        'use a region such as "us-east-1"',
      );
    }
    checkAccountId(this, "accountId", props.accountId);
    checkOneOf(this, "partition", partition, PARTITIONS);

    const keys = Object.keys(props.glueSubnets);
    ensure(
      keys.length > 0,
      this,
      "glueSubnets",
      props.glueSubnets,
      "must hold at least one AZ",
      'pass the Glue-dedicated subnet of each AZ, e.g. { "us-east-1a": { subnetId, availabilityZone } }',
    );
    for (const az of keys) {
      const { subnetId, availabilityZone } = props.glueSubnets[az];
      ensure(
        KEY_PATTERN.test(az),
        this,
        `glueSubnets.${az}`,
        az,
        "AZ keys name resources and connections: lowercase letters, digits and hyphens, at most 32",
        'key the subnets by AZ name, e.g. "us-east-1a"',
      );
      if (isKnown(subnetId)) {
        ensure(
          /^subnet-[0-9a-f]+$/.test(subnetId),
          this,
          `glueSubnets.${az}.subnetId`,
          subnetId,
          "must be a subnet id",
          "pass the Glue subnet's id (subnet-...)",
        );
      }
      if (isKnown(availabilityZone) && isKnown(props.region)) {
        ensure(
          availabilityZone.startsWith(props.region) && availabilityZone.length > props.region.length,
          this,
          `glueSubnets.${az}.availabilityZone`,
          availabilityZone,
          `must be an AZ of ${props.region}: a Glue connection lives in the Glue VPC's region`,
          `use the subnet's AZ name, e.g. "${props.region}a"`,
        );
      }
    }
    checkUnique(
      this,
      "glueSubnets[*].subnetId",
      keys.map((az) => props.glueSubnets[az].subnetId),
    );
    checkUnique(
      this,
      "glueSubnets[*].availabilityZone",
      keys.map((az) => props.glueSubnets[az].availabilityZone),
    );
  }

  private validateJdbc(jdbc: GlueJdbcTargetProps, enforceSsl: boolean): ParsedJdbcUrl | undefined {
    checkArn(this, "jdbc.secretArn", jdbc.secretArn, "secretsmanager");
    if (isKnown(jdbc.secretArn)) {
      ensure(
        SECRET_ARN_SUFFIX.test(jdbc.secretArn),
        this,
        "jdbc.secretArn",
        jdbc.secretArn,
        "must be the secret's full ARN (IAM matches the 6-character suffix Secrets Manager appends)",
        "copy the ARN from the secret (arn:aws:secretsmanager:<region>:<account>:secret:<name>-AbCdEf)",
      );
    }
    if (jdbc.secretKmsKeyArn !== undefined) {
      checkArn(this, "jdbc.secretKmsKeyArn", jdbc.secretKmsKeyArn, "kms");
      if (isKnown(jdbc.secretKmsKeyArn)) {
        ensure(
          /:key\/[A-Za-z0-9-]+$/.test(jdbc.secretKmsKeyArn),
          this,
          "jdbc.secretKmsKeyArn",
          jdbc.secretKmsKeyArn,
          "must be a key ARN (IAM authorizes kms:Decrypt against the key, not an alias)",
          "use arn:<partition>:kms:<region>:<account>:key/<key-id>",
        );
      }
    }
    if (!isKnown(jdbc.url)) return undefined;
    const parsed = parseJdbcUrl(jdbc.url);
    ensure(
      parsed !== undefined,
      this,
      "jdbc.url",
      jdbc.url,
      `must be a JDBC URL of the form jdbc:<engine>://host:port/db (${JDBC_URL_FORMS.join(", ")})`,
      "write the scheme, host, port and database explicitly, e.g. jdbc:redshift://example.abc123.us-west-2.redshift.amazonaws.com:5439/dev",
    );
    const url = parsed as ParsedJdbcUrl;
    checkIntRange(this, "jdbc.url (port)", url.port, 1, 65535);
    const off = sslDisablingParams(url);
    ensure(
      !enforceSsl || off.length === 0,
      this,
      "jdbc.url",
      jdbc.url,
      `disables TLS (${off.join(", ")}) while the connection enforces SSL`,
      `remove ${off.join(", ")} from the URL (Glue negotiates TLS itself); only for a store without TLS set jdbc.enforceSsl to false`,
    );
    return url;
  }

  private validateS3(locations: readonly GlueS3ReadLocation[]): void {
    locations.forEach((loc) => {
      const where = `s3ReadLocations[${loc.bucketName}]`;
      if (isKnown(loc.bucketName)) {
        ensure(
          BUCKET_PATTERN.test(loc.bucketName),
          this,
          `${where}.bucketName`,
          loc.bucketName,
          "must be an S3 bucket name (3-63 lowercase letters, digits, dots, hyphens), not an ARN or URL",
          'pass the bare bucket name, e.g. "my-glue-scripts"',
        );
      }
      const prefix = loc.prefix ?? "";
      if (isKnown(prefix)) {
        ensure(
          !prefix.startsWith("/") && !/[*?]/.test(prefix),
          this,
          `${where}.prefix`,
          prefix,
          "must be a plain key prefix without a leading / or wildcards",
          'write it like "scripts/"; the module appends the wildcard',
        );
      }
    });
    checkUnique(
      this,
      "s3ReadLocations",
      locations.map((l) => `${l.bucketName}/${l.prefix ?? ""}`),
    );
  }

  private validateDataStore(
    store: GlueDataStoreAccessProps,
    natPublicIps: Readonly<Record<string, string>>,
    jdbcUrl: ParsedJdbcUrl | undefined,
  ): number {
    if (isKnown(store.securityGroupId)) {
      ensure(
        /^sg-[0-9a-f]{8,17}$/.test(store.securityGroupId),
        this,
        "dataStore.securityGroupId",
        store.securityGroupId,
        "must be a security group id",
        "pass the data store's security group id (sg- followed by 8 or 17 hex digits), not its name",
      );
    }
    const entries = Object.entries(natPublicIps);
    ensure(
      entries.length > 0,
      this,
      "natPublicIps",
      natPublicIps,
      "must hold at least one NAT Elastic IP when dataStore is set",
      "pass the public IPs of the NAT gateways the Glue subnets route through, keyed by AZ",
    );
    for (const [az, ip] of entries) {
      ensure(
        KEY_PATTERN.test(az),
        this,
        `natPublicIps.${az}`,
        az,
        "keys name the data store rules: lowercase letters, digits and hyphens, at most 32",
        'key the IPs by the NAT gateway\'s AZ, e.g. "us-east-1a"',
      );
      if (!isKnown(ip)) continue;
      const valid = ipaddr.IPv4.isValidFourPartDecimal(ip);
      ensure(
        valid,
        this,
        `natPublicIps.${az}`,
        ip,
        "must be an IPv4 address (the rule becomes <ip>/32)",
        'pass the Elastic IP\'s public_ip, e.g. "52.1.2.3", without a /32 suffix',
      );
      const range = ipaddr.IPv4.parse(ip).range();
      ensure(
        !NON_PUBLIC_RANGES.includes(range),
        this,
        `natPublicIps.${az}`,
        ip,
        `is a ${range} address; the remote store sees the NAT gateway's public Elastic IP`,
        "pass the NAT gateway's Elastic IP (public_ip), not its private IP",
      );
    }
    checkUnique(this, "natPublicIps", Object.values(natPublicIps));

    const port = store.port ?? jdbcUrl?.port;
    ensure(
      port !== undefined,
      this,
      "dataStore.port",
      store.port,
      "is needed: there is no known JDBC URL to take the port from",
      "set dataStore.port to the store's TCP port, e.g. 5439 for Redshift",
    );
    checkIntRange(this, "dataStore.port", port, 1, 65535);
    if (store.port !== undefined && jdbcUrl !== undefined && isKnown(store.port)) {
      ensure(
        store.port === jdbcUrl.port,
        this,
        "dataStore.port",
        store.port,
        `differs from the port ${jdbcUrl.port} in jdbc.url, so the allow-list would open the wrong port`,
        `set dataStore.port to ${jdbcUrl.port} or omit it`,
      );
    }
    return port as number;
  }

  private inlineStatements(
    props: GlueCrossRegionConnectionsProps,
    partition: string,
    locations: readonly GlueS3ReadLocation[],
  ): PolicyStatement[] {
    const statements: PolicyStatement[] = [];
    if (props.jdbc) {
      statements.push({
        Sid: "ReadJdbcSecret",
        Effect: "Allow",
        Action: "secretsmanager:GetSecretValue",
        Resource: props.jdbc.secretArn,
      });
      if (props.jdbc.secretKmsKeyArn !== undefined) {
        statements.push({
          Sid: "DecryptJdbcSecret",
          Effect: "Allow",
          Action: "kms:Decrypt",
          Resource: props.jdbc.secretKmsKeyArn,
          // Only when Secrets Manager decrypts on Glue's behalf, never direct use of the key.
          Condition: {
            StringEquals: {
              "kms:ViaService": `secretsmanager.${secretRegion(props.jdbc.secretArn, props.region)}.amazonaws.com`,
            },
          },
        });
      }
    }
    if (locations.length > 0) {
      statements.push({
        Sid: "ReadObjects",
        Effect: "Allow",
        Action: "s3:GetObject",
        Resource: locations.map((l) => `arn:${partition}:s3:::${l.bucketName}/${l.prefix ?? ""}*`),
      });
      // GetBucketLocation has no s3:prefix key, so it cannot share the prefix-conditioned statement.
      statements.push({
        Sid: "LocateBuckets",
        Effect: "Allow",
        Action: "s3:GetBucketLocation",
        Resource: [...new Set(locations.map((l) => `arn:${partition}:s3:::${l.bucketName}`))],
      });
      locations.forEach((l, i) => {
        const prefix = l.prefix ?? "";
        statements.push({
          Sid: `ListBucket${i}`,
          Effect: "Allow",
          Action: "s3:ListBucket",
          Resource: `arn:${partition}:s3:::${l.bucketName}`,
          ...(prefix ? { Condition: { StringLike: { "s3:prefix": [prefix, `${prefix}*`] } } } : {}),
        });
      });
    }
    return statements;
  }
}

/** The secret's name (the ARN minus Secrets Manager's random suffix), or the ARN when it is a token. */
function secretIdFromArn(arn: string): string {
  if (!isKnown(arn)) return arn;
  const m = SECRET_ARN_SUFFIX.exec(arn);
  if (!m) throw new Error(`unreachable: secret ARN ${arn} was validated`);
  return m[1];
}

function secretRegion(secretArn: string, fallback: string): string {
  if (!isKnown(secretArn)) return fallback;
  return secretArn.split(":")[3] || fallback;
}
