/**
 * The cross-stack contract, fast (no Terraform): every output a consumer stack reads from its producer's
 * remote state exists in the producer and has a type the consumer's argument takes. The terraform tier
 * proves the same against Terraform itself (renamed/retyped/invalid outputs fail the apply tier).
 */
import { ENVIRONMENTS } from "../../config/environments";
import { contractProblems, ContractStack, remoteReads } from "../helpers/contract";
import { synthEnvironment } from "../helpers/synth";
import { stacksOf } from "../../stacks";

function contractOf(name: string): Record<string, ContractStack> {
  const s = synthEnvironment(name);
  return Object.fromEntries(
    stacksOf(s.stacks).map((st) => [st.node.id, { stack: st, json: s.json[st.node.id] }]),
  );
}

const envs = Object.fromEntries(Object.keys(ENVIRONMENTS).map((n) => [n, contractOf(n)]));

describe("cross-stack contract", () => {
  test.each(Object.keys(envs))(
    "%s: every remote output read exists in its producer with a compatible type",
    (name) => {
      const reads = remoteReads(envs[name]);
      // ingest (subnets, VPC ids, NAT Elastic IPs), analytics (VPC, subnets) and ml (VPCs, subnets, prefix
      // lists) read the network stack; identity follows ml for deploy order only.
      expect(new Set(reads.map((r) => `${r.consumer} <- ${r.producer}`))).toEqual(
        new Set([
          `${name}-ingest <- ${name}-network`,
          `${name}-analytics <- ${name}-network`,
          `${name}-ml <- ${name}-network`,
        ]),
      );
      expect(reads.map((r) => r.expects)).toContain("string");
      expect(contractProblems(envs[name])).toEqual([]);
    },
  );

  const dev = () => envs.dev;
  const withOutputs = (edit: (outputs: Record<string, any>) => void) => {
    const c = dev();
    const json = structuredClone(c["dev-network"].json);
    edit(json.output);
    return { ...c, "dev-network": { ...c["dev-network"], json } };
  };
  const readByAnalytics = () => remoteReads(dev()).find((r) => r.consumer === "dev-analytics")!.output;

  test("fails when a producer output a consumer reads is renamed", () => {
    const name = readByAnalytics();
    const broken = withOutputs((o) => {
      o[`${name}-renamed`] = o[name];
      delete o[name];
    });
    expect(contractProblems(broken)).toContainEqual(
      expect.stringMatching(new RegExp(`reads output ${name}, which dev-network does not have`)),
    );
  });

  test("fails when a producer output changes type (a map where the consumer takes a string)", () => {
    const read = remoteReads(dev()).find((r) => r.at.includes("subnet_ids"))!;
    expect(read.expects).toBe("string");
    const broken = withOutputs((o) => {
      o[read.output].value = o[read.output].value.replace(/\.id\}$/, ".tags_all}");
    });
    expect(contractProblems(broken)).toContainEqual(
      `dev-analytics ${read.at} takes a string, but dev-network output ${read.output} is a map`,
    );
  });
});
