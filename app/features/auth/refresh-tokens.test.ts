import { describe, expect, it } from "vitest";
import { hashToken, newRefreshToken, openSuccessor, sealSuccessor } from "./refresh-tokens.js";

describe("a used refresh token's sealed successor", () => {
  it("opens with the used token and nothing else", () => {
    const used = newRefreshToken();
    const successor = newRefreshToken().token;
    const sealed = sealSuccessor(used.token, successor);
    expect(openSuccessor(used.token, sealed)).toBe(successor);
    expect(openSuccessor(newRefreshToken().token, sealed)).toBeUndefined();
    // What the database stores of the used token is its hash; that does not open the seal either.
    expect(openSuccessor(hashToken(used.token).toString("hex"), sealed)).toBeUndefined();
    expect(sealed.includes(Buffer.from(successor))).toBe(false);
  });

  it("refuses a tampered seal", () => {
    const used = newRefreshToken().token;
    const sealed = sealSuccessor(used, newRefreshToken().token);
    sealed[sealed.length - 1] = (sealed[sealed.length - 1] ?? 0) ^ 1;
    expect(openSuccessor(used, sealed)).toBeUndefined();
    expect(openSuccessor(used, Buffer.alloc(3))).toBeUndefined();
  });
});
