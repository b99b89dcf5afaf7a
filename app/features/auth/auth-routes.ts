// POST /auth/signup, /auth/login, /auth/refresh, /auth/logout: public routes, each in its named account
// transaction. Signup and login carry per-address and per-account limits on top of the global one.
import type { ApiContext } from "../../api/api-context.js";
import { defineRoute, type RouteDefinition } from "../../api/route-definition.js";
import type { AppContext } from "../../platform/http/app-state.js";
import { clientAddressKey, rateLimit } from "../../platform/rate-limit/rate-limit-middleware.js";
import { presentRotation, presentSession } from "./auth-presenter.js";
import { loginBody, refreshBody, sessionView, signupBody, tokenPair } from "./auth-schemas.js";
import { logIn, logOut, refresh, signUp, type AuthDependencies } from "./auth-service.js";
import { hashPassword } from "./password-hasher.js";

function authLimits(limits: ApiContext["config"]["rateLimit"]) {
  return {
    signupPerAddress: { points: limits.signupPerAddress, durationSeconds: 3600 },
    signupPerAccount: { points: 3, durationSeconds: 3600 },
    loginPerAddress: { points: limits.loginPerAddress, durationSeconds: 300 },
    loginPerAccount: { points: limits.loginPerAccount, durationSeconds: 900 },
  };
}

const accountKey = (ctx: AppContext) => {
  const email = (ctx.request.body as { email?: unknown } | undefined)?.email;
  return typeof email === "string" ? `account:${email.trim().toLowerCase()}` : undefined;
};

export function authRoutes(api: ApiContext): RouteDefinition[] {
  const limits = authLimits(api.config.rateLimit);
  const limit = (name: keyof typeof limits, key: typeof accountKey) =>
    rateLimit(api.createLimiter(name, limits[name]), key, api.metrics);
  const deps: AuthDependencies = {
    tokens: api.tokens,
    refreshTokenTtlDays: api.config.auth.refreshTokenTtlDays,
    refreshTokenReuseGraceSeconds: api.config.auth.refreshTokenReuseGraceSeconds,
    onSignedUp: () => api.metrics.signups.inc(),
  };
  return [
    defineRoute({
      method: "post",
      path: "/auth/signup",
      operationId: "signUp",
      tag: "auth",
      summary: "Create an account and its organization (you become its owner)",
      access: "public",
      transaction: "signup",
      body: signupBody,
      before: [limit("signupPerAddress", clientAddressKey), limit("signupPerAccount", accountKey)],
      responses: {
        201: { description: "Signed up and signed in", schema: sessionView },
        409: { description: "Email already registered" },
      },
      prepare: async ({ body: { password, ...account } }) => ({
        ...account,
        passwordHash: await hashPassword(password),
      }),
      run: (tx, account) => signUp(tx, account, deps),
      reply: (session) => ({ body: presentSession(session) }),
    }),
    defineRoute({
      method: "post",
      path: "/auth/login",
      operationId: "logIn",
      tag: "auth",
      summary: "Sign in with email and password (optionally into a given organization)",
      access: "public",
      transaction: "login",
      body: loginBody,
      before: [limit("loginPerAddress", clientAddressKey), limit("loginPerAccount", accountKey)],
      responses: {
        200: { description: "Signed in", schema: sessionView },
        401: { description: "Invalid email or password" },
      },
      run: (tx, { body }) => logIn(tx, body, deps),
      reply: (session) => ({ body: presentSession(session) }),
    }),
    defineRoute({
      method: "post",
      path: "/auth/refresh",
      operationId: "refreshTokens",
      tag: "auth",
      summary: "Exchange a refresh token for a new pair (the old one stops working; reusing it revokes the family)",
      description:
        "Presented again within REFRESH_TOKEN_REUSE_GRACE_SECONDS of its use (two tabs refreshing at once), a token " +
        "answers the same successor refresh token with a fresh access token; presented later, it revokes the family.",
      access: "public",
      transaction: "refresh-token",
      body: refreshBody,
      responses: {
        200: { description: "A new token pair", schema: tokenPair },
        401: { description: "Invalid, expired, revoked or reused" },
      },
      run: (tx, { body }) => refresh(tx, body.refreshToken, deps),
      reply: (rotation) => ({ body: presentRotation(rotation) }),
    }),
    defineRoute({
      method: "post",
      path: "/auth/logout",
      operationId: "logOut",
      tag: "auth",
      summary: "Revoke a refresh token and its whole family",
      access: "public",
      transaction: "refresh-token",
      body: refreshBody,
      responses: { 204: { description: "Signed out (also when the token was already invalid)" } },
      run: (tx, { body }) => logOut(tx, body.refreshToken),
    }),
  ];
}
