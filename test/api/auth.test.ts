// Signup, login, refresh rotation with reuse detection (and its grace for racing tabs), logout, access-token attacks and the auth limits.
import { createHash } from "node:crypto";
import { SignJWT, UnsecuredJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApi, type ApiUnderTest } from "../support/api-app.js";
import { signUp, testPassword, uniqueEmail, type Session } from "../support/api-world.js";
import { auditRowsFor, withOwnerConnection } from "../support/audit-trail.js";

const jwtSecret = "test-secret-that-is-long-enough-for-hs256-000";
let api: ApiUnderTest;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api?.app.stop());

describe("POST /auth/signup", () => {
  it("creates the account and its organization with the caller as owner, and audits both", async () => {
    const email = uniqueEmail("signup");
    const response = await api.client.post<{
      user: { id: string; email: string };
      organization: { id: string };
      role: string;
      accessToken: string;
      refreshToken: string;
      expiresIn: number;
    }>("/auth/signup", { email, password: testPassword, name: "Grace", organizationName: "Hopper Inc" });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ user: { email }, role: "owner", expiresIn: 900 });
    expect(response.body.refreshToken).toMatch(/^rt_/);
    expect(response.text).not.toContain("password");
    const audit = await auditRowsFor(response.headers.get("x-request-id") as string);
    expect(audit.map((row) => row.action)).toEqual(["organization.created", "user.signed_up"]);
    expect(audit[1]).toMatchObject({
      actor_id: response.body.user.id,
      organization_id: response.body.organization.id,
      target_id: response.body.user.id,
    });
    expect(audit[1]?.client_ip).toBeTruthy();
  });

  it("refuses an email already registered, whatever its case, with 409", async () => {
    const session = await signUp(api.client);
    const again = await api.client.post("/auth/signup", {
      email: session.email.toUpperCase(),
      password: testPassword,
      name: "X",
      organizationName: "Y",
    });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: "conflict" });
  });

  it("refuses invalid input and unknown fields with field-level details", async () => {
    const response = await api.client.post("/auth/signup", {
      email: `not-an-email-${Date.now()}`,
      password: "short",
      name: "",
      organizationName: "O",
      isAdmin: true,
    });
    expect(response.status).toBe(400);
    const fields = (response.body as { errors: { field: string }[] }).errors.map((error) => error.field);
    expect(fields).toEqual(expect.arrayContaining(["body.email", "body.password", "body.name", "body"]));
  });
});

describe("POST /auth/login", () => {
  let owner: Session;
  beforeAll(async () => {
    owner = await signUp(api.client);
  });

  it("signs in with the right password and audits it", async () => {
    const response = await api.client.post<{ accessToken: string; organization: { id: string } }>("/auth/login", {
      email: owner.email,
      password: testPassword,
    });
    expect(response.status).toBe(200);
    expect(response.body.organization.id).toBe(owner.organizationId);
    const audit = await auditRowsFor(response.headers.get("x-request-id") as string);
    expect(audit.map((row) => row.action)).toEqual(["user.logged_in"]);
  });

  it("answers a wrong password and an unknown email the same way, 401", async () => {
    const wrong = await api.client.post("/auth/login", { email: owner.email, password: "wrong password!!" });
    const unknown = await api.client.post("/auth/login", { email: uniqueEmail("nobody"), password: testPassword });
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect((wrong.body as { detail: string }).detail).toBe((unknown.body as { detail: string }).detail);
  });

  it("refuses an organization the account does not belong to", async () => {
    const other = await signUp(api.client);
    const response = await api.client.post("/auth/login", {
      email: owner.email,
      password: testPassword,
      organizationId: other.organizationId,
    });
    expect(response.status).toBe(401);
  });
});

function refreshWith(under: ApiUnderTest, refreshToken: string) {
  return under.client.post<{ refreshToken: string; accessToken: string }>("/auth/refresh", { refreshToken });
}

/** How many refresh tokens the token's family holds (a rotation adds one). */
async function familySize(refreshToken: string): Promise<number> {
  const hash = createHash("sha256").update(refreshToken).digest();
  const { rows } = await withOwnerConnection((client) =>
    client.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM refresh_tokens WHERE family_id = (SELECT family_id FROM refresh_tokens WHERE token_hash = $1)",
      [hash],
    ),
  );
  return rows[0]?.n ?? 0;
}

describe("POST /auth/refresh and /auth/logout", () => {
  it("rotates the refresh token on every use", async () => {
    const session = await signUp(api.client);
    const first = await api.client.post<{ refreshToken: string; accessToken: string }>("/auth/refresh", {
      refreshToken: session.refreshToken,
    });
    expect(first.status).toBe(200);
    expect(first.body.refreshToken).not.toBe(session.refreshToken);
    expect((await api.client.as(first.body.accessToken).get("/me")).status).toBe(200);
  });

  it("answers the same successor when a used token comes back within the grace (a second tab), family intact", async () => {
    const session = await signUp(api.client);
    const first = await refreshWith(api, session.refreshToken);
    const second = await refreshWith(api, session.refreshToken);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(second.body.refreshToken).toBe(first.body.refreshToken);
    expect((await api.client.as(second.body.accessToken).get("/me")).status).toBe(200);
    expect(await auditRowsFor(second.headers.get("x-request-id") as string)).toEqual([]);
    expect(await familySize(session.refreshToken)).toBe(2);
    // The successor both tabs now hold rotates normally: nobody was signed out.
    expect((await refreshWith(api, first.body.refreshToken)).status).toBe(200);
  });

  it("gives truly concurrent refreshes with one token the same successor, and stores one", async () => {
    const session = await signUp(api.client);
    const answers = await Promise.all(Array.from({ length: 4 }, () => refreshWith(api, session.refreshToken)));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200]);
    expect(new Set(answers.map((answer) => answer.body.refreshToken)).size).toBe(1);
    expect(await familySize(session.refreshToken)).toBe(2);
    for (const answer of answers) expect((await api.client.as(answer.body.accessToken).get("/me")).status).toBe(200);
    expect((await refreshWith(api, answers[0]?.body.refreshToken as string)).status).toBe(200);
  });

  it("refuses a used token within the grace once its family was signed out", async () => {
    const session = await signUp(api.client);
    const first = await refreshWith(api, session.refreshToken);
    expect((await api.client.post("/auth/logout", { refreshToken: first.body.refreshToken })).status).toBe(204);
    expect((await refreshWith(api, session.refreshToken)).status).toBe(401);
  });

  it("revokes the whole family when a used token comes back after the grace, and audits it", async () => {
    const shortGrace = await startApi({ REFRESH_TOKEN_REUSE_GRACE_SECONDS: "1" });
    try {
      const session = await signUp(shortGrace.client);
      const rotated = await refreshWith(shortGrace, session.refreshToken);
      expect(rotated.status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 2_200));
      const replay = await refreshWith(shortGrace, session.refreshToken);
      expect(replay.status).toBe(401);
      const audit = await auditRowsFor(replay.headers.get("x-request-id") as string);
      expect(audit.map((row) => row.action)).toEqual(["auth.refresh_token_reused"]);
      // The legitimate holder's newer token is dead too.
      expect((await refreshWith(shortGrace, rotated.body.refreshToken)).status).toBe(401);
    } finally {
      await shortGrace.app.stop();
    }
  });

  it("revokes at once when the grace is 0", async () => {
    const noGrace = await startApi({ REFRESH_TOKEN_REUSE_GRACE_SECONDS: "0" });
    try {
      const session = await signUp(noGrace.client);
      const rotated = await refreshWith(noGrace, session.refreshToken);
      expect((await refreshWith(noGrace, session.refreshToken)).status).toBe(401);
      expect((await refreshWith(noGrace, rotated.body.refreshToken)).status).toBe(401);
    } finally {
      await noGrace.app.stop();
    }
  });

  it("ends the family on logout", async () => {
    const session = await signUp(api.client);
    expect((await api.client.post("/auth/logout", { refreshToken: session.refreshToken })).status).toBe(204);
    expect((await api.client.post("/auth/refresh", { refreshToken: session.refreshToken })).status).toBe(401);
  });

  it("refuses an unknown refresh token", async () => {
    expect((await api.client.post("/auth/refresh", { refreshToken: "rt_forged" })).status).toBe(401);
  });
});

describe("access tokens", () => {
  let session: Session;
  beforeAll(async () => {
    session = await signUp(api.client);
  });
  const claims = () => ({ org: session.organizationId });
  const sign = (secret: string, configure: (jwt: SignJWT) => SignJWT = (jwt) => jwt) =>
    configure(
      new SignJWT(claims())
        .setProtectedHeader({ alg: "HS256" })
        .setSubject(session.userId)
        .setIssuer("rusty-saas")
        .setAudience("rusty-saas-api")
        .setIssuedAt()
        .setExpirationTime("5m"),
    ).sign(new TextEncoder().encode(secret));
  const status = async (token: string) => (await api.client.as(token).get("/me")).status;

  it("accepts a well-formed token", async () => {
    expect(await status(await sign(jwtSecret))).toBe(200);
  });

  it("refuses alg none", async () => {
    const unsigned = new UnsecuredJWT(claims())
      .setSubject(session.userId)
      .setIssuer("rusty-saas")
      .setAudience("rusty-saas-api")
      .setIssuedAt()
      .setExpirationTime("5m")
      .encode();
    expect(await status(unsigned)).toBe(401);
  });

  it("refuses a token signed with another key", async () => {
    expect(await status(await sign("another-secret-that-is-long-enough-000000"))).toBe(401);
  });

  it("refuses an expired token", async () => {
    expect(
      await status(
        await sign(jwtSecret, (jwt) =>
          jwt.setIssuedAt(Math.floor(Date.now() / 1000) - 3600).setExpirationTime(Math.floor(Date.now() / 1000) - 60),
        ),
      ),
    ).toBe(401);
  });

  it("refuses a token for another audience or issuer", async () => {
    expect(await status(await sign(jwtSecret, (jwt) => jwt.setAudience("someone-else")))).toBe(401);
    expect(await status(await sign(jwtSecret, (jwt) => jwt.setIssuer("someone-else")))).toBe(401);
  });

  it("refuses a missing or malformed Authorization header with 401 and WWW-Authenticate", async () => {
    const response = await api.client.get("/me");
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toContain("Bearer");
    expect((await api.client.get("/me", { headers: { authorization: "Basic abc" } })).status).toBe(401);
  });
});

describe("signing-key rotation", () => {
  it("keeps accepting tokens signed with JWT_SECRET_PREVIOUS and signs new ones with JWT_SECRET", async () => {
    const oldSecret = jwtSecret;
    const session = await signUp(api.client);
    const rotated = await startApi({
      JWT_SECRET: "the-new-secret-that-is-long-enough-for-hs256",
      JWT_SECRET_PREVIOUS: oldSecret,
    });
    try {
      expect((await rotated.client.as(session.accessToken).get("/me")).status).toBe(200);
      const fresh = await rotated.client.post<{ accessToken: string }>("/auth/refresh", {
        refreshToken: session.refreshToken,
      });
      expect((await api.client.as(fresh.body.accessToken).get("/me")).status).toBe(401);
    } finally {
      await rotated.app.stop();
    }
  });
});

describe("auth rate limits", () => {
  it("limits login attempts per account with 429 and Retry-After, beside the global limit", async () => {
    const session = await signUp(api.client);
    const statuses = [];
    for (let attempt = 0; attempt < 11; attempt += 1) {
      statuses.push(
        (await api.client.post("/auth/login", { email: session.email, password: "wrong password!!" })).status,
      );
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    const refused = await api.client.post("/auth/login", { email: session.email, password: testPassword });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("limits signups per address", async () => {
    const limited = await startApi({ TRUST_PROXY: "true", SIGNUP_LIMIT_PER_ADDRESS: "10" });
    try {
      const address = `198.19.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
      const statuses = [];
      for (let attempt = 0; attempt < 11; attempt += 1) {
        // A different (invalid) email each time, so only the per-address limit can refuse.
        const response = await limited.client.post(
          "/auth/signup",
          { email: `not-an-email-${attempt}-${address}` },
          { headers: { "x-forwarded-for": address } },
        );
        statuses.push(response.status);
      }
      expect(statuses.slice(0, 10)).toEqual(Array(10).fill(400));
      expect(statuses[10]).toBe(429);
    } finally {
      await limited.app.stop();
    }
  });
});
