// Refresh tokens: opaque random strings, of which only the SHA-256 is stored (accounts/refresh-token-repository.ts).
// Each use rotates the token within its family; presenting a token that was already used revokes the whole
// family (a stolen token was replayed).
import { createHash, randomBytes } from "node:crypto";

export function newRefreshToken(): { token: string; hash: Buffer } {
  const token = `rt_${randomBytes(32).toString("base64url")}`;
  return { token, hash: hashToken(token) };
}

export function hashToken(token: string): Buffer {
  return createHash("sha256").update(token).digest();
}
