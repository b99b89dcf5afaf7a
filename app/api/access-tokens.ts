// Access tokens: HS256 JWTs (jose) with the algorithm pinned, issuer and audience checked, at most 15 minutes.
// During a key rotation JWT_SECRET_PREVIOUS still verifies; new tokens are always signed with JWT_SECRET.
import { jwtVerify, SignJWT } from "jose";
import type { AppConfig } from "../config/app-config.js";
import { AppError } from "../platform/errors/app-error.js";

export interface AccessClaims {
  userId: string;
  organizationId: string;
}

export class AccessTokens {
  private readonly keys: Uint8Array[];
  private readonly signingKey: Uint8Array;

  constructor(private readonly auth: AppConfig["auth"]) {
    const encoder = new TextEncoder();
    this.signingKey = encoder.encode(auth.jwtSecret);
    this.keys = [this.signingKey, ...(auth.jwtSecretPrevious ? [encoder.encode(auth.jwtSecretPrevious)] : [])];
  }

  get ttlSeconds(): number {
    return this.auth.accessTokenTtlSeconds;
  }

  issue(claims: AccessClaims): Promise<string> {
    return new SignJWT({ org: claims.organizationId })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setSubject(claims.userId)
      .setIssuer(this.auth.issuer)
      .setAudience(this.auth.audience)
      .setIssuedAt()
      .setExpirationTime(`${this.auth.accessTokenTtlSeconds}s`)
      .sign(this.signingKey);
  }

  async verify(token: string): Promise<AccessClaims> {
    for (const key of this.keys) {
      try {
        const { payload } = await jwtVerify(token, key, {
          algorithms: ["HS256"],
          issuer: this.auth.issuer,
          audience: this.auth.audience,
          requiredClaims: ["sub", "exp", "iat"],
        });
        if (typeof payload.sub !== "string" || typeof payload.org !== "string") break;
        return { userId: payload.sub, organizationId: payload.org };
      } catch (error) {
        // Only a signature mismatch is worth trying the previous key for.
        if ((error as { code?: string }).code !== "ERR_JWS_SIGNATURE_VERIFICATION_FAILED") break;
      }
    }
    throw new AppError("unauthenticated", { detail: "The access token is invalid or expired.", headers: { "WWW-Authenticate": 'Bearer error="invalid_token"' } });
  }
}
