import { Testing } from "cdktf";
// Brings the matchers' type declarations (toHaveResourceWithProperties, ...) into scope for tsc.
import type {} from "cdktf/lib/testing/adapters/jest";

// Registers the cdktf matchers (toHaveResource, toHaveResourceWithProperties, toBeValidTerraform, ...).
Testing.setupJest();
