import { describe, expect, it } from "vitest";
import { formatValue, renderPlan } from "./plan-renderer.js";

describe("plan renderer", () => {
  const component = {
    urn: "urn:c",
    type: "rusty-saas:x:X",
    name: "x",
    inputs: {},
    secretInputs: [],
    parentUrn: "",
    protect: false,
  };
  const child = (name: string, inputs: Record<string, unknown>, secretInputs: string[] = []) => ({
    urn: `urn:${name}`,
    type: "aws:t:T",
    name,
    inputs,
    secretInputs,
    parentUrn: "urn:c",
    protect: name === "b",
  });

  it("counts by type, groups by component, sorts, redacts secrets and hides tags", () => {
    const text = renderPlan({
      title: "T",
      resources: [
        child("b", { z: 1, a: "s3cr3t", tags: { A: "1" } }, ["a"]),
        component,
        child("a", { document: '{"x": 1}', policy: '{"Statement":[]}' }),
      ],
      outputs: { out: "v" },
    });
    expect(text).toContain("aws:t:T         2");
    expect(text.indexOf("### aws:t:T a")).toBeLessThan(text.indexOf("### aws:t:T b [protected]"));
    expect(text).toContain("  a: [secret]");
    expect(text).not.toContain("s3cr3t");
    expect(text).not.toContain("tags");
    expect(text).toContain('  document: {"x":1}');
    expect(text).toContain('  policy: \n    {\n      "Statement": []\n    }');
    expect(text.endsWith("## Outputs\n\nout: v\n")).toBe(true);
  });

  it("shortens very long values", () => {
    expect(formatValue("x".repeat(1000))).toMatch(/… \(1000 chars\)$/);
  });
});
