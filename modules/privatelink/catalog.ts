/**
 * Typed catalog of the AWS services this project reaches through VPC endpoints, and how each one's
 * endpoint service name is built for a region.
 *
 * Most services follow `com.amazonaws.<region>.<suffix>`. Exceptions:
 * - SageMaker notebook instances: `aws.sagemaker.<region>.notebook`
 *   (https://docs.aws.amazon.com/sagemaker/latest/dg/notebook-interface-endpoint.html)
 * - SageMaker Studio: `aws.sagemaker.<region>.studio`
 *   (https://docs.aws.amazon.com/sagemaker/latest/dg/studio-interface-endpoint.html)
 *
 * Regional availability is not encoded: AWS publishes it per service and it changes; an endpoint for a
 * service missing in a region fails at apply time with InvalidServiceName.
 */

interface ServiceEntry {
  /** What the endpoint serves, for docs and error messages. */
  readonly description: string;
  /** Builds the endpoint service name for a region. */
  readonly serviceName: (region: string) => string;
}

const standard = (suffix: string, description: string): ServiceEntry => ({
  description,
  serviceName: (region) => `com.amazonaws.${region}.${suffix}`,
});

const sagemakerConsole = (suffix: string, description: string): ServiceEntry => ({
  description,
  serviceName: (region) => `aws.sagemaker.${region}.${suffix}`,
});

/** Services reachable through interface endpoints, keyed by the name used in props/config. */
export const INTERFACE_ENDPOINT_SERVICES = {
  sts: standard("sts", "AWS STS"),
  "ecr-api": standard("ecr.api", "Amazon ECR API"),
  "ecr-dkr": standard("ecr.dkr", "Amazon ECR Docker registry"),
  elasticloadbalancing: standard("elasticloadbalancing", "Elastic Load Balancing API"),
  autoscaling: standard("autoscaling", "Amazon EC2 Auto Scaling"),
  ec2: standard("ec2", "Amazon EC2 API"),
  "sagemaker-api": standard("sagemaker.api", "SageMaker API"),
  "sagemaker-runtime": standard("sagemaker.runtime", "SageMaker Runtime"),
  "sagemaker-notebook": sagemakerConsole("notebook", "SageMaker notebook instances"),
  "sagemaker-studio": sagemakerConsole("studio", "SageMaker Studio"),
  glue: standard("glue", "AWS Glue"),
  secretsmanager: standard("secretsmanager", "AWS Secrets Manager"),
  kms: standard("kms", "AWS KMS"),
  logs: standard("logs", "CloudWatch Logs"),
  monitoring: standard("monitoring", "CloudWatch metrics"),
  ssm: standard("ssm", "Systems Manager"),
  ssmmessages: standard("ssmmessages", "Systems Manager Session Manager"),
  ec2messages: standard("ec2messages", "Systems Manager agent messages"),
  athena: standard("athena", "Amazon Athena"),
  "redshift-data": standard("redshift-data", "Redshift Data API"),
  // The management API, where redshift:GetClusterCredentials is served.
  redshift: standard("redshift", "Amazon Redshift API"),
  elasticmapreduce: standard("elasticmapreduce", "Amazon EMR"),
  sqs: standard("sqs", "Amazon SQS"),
  sns: standard("sns", "Amazon SNS"),
} as const satisfies Record<string, ServiceEntry>;

/** Services reachable through gateway endpoints (only these two exist). */
export const GATEWAY_ENDPOINT_SERVICES = {
  s3: standard("s3", "Amazon S3"),
  dynamodb: standard("dynamodb", "Amazon DynamoDB"),
} as const satisfies Record<string, ServiceEntry>;

export type InterfaceServiceKey = keyof typeof INTERFACE_ENDPOINT_SERVICES;
export type GatewayServiceKey = keyof typeof GATEWAY_ENDPOINT_SERVICES;
export type EndpointServiceKey = InterfaceServiceKey | GatewayServiceKey;

export const INTERFACE_SERVICE_KEYS = Object.keys(INTERFACE_ENDPOINT_SERVICES) as InterfaceServiceKey[];
export const GATEWAY_SERVICE_KEYS = Object.keys(GATEWAY_ENDPOINT_SERVICES) as GatewayServiceKey[];

/** The interface endpoints a data platform VPC usually needs (R-NET-4), besides the S3 gateway endpoint. */
export const STANDARD_INTERFACE_SERVICES: readonly InterfaceServiceKey[] = [
  "sts",
  "ecr-api",
  "ecr-dkr",
  "elasticloadbalancing",
  "autoscaling",
];

export function isInterfaceServiceKey(key: string): key is InterfaceServiceKey {
  return Object.prototype.hasOwnProperty.call(INTERFACE_ENDPOINT_SERVICES, key);
}

export function isGatewayServiceKey(key: string): key is GatewayServiceKey {
  return Object.prototype.hasOwnProperty.call(GATEWAY_ENDPOINT_SERVICES, key);
}

/** Endpoint service name of an interface service in a region, e.g. `com.amazonaws.eu-west-1.ecr.dkr`. */
export function interfaceServiceName(key: InterfaceServiceKey, region: string): string {
  return INTERFACE_ENDPOINT_SERVICES[key].serviceName(region);
}

/** Endpoint service name of a gateway service in a region, e.g. `com.amazonaws.eu-west-1.s3`. */
export function gatewayServiceName(key: GatewayServiceKey, region: string): string {
  return GATEWAY_ENDPOINT_SERVICES[key].serviceName(region);
}
