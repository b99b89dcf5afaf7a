// Access tokens: HS256 JWTs (jose) with the algorithm pinned, issuer and audience checked, at most 15 minutes.
// During a key rotation JWT_SECRET_PREVIOUS still verifies; new tokens are always signed with JWT_SECRET.
import { webcrypto } from "node:crypto";
import { jwtVerify, SignJWT } from "jose";

type CryptoKey = webcrypto.CryptoKey;
import type { AppConfig } from "../config/app-config.js";
import { AppError } from "../platform/errors/app-error.js";

export interface AccessClaims {
  userId: string;
  organizationId: string;
}

/**
 * Tokens already verified, until they expire: a client sends the same token with every request for up to its
 * lifetime, and each verification was an HMAC through WebCrypto's job queue (8.6 % of the API's CPU on a case read,
 * bench/README.md). The key is the whole token, so only the exact string that passed verification can hit; the
 * expiry is checked again on every hit. Bounded: the oldest entry goes when it is full.
 */
const verifiedCacheSize = 10_000;

export class AccessTokens {
  private readonly verified = new Map<string, { claims: AccessClaims; expiresAtMs: number }>();
  /** Imported once: jose re-imports a raw key on every call, which doubled the cost of a verification (55 → 30 µs). */
  private readonly keys: Promise<CryptoKey[]>;

  constructor(private readonly auth: AppConfig["auth"]) {
    const secrets = [auth.jwtSecret, ...(auth.jwtSecretPrevious ? [auth.jwtSecretPrevious] : [])];
    this.keys = Promise.all(secrets.map(importHmacKey));
  }

  get ttlSeconds(): number {
    return this.auth.accessTokenTtlSeconds;
  }

  async issue(claims: AccessClaims): Promise<string> {
    const [signingKey] = await this.keys;
    return new SignJWT({ org: claims.organizationId })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setSubject(claims.userId)
      .setIssuer(this.auth.issuer)
      .setAudience(this.auth.audience)
      .setIssuedAt()
      .setExpirationTime(`${this.auth.accessTokenTtlSeconds}s`)
      .sign(signingKey as CryptoKey);
  }

  async verify(token: string): Promise<AccessClaims> {
    const known = this.verified.get(token);
    if (known) {
      if (known.expiresAtMs > Date.now()) return known.claims;
      this.verified.delete(token);
    }
    for (const key of await this.keys) {
      try {
        const { payload } = await jwtVerify(token, key, {
          algorithms: ["HS256"],
          issuer: this.auth.issuer,
          audience: this.auth.audience,
          requiredClaims: ["sub", "exp", "iat"],
        });
        if (typeof payload.sub !== "string" || typeof payload.org !== "string") break;
        const claims = { userId: payload.sub, organizationId: payload.org };
        this.remember(token, claims, (payload.exp as number) * 1000);
        return claims;
      } catch (error) {
        // Only a signature mismatch is worth trying the previous key for.
        if ((error as { code?: string }).code !== "ERR_JWS_SIGNATURE_VERIFICATION_FAILED") break;
      }
    }
    throw new AppError("unauthenticated", {
      detail: "The access token is invalid or expired.",
      headers: { "WWW-Authenticate": 'Bearer error="invalid_token"' },
    });
  }

  private remember(token: string, claims: AccessClaims, expiresAtMs: number): void {
    if (this.verified.size >= verifiedCacheSize) {
      const oldest = this.verified.keys().next();
      if (!oldest.done) this.verified.delete(oldest.value);
    }
    this.verified.set(token, { claims, expiresAtMs });
  }
}

function importHmacKey(secret: string): Promise<CryptoKey> {
  return webcrypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
    "verify",
  ]);
}
