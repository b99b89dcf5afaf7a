// The deploy saves its preview as a plan and `pulumi up --plan` refuses any input that differs from it. ECR's
// GetAuthorizationToken answers a new password on every call, so an image input derived from it differs between
// the preview and the up ("violates plan: properties changed: registries", pulumi/pulumi#17546). Here the program
// runs twice against mocks whose ECR answers differ, as preview and up would see it: the image's inputs must be
// identical, and nothing the program declares may come from that token (the workflow logs Docker in instead).
import { describe, expect, it } from "vitest";
import { imageBuilderName } from "../../infra/image/image-plan.js";
import { stackNames } from "./harness/recorded-stacks.js";
import { runStack } from "./harness/stack-harness.js";
import { one } from "./harness/stack-queries.js";

const image = "docker-build:index:Image";
const tokenInvoke = "aws:ecr/getAuthorizationToken:getAuthorizationToken";

describe.each(stackNames)("%s stack: the image's inputs are the same at preview and at up", (stack) => {
  it("declares identical image inputs whatever ECR's token is, and never asks ECR for one", async () => {
    const atPreview = await runStack({ configStack: stack, ecrPassword: "token-seen-by-preview" });
    const atUp = await runStack({ configStack: stack, ecrPassword: "token-seen-by-up" });
    const [before, after] = [one(atPreview, image), one(atUp, image)];
    expect(after.inputs).toEqual(before.inputs);
    expect(after.secretInputs).toEqual(before.secretInputs);
    // Not merely equal by luck: no input carries registry credentials, and the token is never fetched.
    expect(before.inputs.registries).toBeUndefined();
    expect(JSON.stringify(before.inputs)).not.toMatch(/token-seen-by|mock-registry-password/);
    expect([...atPreview.invokes, ...atUp.invokes].map((invoke) => invoke.token)).not.toContain(tokenInvoke);
    // Pushing the registry cache needs a docker-container builder, named here and created by the workflow.
    expect(before.inputs.builder).toEqual({ name: imageBuilderName });
    // Two whole program runs: seconds on a quiet machine, much longer on a loaded 2-core one.
  }, 120_000);
});
