import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createPasswordResolver } from "./password-source.js";

describe("createPasswordResolver", () => {
  it("re-reads a password file for every new connection, so a rotated password needs no restart", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "rusty-password-")), "password");
    writeFileSync(path, "first\n");
    const resolve = createPasswordResolver({ kind: "file", path });
    expect(await resolve()).toBe("first");
    writeFileSync(path, "rotated\n");
    expect(await resolve()).toBe("rotated");
  });

  it("returns a static password as given and an empty one when none is set", async () => {
    expect(await createPasswordResolver({ kind: "static", value: "s3cret" })()).toBe("s3cret");
    expect(await createPasswordResolver({ kind: "none" })()).toBe("");
  });
});
