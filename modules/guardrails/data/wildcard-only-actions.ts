/**
 * IAM actions that support no resource-level permissions: the Service Authorization Reference lists no
 * resource type for them, and "If there is no value for this column, you must specify all resources ("*")
 * to which the policy applies in the Resource element of your policy statement." (the note above every
 * service's actions table, e.g. https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonredshiftdataapi.html).
 * For these exact actions `Resource: "*"` is the only valid scope, so the IAM rules allow it there and
 * nowhere else (scope them with the action's condition keys instead, e.g. redshift-data's
 * `redshift-data:statement-owner-iam-userid`).
 *
 * Kept as data, per service, with the reference page each list was read from. Extend it from the
 * reference's "Actions defined by …" table (rows whose "Resource types" column is empty); a glob such as
 * `ec2:Describe*` is never exempt, because it also matches actions that do take a resource.
 */
export interface WildcardOnlyActions {
  /** IAM service prefix, e.g. `redshift-data`. */
  readonly service: string;
  /** The service's page of the Service Authorization Reference. */
  readonly reference: string;
  /** Action names without the prefix, as the reference spells them. */
  readonly actions: readonly string[];
}

const REF = "https://docs.aws.amazon.com/service-authorization/latest/reference";

export const WILDCARD_ONLY_ACTIONS: readonly WildcardOnlyActions[] = [
  {
    service: "appflow",
    reference: `${REF}/list_amazonappflow.html`,
    actions: ["CreateFlow", "DescribeConnectors"],
  },
  {
    service: "athena",
    reference: `${REF}/list_amazonathena.html`,
    actions: ["ListDataCatalogs", "ListWorkGroups"],
  },
  {
    service: "ec2",
    reference: `${REF}/list_amazonec2.html`,
    actions: [
      "DescribeInstances",
      "DescribeNetworkInterfaces",
      "DescribeRouteTables",
      "DescribeSecurityGroups",
      "DescribeSubnets",
      "DescribeVpcEndpoints",
      "DescribeVpcs",
    ],
  },
  {
    // Every image-pulling role calls it on "*" before it pulls from a (scoped) repository.
    service: "ecr",
    reference: `${REF}/list_amazonelasticcontainerregistry.html`,
    actions: ["GetAuthorizationToken"],
  },
  {
    service: "elasticmapreduce",
    reference: `${REF}/list_amazonelasticmapreduce.html`,
    actions: ["CreateSecurityConfiguration", "DescribeSecurityConfiguration", "ListClusters", "RunJobFlow"],
  },
  {
    service: "fis",
    reference: `${REF}/list_awsfaultinjectionservice.html`,
    actions: ["ListActions", "ListExperimentTemplates", "ListExperiments"],
  },
  {
    service: "glue",
    reference: `${REF}/list_awsglue.html`,
    actions: ["GetSecurityConfiguration"],
  },
  {
    service: "iam",
    reference: `${REF}/list_awsidentityandaccessmanagementiam.html`,
    actions: ["ListRoles"],
  },
  {
    service: "kms",
    reference: `${REF}/list_awskeymanagementservice.html`,
    actions: ["CreateKey", "ListAliases", "ListKeys"],
  },
  {
    service: "logs",
    reference: `${REF}/list_amazoncloudwatchlogs.html`,
    actions: ["DescribeLogGroups"],
  },
  {
    service: "redshift-data",
    reference: `${REF}/list_amazonredshiftdataapi.html`,
    actions: ["CancelStatement", "DescribeStatement", "GetStatementResult", "ListStatements"],
  },
  {
    service: "redshift-serverless",
    reference: `${REF}/list_amazonredshiftserverless.html`,
    actions: ["ListWorkgroups"],
  },
  {
    service: "rolesanywhere",
    reference: `${REF}/list_awsidentityandaccessmanagementrolesanywhere.html`,
    actions: ["CreateProfile", "CreateTrustAnchor", "ListTrustAnchors"],
  },
  {
    service: "s3",
    reference: `${REF}/list_amazons3.html`,
    actions: ["ListAllMyBuckets"],
  },
  {
    service: "sagemaker",
    reference: `${REF}/list_amazonsagemaker.html`,
    actions: ["ListEndpoints", "ListModels", "Search"],
  },
  {
    service: "secretsmanager",
    reference: `${REF}/list_awssecretsmanager.html`,
    actions: ["BatchGetSecretValue", "GetRandomPassword", "ListSecrets"],
  },
  {
    service: "sts",
    reference: `${REF}/list_awssecuritytokenservice.html`,
    actions: ["GetCallerIdentity"],
  },
];

const LOWERCASE = new Set(
  WILDCARD_ONLY_ACTIONS.flatMap((s) => s.actions.map((a) => `${s.service}:${a}`.toLowerCase())),
);

/**
 * True when `pattern` is exactly one action that supports no resource-level permission (IAM action
 * names are case-insensitive). Globs are never exempt.
 */
export function isWildcardOnlyAction(pattern: string): boolean {
  return !/[*?]/.test(pattern) && LOWERCASE.has(pattern.toLowerCase());
}
