// Refresh tokens: opaque random strings, of which only the SHA-256 is stored (accounts/refresh-token-repository.ts).
// Each use rotates the token within its family; presenting a token that was already used revokes the whole
// family (a stolen token was replayed), except within a short reuse grace, when it answers the same successor
// (two tabs refreshing at once). For that, a used token keeps its successor sealed under a key derived from the
// used token itself: only someone holding that token can open it, and the stored SHA-256 does not yield the key.
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from "node:crypto";

export function newRefreshToken(): { token: string; hash: Buffer } {
  const token = `rt_${randomBytes(32).toString("base64url")}`;
  return { token, hash: hashToken(token) };
}

export function hashToken(token: string): Buffer {
  return createHash("sha256").update(token).digest();
}

const sealInfo = "rusty-saas refresh-token successor v1";
const ivBytes = 12;
const tagBytes = 16;

function sealingKey(usedToken: string): Buffer {
  return Buffer.from(hkdfSync("sha256", usedToken, Buffer.alloc(0), sealInfo, 32));
}

/** AES-256-GCM under a key only `usedToken` yields: iv ‖ tag ‖ ciphertext. */
export function sealSuccessor(usedToken: string, successor: string): Buffer {
  const iv = randomBytes(ivBytes);
  const cipher = createCipheriv("aes-256-gcm", sealingKey(usedToken), iv);
  const sealed = Buffer.concat([cipher.update(successor, "utf8"), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]);
}

/** The successor, or undefined when the seal does not open with this token (tampered, or another token's). */
export function openSuccessor(usedToken: string, sealed: Buffer): string | undefined {
  try {
    const decipher = createDecipheriv("aes-256-gcm", sealingKey(usedToken), sealed.subarray(0, ivBytes));
    decipher.setAuthTag(sealed.subarray(ivBytes, ivBytes + tagBytes));
    return Buffer.concat([decipher.update(sealed.subarray(ivBytes + tagBytes)), decipher.final()]).toString("utf8");
  } catch {
    return undefined;
  }
}
