/**
 * Facts about AWS that config validation needs, kept as data.
 * Regions: the commercial regions enabled for new accounts or opt-in, as listed in the AWS General Reference
 * ("AWS service endpoints" → Regional endpoints). GovCloud/China partitions are out of scope for this project.
 */
export const AWS_REGIONS = [
  "us-east-1",
  "us-east-2",
  "us-west-1",
  "us-west-2",
  "af-south-1",
  "ap-east-1",
  "ap-east-2",
  "ap-south-1",
  "ap-south-2",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-southeast-3",
  "ap-southeast-4",
  "ap-southeast-5",
  "ap-southeast-7",
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-northeast-3",
  "ca-central-1",
  "ca-west-1",
  "eu-central-1",
  "eu-central-2",
  "eu-west-1",
  "eu-west-2",
  "eu-west-3",
  "eu-south-1",
  "eu-south-2",
  "eu-north-1",
  "il-central-1",
  "me-south-1",
  "me-central-1",
  "mx-central-1",
  "sa-east-1",
] as const;

export type AwsRegion = (typeof AWS_REGIONS)[number];

export function isAwsRegion(value: string): value is AwsRegion {
  return (AWS_REGIONS as readonly string[]).includes(value);
}

/**
 * Availability Zone names that exist, per region. AWS publishes AZ IDs per region
 * (https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-availability-zones.html: "The code for
 * an Availability Zone is its Region code followed by a letter identifier"), not which letters an account
 * sees, so these are the letters `aws ec2 describe-availability-zones` returns for current accounts. In the
 * oldest regions letters map to different physical zones per account, and us-west-1 accounts see only two of
 * a/b/c (EC2: "Subnets can currently only be created in the following availability zones: us-west-1b,
 * us-west-1a", coreos/coreos-kubernetes#442); ap-northeast-1 has no "b" for current accounts
 * (aws-cloudformation/aws-cloudformation-templates#220).
 *
 * To add a region: run `aws ec2 describe-availability-zones --region <region> --query
 * "AvailabilityZones[?ZoneType=='availability-zone'].ZoneName"` with an account of the organization and add
 * the letters here.
 */
export const AZ_CATALOG: Readonly<Partial<Record<AwsRegion, string>>> = {
  "us-east-1": "abcdef",
  "us-east-2": "abc",
  "us-west-1": "abc",
  "us-west-2": "abcd",
  "eu-west-1": "abc",
  "eu-west-2": "abc",
  "eu-central-1": "abc",
  "ap-southeast-1": "abc",
  "ap-southeast-2": "abc",
  "ap-northeast-1": "acd",
};

/** Why `az` is not a usable AZ of `region` (undefined when it is). Local/Wavelength zones are not supported. */
export function azProblem(az: string, region: AwsRegion): { problem: string; fix: string } | undefined {
  const letters = AZ_CATALOG[region];
  const known = letters ? [...letters].map((l) => `${region}${l}`) : [];
  if (!az.startsWith(region) || !/^[a-z]$/.test(az.slice(region.length)))
    return {
      problem: `is not an availability zone of ${region}`,
      fix: letters ? `use one of ${known.join(", ")}` : `use an AZ of ${region}, e.g. ${region}a`,
    };
  if (!letters)
    return {
      problem: `is in ${region}, which has no entry in the AZ catalog (config/aws.ts AZ_CATALOG) yet`,
      fix: `add ${region} to AZ_CATALOG with the zone letters \`aws ec2 describe-availability-zones --region ${region}\` lists`,
    };
  if (!known.includes(az))
    return {
      problem: `does not exist: ${region} has ${known.join(", ")}`,
      fix: `use one of ${known.join(", ")} (AZ_CATALOG in config/aws.ts lists the zones of each region)`,
    };
  return undefined;
}

/**
 * IPv4 ranges a VPC must not use: special-purpose blocks of the IANA registry (RFC 6890) that are not
 * routable unicast: "this network" 0.0.0.0/8, loopback 127.0.0.0/8, link-local 169.254.0.0/16 (where the
 * instance metadata service and the Amazon DNS alias live), multicast 224.0.0.0/4 and reserved 240.0.0.0/4.
 * AWS recommends RFC 1918 ranges and also allows 100.64.0.0/10 and public ranges
 * (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html).
 */
export const NON_VPC_RANGES: ReadonlyArray<readonly [string, string]> = [
  ["0.0.0.0/8", "“this network” (RFC 6890)"],
  ["127.0.0.0/8", "loopback (RFC 6890)"],
  ["169.254.0.0/16", "link-local, used by the instance metadata service (RFC 3927)"],
  ["224.0.0.0/4", "multicast (RFC 5771)"],
  ["240.0.0.0/4", "reserved for future use (RFC 1112)"],
];

/**
 * A name an existing general purpose bucket can have (https://docs.aws.amazon.com/AmazonS3/latest/userguide/
 * bucketnamingrules.html): "between 3 (min) and 63 (max) characters", "only of lowercase letters, numbers,
 * periods (.), and hyphens (-)", "begin and end with a letter or number", "must not contain two adjacent
 * periods", "must not be formatted as an IP address (for example, 192.168.5.4)". Buckets this project
 * creates follow the stricter module rule (no dots, reserved affixes: modules/appflow-bigquery/rules.ts).
 */
export function isExistingBucketName(name: string): boolean {
  return (
    /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name) &&
    !name.includes("..") &&
    !/^\d{1,3}(\.\d{1,3}){3}$/.test(name)
  );
}
