import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { VpcEndpointService } from "@cdktf/provider-aws/lib/vpc-endpoint-service";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import {
  checkLiteralStrings,
  checkArn,
  checkCidr,
  checkUnique,
  ensure,
  isKnown,
  PolicyDocument,
  policyJson,
} from "../core";
import {
  EndpointServiceKey,
  GATEWAY_SERVICE_KEYS,
  GatewayServiceKey,
  gatewayServiceName,
  INTERFACE_SERVICE_KEYS,
  InterfaceServiceKey,
  interfaceServiceName,
  isGatewayServiceKey,
  isInterfaceServiceKey,
} from "./catalog";

/** Expose one of our own NLB-backed services to other VPCs/accounts as a VPC endpoint service. */
export interface EndpointServiceProps {
  /** ARNs of the Network Load Balancers in front of the service. */
  readonly networkLoadBalancerArns: readonly string[];
  /**
   * Each connection request must be accepted by us; turning it off lets any allowed principal connect at once.
   * @default true
   */
  readonly acceptanceRequired?: boolean;
  /** IAM principals (account root or role ARNs) allowed to discover and connect. @default [] - nobody */
  readonly allowedPrincipals?: readonly string[];
  /** Private DNS name for consumers (needs domain verification). @default - none */
  readonly privateDnsName?: string;
}

export interface PrivateLinkEndpointsProps {
  /** Name prefix for tags and the security group, e.g. `ml-consumer`. */
  readonly name: string;
  readonly vpcId: string;
  /** The VPC's CIDR: always allowed to reach the interface endpoints on 443. */
  readonly vpcCidr: string;
  /** Region of the VPC (builds the endpoint service names), e.g. `eu-west-1`. */
  readonly region: string;
  /** CIDRs of connected networks (peered VPCs, TGW spokes, on-premises) also allowed on 443. @default [] */
  readonly allowedCidrs?: readonly string[];
  /** AZ → subnet id for interface endpoints (one subnet per AZ). @default {} - required when `interface` is set */
  readonly subnetIds?: Readonly<Record<string, string>>;
  /** Route tables for gateway endpoints, keyed by name. @default {} - required when `gateway` is set */
  readonly routeTableIds?: Readonly<Record<string, string>>;
  /** Gateway endpoints (S3, DynamoDB only). @default [] */
  readonly gateway?: readonly GatewayServiceKey[];
  /** Interface endpoints, from {@link INTERFACE_ENDPOINT_SERVICES}. @default [] */
  readonly interface?: readonly InterfaceServiceKey[];
  /** Endpoint policies keyed by service key. @default {} - the AWS default policy (full access through the endpoint) */
  readonly policies?: Readonly<Partial<Record<EndpointServiceKey, PolicyDocument>>>;
  /**
   * Allow interface endpoints in a single AZ (dev only: an AZ outage then cuts every AWS API call).
   * @default false
   */
  readonly allowSingleAz?: boolean;
  /** @default - no endpoint service */
  readonly endpointService?: EndpointServiceProps;
  /** Extra tags on every resource. @default {} */
  readonly tags?: Readonly<Record<string, string>>;
  /** @default - the scope's default AWS provider */
  readonly provider?: TerraformProvider;
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

/**
 * Gateway and interface VPC endpoints for the AWS services a VPC uses privately, with one security group
 * admitting HTTPS from the VPC and connected networks, and optionally an endpoint service of our own (R-NET-4).
 */
export class PrivateLinkEndpoints extends Construct {
  /** Endpoint ids keyed by service key (gateway and interface). */
  public readonly endpointIds: Readonly<Partial<Record<EndpointServiceKey, string>>>;
  /** The endpoints themselves, keyed by service key. */
  public readonly endpoints: Readonly<Partial<Record<EndpointServiceKey, VpcEndpoint>>>;
  /** Security group of the interface endpoints (undefined when there are none). */
  public readonly securityGroupId?: string;
  /** Service name consumers use for our endpoint service (when `endpointService` is set). */
  public readonly endpointServiceName?: string;
  public readonly endpointServiceId?: string;

  constructor(scope: Construct, id: string, props: PrivateLinkEndpointsProps) {
    super(scope, id);
    // Literal strings first: a `${…}`/`%{…}` from any caller must never reach the JSON as a live expression.
    checkLiteralStrings(this, props);
    const provider = props.provider;
    const tags = props.tags ?? {};
    const allowedCidrs = props.allowedCidrs ?? [];
    const subnetIds = props.subnetIds ?? {};
    const routeTableIds = props.routeTableIds ?? {};
    const gateway = props.gateway ?? [];
    const iface = props.interface ?? [];
    const policies = props.policies ?? {};
    const allowSingleAz = props.allowSingleAz ?? false;

    this.validate(props, { allowedCidrs, subnetIds, routeTableIds, gateway, iface, policies, allowSingleAz });

    const name = (suffix: string) => ({ ...tags, Name: `${props.name}-${suffix}` });
    const policyOf = (key: EndpointServiceKey) => {
      const doc = policies[key];
      return doc ? policyJson(doc) : undefined;
    };

    const endpoints: Partial<Record<EndpointServiceKey, VpcEndpoint>> = {};
    const endpointIds: Partial<Record<EndpointServiceKey, string>> = {};

    for (const key of gateway) {
      const ep = new VpcEndpoint(this, `gateway-${key}`, {
        provider,
        vpcId: props.vpcId,
        vpcEndpointType: "Gateway",
        serviceName: gatewayServiceName(key, props.region),
        routeTableIds: Object.values(routeTableIds),
        policy: policyOf(key),
        tags: name(key),
      });
      endpoints[key] = ep;
      endpointIds[key] = ep.id;
    }

    if (iface.length > 0) {
      const sg = new SecurityGroup(this, "endpoints-sg", {
        provider,
        name: `${props.name}-vpc-endpoints`,
        description: "HTTPS from the VPC and connected networks to interface VPC endpoints",
        vpcId: props.vpcId,
        // No egress rules: endpoint ENIs only answer (SGs are stateful) and never open connections.
        tags: name("vpc-endpoints"),
      });
      this.securityGroupId = sg.id;
      for (const cidr of [props.vpcCidr, ...allowedCidrs]) {
        new VpcSecurityGroupIngressRule(this, `https-from-${cidr.replace(/[./]/g, "-")}`, {
          provider,
          securityGroupId: sg.id,
          ipProtocol: "tcp",
          fromPort: 443,
          toPort: 443,
          cidrIpv4: cidr,
          description: cidr === props.vpcCidr ? "HTTPS from the VPC" : "HTTPS from a connected network",
          tags: name(`https-${cidr}`),
        });
      }
      // One subnet per AZ, in AZ order so the plan is stable.
      const subnets = Object.keys(subnetIds)
        .sort()
        .map((az) => subnetIds[az]);
      for (const key of iface) {
        const ep = new VpcEndpoint(this, `interface-${key}`, {
          provider,
          vpcId: props.vpcId,
          vpcEndpointType: "Interface",
          serviceName: interfaceServiceName(key, props.region),
          subnetIds: subnets,
          securityGroupIds: [sg.id],
          // Clients keep using the public service hostnames, which then resolve to the endpoint.
          privateDnsEnabled: true,
          policy: policyOf(key),
          tags: name(key),
        });
        endpoints[key] = ep;
        endpointIds[key] = ep.id;
      }
    }
    this.endpoints = endpoints;
    this.endpointIds = endpointIds;

    const es = props.endpointService;
    if (es) {
      const svc = new VpcEndpointService(this, "endpoint-service", {
        provider,
        networkLoadBalancerArns: [...es.networkLoadBalancerArns],
        acceptanceRequired: es.acceptanceRequired ?? true,
        allowedPrincipals: [...(es.allowedPrincipals ?? [])],
        privateDnsName: es.privateDnsName,
        tags: name("endpoint-service"),
      });
      this.endpointServiceName = svc.serviceName;
      this.endpointServiceId = svc.id;
    }
  }

  private validate(
    props: PrivateLinkEndpointsProps,
    d: {
      allowedCidrs: readonly string[];
      subnetIds: Readonly<Record<string, string>>;
      routeTableIds: Readonly<Record<string, string>>;
      gateway: readonly string[];
      iface: readonly string[];
      policies: Readonly<Record<string, PolicyDocument | undefined>>;
      allowSingleAz: boolean;
    },
  ): void {
    ensure(
      isKnown(props.name) && /^[a-zA-Z0-9][a-zA-Z0-9-]{0,62}$/.test(props.name),
      this,
      "name",
      props.name,
      "must be 1-63 letters, digits or hyphens",
      'use a short kebab-case name, e.g. "ml-consumer"',
    );
    ensure(
      !isKnown(props.region) || (REGION.test(props.region) && !props.region.startsWith("cn-")),
      this,
      "region",
      props.region,
      "must be an AWS region name outside the China partition (its endpoint service names follow other rules)",
      'use e.g. "eu-west-1"',
    );
    checkCidr(this, "vpcCidr", props.vpcCidr);
    d.allowedCidrs.forEach((c, i) => checkCidr(this, `allowedCidrs[${i}]`, c));
    checkUnique(this, "allowedCidrs", [props.vpcCidr, ...d.allowedCidrs]);

    for (const key of d.gateway) {
      ensure(
        isGatewayServiceKey(key),
        this,
        "gateway",
        key,
        `gateway endpoints exist only for ${GATEWAY_SERVICE_KEYS.join(", ")}`,
        isInterfaceServiceKey(key) ? `move "${key}" to interface` : "remove it or use an interface endpoint",
      );
    }
    checkUnique(this, "gateway", d.gateway);
    for (const key of d.iface) {
      ensure(
        isInterfaceServiceKey(key),
        this,
        "interface",
        key,
        `is not in the interface endpoint catalog (${INTERFACE_SERVICE_KEYS.join(", ")})`,
        isGatewayServiceKey(key) ? `move "${key}" to gateway` : "use a catalog key or extend the catalog",
      );
    }
    checkUnique(this, "interface", d.iface);

    if (d.gateway.length > 0) {
      ensure(
        Object.keys(d.routeTableIds).length > 0,
        this,
        "routeTableIds",
        d.routeTableIds,
        "gateway endpoints need at least one route table",
        "pass the route tables whose subnets use the gateway endpoint",
      );
    }
    if (d.iface.length > 0) {
      const azCount = Object.keys(d.subnetIds).length;
      ensure(
        azCount > 0,
        this,
        "subnetIds",
        d.subnetIds,
        "interface endpoints need subnets",
        "pass one subnet per AZ",
      );
      ensure(
        azCount >= 2 || d.allowSingleAz,
        this,
        "subnetIds",
        d.subnetIds,
        "interface endpoints in one AZ fail with that AZ",
        "give subnets in at least two AZs, or set allowSingleAz: true (dev only)",
      );
      checkUnique(this, "subnetIds", Object.values(d.subnetIds));
    }

    const requested = new Set<string>([...d.gateway, ...d.iface]);
    for (const key of Object.keys(d.policies)) {
      ensure(
        requested.has(key),
        this,
        `policies.${key}`,
        key,
        "is a policy for an endpoint that is not requested",
        "remove the policy or add the endpoint to gateway/interface",
      );
    }

    const es = props.endpointService;
    if (es) {
      ensure(
        es.networkLoadBalancerArns.length > 0,
        this,
        "endpointService.networkLoadBalancerArns",
        es.networkLoadBalancerArns,
        "must not be empty",
        "give the ARN of the NLB in front of the service",
      );
      es.networkLoadBalancerArns.forEach((arn, i) => {
        checkArn(this, `endpointService.networkLoadBalancerArns[${i}]`, arn, "elasticloadbalancing");
        ensure(
          !isKnown(arn) || arn.includes(":loadbalancer/net/"),
          this,
          `endpointService.networkLoadBalancerArns[${i}]`,
          arn,
          "must be a Network Load Balancer ARN (…:loadbalancer/net/…)",
          "front the service with an NLB and pass its ARN",
        );
      });
      (es.allowedPrincipals ?? []).forEach((p, i) => {
        checkArn(this, `endpointService.allowedPrincipals[${i}]`, p, "iam");
        ensure(
          !isKnown(p) || !p.includes("*"),
          this,
          `endpointService.allowedPrincipals[${i}]`,
          p,
          "must name a principal, not a wildcard",
          "list the account root or role ARNs allowed to connect",
        );
      });
    }
  }
}
