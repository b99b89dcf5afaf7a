import { afterEach, describe, expect, it, vi } from "vitest";
import { AccessTokens } from "./access-tokens.js";

const auth = {
  jwtSecret: "a secret of the test, long enough for HS256",
  jwtSecretGenerated: false,
  issuer: "rusty-saas",
  audience: "rusty-saas-api",
  accessTokenTtlSeconds: 60,
  refreshTokenTtlDays: 30,
  refreshTokenReuseGraceSeconds: 10,
};
const claims = {
  userId: "7c1a4c8e-6f55-4a57-9d3c-2b1f0e1d9a10",
  organizationId: "0b9f5f7e-3c0d-4f0e-8a43-5f7d0c2e6b21",
};

describe("access tokens: verified tokens are remembered, never past their expiry", () => {
  afterEach(() => vi.useRealTimers());

  it("answers a token verified before from memory until it expires, then refuses it", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const tokens = new AccessTokens(auth);
    const token = await tokens.issue(claims);
    expect(await tokens.verify(token)).toEqual(claims);
    expect(await tokens.verify(token)).toEqual(claims);
    vi.setSystemTime(Date.now() + 61_000);
    await expect(tokens.verify(token)).rejects.toMatchObject({ code: "unauthenticated" });
  });

  it("does not accept a token that differs from a remembered one", async () => {
    const tokens = new AccessTokens(auth);
    const token = await tokens.issue(claims);
    await tokens.verify(token);
    const [header, payload, signature] = token.split(".") as [string, string, string];
    const forged = `${header}.${payload}.${signature.slice(0, -2)}${signature.endsWith("AA") ? "BB" : "AA"}`;
    await expect(tokens.verify(forged)).rejects.toMatchObject({ code: "unauthenticated" });
    const other = await new AccessTokens({ ...auth, jwtSecret: "another secret, long enough for HS256 too" }).issue(
      claims,
    );
    await expect(tokens.verify(other)).rejects.toMatchObject({ code: "unauthenticated" });
  });
});
