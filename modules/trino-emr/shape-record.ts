import { Construct } from "constructs";
import { TerraformResource } from "cdktf";

/**
 * A `terraform_data` resource holding `triggers_replace` (Terraform's built-in resource; a change of the value
 * replaces it, and so whatever names it in `replace_triggered_by`).
 *
 * Not cdktf's `DataResource`: that class adds a validation that runs `terraform version` at every synth (one
 * process per instance, ~50 ms each) and fails synth where no Terraform is installed; the platform's
 * Terraform version is checked where Terraform runs (npm test's preflight, README prerequisites: >= 1.5,
 * which has terraform_data since 1.4).
 */
export class ShapeRecord extends TerraformResource {
  constructor(
    scope: Construct,
    id: string,
    private readonly triggersReplace: Readonly<Record<string, string>>,
  ) {
    super(scope, id, {
      terraformResourceType: "terraform_data",
      terraformGeneratorMetadata: { providerName: "terraform" },
    });
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    return { triggers_replace: { ...this.triggersReplace } };
  }

  protected override synthesizeHclAttributes(): Record<string, unknown> {
    return this.synthesizeAttributes();
  }
}
