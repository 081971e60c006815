import { blocks, dig, parseJsonArgument } from "../model";
import type { Rule, Violation } from "../types";

export const imdsV2Required: Rule = {
  id: "PP-EC2-001",
  level: "error",
  description:
    "Instances, launch templates and EMR security configurations require IMDSv2 (session tokens) or turn the metadata endpoint off.",
  mirrors: ["CKV_AWS_79"],
  fix: 'set metadata_options.http_tokens = "required" (EMR: MinimumInstanceMetadataServiceVersion 2)',
  check(stack) {
    const out: Violation[] = [];
    for (const r of stack.resources("aws_instance", "aws_launch_template", "aws_launch_configuration")) {
      const opts = blocks(r.body.metadata_options)[0];
      if (opts?.http_tokens === "required" || opts?.http_endpoint === "disabled") continue;
      out.push({
        address: r.address,
        problem: `metadata_options ${opts ? `has http_tokens = ${JSON.stringify(opts.http_tokens ?? "optional")}` : "is not set"}, so IMDSv1 answers unauthenticated requests and an SSRF bug can read the instance role's credentials`,
        fix: 'set metadata_options { http_tokens = "required", http_put_response_hop_limit = 1 } (or http_endpoint = "disabled")',
      });
    }
    // EMR sets IMDS on its instances through the security configuration ("Specify instance metadata service
    // settings", EMR management guide); an absent block leaves the release's default, which cannot be judged here.
    for (const conf of stack.resources("aws_emr_security_configuration")) {
      const imds = dig(parseJsonArgument(conf.body.configuration), "InstanceMetadataServiceConfiguration");
      if (imds === undefined) continue;
      const min = dig(imds, "MinimumInstanceMetadataServiceVersion");
      if (min !== 2 && min !== "2") {
        out.push({
          address: conf.address,
          problem: `InstanceMetadataServiceConfiguration.MinimumInstanceMetadataServiceVersion is ${JSON.stringify(min ?? "unset")}, so the cluster's instances answer IMDSv1`,
          fix: "set InstanceMetadataServiceConfiguration { MinimumInstanceMetadataServiceVersion: 2, HttpPutResponseHopLimit: 1 }",
        });
      }
    }
    return out;
  },
};

export const computeRules: readonly Rule[] = [imdsV2Required];
