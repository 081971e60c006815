// `npm run policy -- <cdktf.out | stacks dir | cdk.tf.json> [--json | --sarif]`: the policy pack over synthesized
// Terraform JSON (this app's `npm run synth` output or any other cdktf app's). The command is the package's
// (`multicloud-policy`), so another team runs the same code; see modules/guardrails/README.md.
import { runPolicyCli } from "@multicloud-platform/modules/guardrails";

process.exitCode = runPolicyCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  cwd: process.cwd(),
});
