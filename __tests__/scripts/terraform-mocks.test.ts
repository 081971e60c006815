/**
 * The synthetic producer state (scripts/terraform-mocks.ts) without Terraform: which outputs it can build
 * and which it refuses. The terraform tier runs it against the real provider schema.
 */
import {
  AttributeSchemas,
  resourceOverrides,
  StackJson,
  synthesizeOutputs,
} from "../../scripts/terraform-mocks";
import { TerraformSetupError } from "../../scripts/terraform-cli";

const schemas: AttributeSchemas = {
  resource: {
    aws_route53_zone: { zone_id: { type: "string", computed: true } },
    aws_eip: { public_ip: { type: "string", computed: true } },
    aws_subnet: {
      id: { type: "string", computed: true },
      arn: { type: "string", computed: true },
      tags_all: { type: ["map", "string"], computed: true },
    },
    aws_vpc: { id: { type: "string", computed: true } },
    aws_vpc_peering_connection_accepter: {
      id: { type: "string", computed: true },
      peer_owner_id: { type: "string", computed: true },
      vpc_id: { type: "string", computed: true },
      peer_vpc_id: { type: "string", computed: true },
      accept_status: { type: "string", computed: true },
      vpc_peering_connection_id: { type: "string", computed: false },
    },
  },
  data: {},
};

const producer = (output: StackJson["output"]): StackJson => ({
  provider: { aws: [{ region: "eu-west-1" }] },
  resource: { aws_route53_zone: { zone: {} }, aws_eip: { nat: {} }, aws_subnet: { a: {} } },
  output,
});

describe("synthesizeOutputs", () => {
  test("a cross-stack output (one reference) gets the attribute's type and a value shaped like AWS's", () => {
    const out = synthesizeOutputs("p", producer({ ip: { value: "${aws_eip.nat.public_ip}" } }), schemas);
    expect(out.ip).toEqual({
      value: expect.stringMatching(/^\d+\.\d+\.\d+\.\d+$/),
      type: "string",
      sensitive: false,
    });
  });

  test("an output for people embedding references is that string with each reference's value; a literal is itself", () => {
    const out = synthesizeOutputs(
      "p",
      producer({
        cmd: {
          value:
            "aws route53 associate-vpc-with-hosted-zone --hosted-zone-id ${aws_route53_zone.zone.zone_id} --vpc VPCId=vpc-1",
        },
        note: { value: "no references", sensitive: true },
        ips: { value: ["10.0.16.10", "10.0.32.10"] },
      }),
      schemas,
    );
    expect(out.cmd.type).toBe("string");
    expect(out.cmd.value).toMatch(
      /^aws route53 associate-vpc-with-hosted-zone --hosted-zone-id \S+ --vpc VPCId=vpc-1$/,
    );
    expect(out.cmd.value).not.toContain("${");
    expect(out.note).toEqual({ value: "no references", type: "string", sensitive: true });
    expect(out.ips).toEqual({
      value: ["10.0.16.10", "10.0.32.10"],
      type: ["tuple", ["string", "string"]],
      sensitive: false,
    });
  });

  test("fails when an output interpolates anything but string references (a function, a map, an unknown attribute)", () => {
    for (const value of [
      '${join(",", aws_subnet.a.*.id)}',
      "tags ${aws_subnet.a.tags_all}",
      "${aws_eip.nat.no_such_attribute}",
      ["${aws_eip.nat.public_ip}"],
      null,
    ])
      expect(() => synthesizeOutputs("p", producer({ x: { value } }), schemas)).toThrow(TerraformSetupError);
  });
});

describe("resourceOverrides", () => {
  const regionOf = () => "us-east-1";

  test("every resource gets its own id and ARN, so two subnets in one set of blocks stay two", () => {
    const stack: StackJson = { resource: { aws_subnet: { a: {}, b: {} } } };
    const byTarget = Object.fromEntries(
      resourceOverrides(stack, schemas, regionOf).map((o) => [o.target, o.values]),
    );
    expect(byTarget["aws_subnet.a"].id).toMatch(/^subnet-[0-9a-f]{17}$/);
    expect(byTarget["aws_subnet.a"].id).not.toBe(byTarget["aws_subnet.b"].id);
    expect(byTarget["aws_subnet.a"].arn).toMatch(/^arn:aws:subnet:us-east-1:123456789012:subnet\/subnet-/);
    expect(byTarget["aws_subnet.a"].arn).not.toBe(byTarget["aws_subnet.b"].arn);
  });

  test("the values a postcondition pins (a literal, another resource's attribute) are what the mock returns", () => {
    const condition =
      '${self.peer_owner_id == "555566667777" && self.vpc_id == aws_vpc.ours.id && self.peer_vpc_id == "vpc-1a2b3c4d" && length(self.accept_status) > 0}';
    const stack: StackJson = {
      resource: {
        aws_vpc: { ours: {} },
        aws_vpc_peering_connection_accepter: {
          partner: { vpc_peering_connection_id: "pcx-1", lifecycle: { postcondition: [{ condition }] } },
        },
      },
    };
    const byTarget = Object.fromEntries(
      resourceOverrides(stack, schemas, regionOf).map((o) => [o.target, o.values]),
    );
    expect(byTarget["aws_vpc_peering_connection_accepter.partner"]).toMatchObject({
      peer_owner_id: "555566667777",
      vpc_id: byTarget["aws_vpc.ours"].id,
      peer_vpc_id: "vpc-1a2b3c4d",
    });
    // A clause of another form, and an argument the provider does not compute, are left alone.
    expect(byTarget["aws_vpc_peering_connection_accepter.partner"].accept_status).toBeUndefined();
    expect(byTarget["aws_vpc_peering_connection_accepter.partner"].vpc_peering_connection_id).toBeUndefined();
  });
});
