// Runs a stack's program against the test harness's mocks and renders its plan; shared by the command and the
// snapshot test so both see the same text.
import { runStack } from "../../test/infra/harness/stack-harness.js";
import { renderPlan } from "./plan-renderer.js";

export async function renderStackPlan(stack: string): Promise<string> {
  const run = await runStack({ configStack: stack });
  return renderPlan({
    title: `Plan: ${stack} (mocked run of infra/index.ts with Pulumi.${stack}.yaml; secrets redacted)`,
    resources: run.resources,
    outputs: run.outputs,
  });
}
