// Runs a stack's program against the test harness's mocks and renders its plan; shared by the command and the
// snapshot test so both see the same text.
import { runStack, type StackRun } from "../../test/infra/harness/stack-harness.js";
import { renderPlan } from "./plan-renderer.js";

/** The plan text of a stack; pass an existing recorded run to avoid running the program again. */
export async function renderStackPlan(stack: string, recorded?: StackRun): Promise<string> {
  const run = recorded ?? (await runStack({ configStack: stack }));
  return renderPlan({
    title: `Plan: ${stack} (mocked run of infra/index.ts with Pulumi.${stack}.yaml; secrets redacted)`,
    resources: run.resources,
    // A secret output (a generated password on the docker target) is named, never shown.
    outputs: Object.fromEntries(
      Object.entries(run.outputs).map(([name, value]) => [name, run.secretOutputs.includes(name) ? "[secret]" : value]),
    ),
  });
}
