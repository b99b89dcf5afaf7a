// The stories of signing up, logging in, refreshing and logging out. Each runs in the account transaction its
// route declares: it starts as no one, and acts as a person once it knows who (see api/account-transactions.ts).
import { randomUUID } from "node:crypto";
import type { AccessTokens } from "../../api/access-tokens.js";
import type { AccountTransaction } from "../../api/account-transactions.js";
import type { Role } from "../../api/roles.js";
import type { Executor } from "../../platform/database/database.js";
import { AppError } from "../../platform/errors/app-error.js";
import { addMembership, isMember, membershipsOfUser } from "../accounts/membership-repository.js";
import { insertOrganization, type OrganizationRecord } from "../accounts/organization-repository.js";
import { findForUpdate, markUsed, revokeFamily, storeRefreshToken } from "../accounts/refresh-token-repository.js";
import { findUserByEmail, insertUser, type UserRecord } from "../accounts/user-repository.js";
import { verifyPassword } from "./password-hasher.js";
import { hashToken, newRefreshToken, openSuccessor, sealSuccessor } from "./refresh-tokens.js";

export interface AuthDependencies {
  tokens: AccessTokens;
  refreshTokenTtlDays: number;
  /** How long a used refresh token still answers its successor (REFRESH_TOKEN_REUSE_GRACE_SECONDS). */
  refreshTokenReuseGraceSeconds: number;
  /** Hears of each committed signup (the product metric). */
  onSignedUp: () => void;
}

export interface TokenPair {
  tokenType: "Bearer";
  accessToken: string;
  expiresIn: number;
  refreshToken: string;
}

export interface Session {
  user: UserRecord;
  organization: OrganizationRecord;
  role: Role;
  tokens: TokenPair;
}

export type Rotation = { kind: "rotated"; tokens: TokenPair } | { kind: "invalid" } | { kind: "reused" };

const invalidCredentials = () => new AppError("unauthenticated", { detail: "Invalid email or password." });

/** The password arrives hashed (the route hashes it before the transaction, so no connection waits on argon2). */
export async function signUp(
  tx: AccountTransaction,
  input: { email: string; passwordHash: string; name: string; organizationName: string },
  deps: AuthDependencies,
): Promise<Session> {
  const organizationId = randomUUID();
  tx.afterCommit(async () => deps.onSignedUp());
  await tx.actAs(organizationId, null);
  const user = await insertUser(tx, { email: input.email, name: input.name, passwordHash: input.passwordHash });
  if (!user) throw new AppError("conflict", { detail: "An account with this email already exists; log in instead." });
  const organization = await insertOrganization(tx, organizationId, input.organizationName);
  await addMembership(tx, organizationId, user.id, "owner");
  await tx.actAs(organizationId, user.id);
  await tx.audit({ action: "organization.created", targetType: "organization", targetId: organizationId });
  await tx.audit({ action: "user.signed_up", targetType: "user", targetId: user.id, metadata: { role: "owner" } });
  const tokens = await issuePair(tx, deps, { userId: user.id, organizationId, familyId: null });
  return { user, organization, role: "owner", tokens };
}

export async function logIn(
  tx: AccountTransaction,
  input: { email: string; password: string; organizationId?: string | undefined },
  deps: AuthDependencies,
): Promise<Session> {
  const user = await findUserByEmail(tx, input.email);
  if (!(await verifyPassword(user?.password_hash ?? null, input.password)) || !user) throw invalidCredentials();
  await tx.actAs(null, user.id);
  const memberships = await membershipsOfUser(tx, user.id);
  const chosen = input.organizationId
    ? memberships.find((m) => m.organization_id === input.organizationId)
    : memberships[0];
  if (!chosen) throw invalidCredentials();
  await tx.actAs(chosen.organization_id, user.id);
  await tx.audit({ action: "user.logged_in", targetType: "user", targetId: user.id });
  const tokens = await issuePair(tx, deps, { userId: user.id, organizationId: chosen.organization_id, familyId: null });
  const organization = {
    id: chosen.organization_id,
    name: chosen.organization_name,
    created_at: chosen.created_at,
    updated_at: chosen.created_at,
  };
  return { user, organization, role: chosen.role, tokens };
}

/**
 * Never throws for a bad token: a replay's revocation must commit, so the refusal is the presenter's. A token
 * already used answers the same successor within the reuse grace (a second tab refreshing at the same moment; the
 * row lock makes truly concurrent requests take turns), and revokes its family after it (someone else holds it).
 */
export async function refresh(tx: AccountTransaction, refreshToken: string, deps: AuthDependencies): Promise<Rotation> {
  const row = await findForUpdate(tx, hashToken(refreshToken), deps.refreshTokenReuseGraceSeconds);
  if (!row || row.revoked_at || row.expires_at.getTime() <= Date.now()) return { kind: "invalid" };
  await tx.actAs(row.organization_id, row.user_id);
  if (row.used_at) {
    const successor =
      row.used_within_grace && row.successor_sealed ? openSuccessor(refreshToken, row.successor_sealed) : undefined;
    if (successor !== undefined) {
      if (!(await isMember(tx, row.organization_id, row.user_id))) return { kind: "invalid" };
      return { kind: "rotated", tokens: await pairWith(deps, row.user_id, row.organization_id, successor) };
    }
    // Replay of a rotated token: someone else holds this family. Revoke it all, and keep the revocation.
    await revokeFamily(tx, row.family_id);
    await tx.audit({
      action: "auth.refresh_token_reused",
      targetType: "user",
      targetId: row.user_id,
      metadata: { familyRevoked: true },
    });
    return { kind: "reused" };
  }
  if (!(await isMember(tx, row.organization_id, row.user_id))) return { kind: "invalid" };
  const tokens = await issuePair(tx, deps, {
    userId: row.user_id,
    organizationId: row.organization_id,
    familyId: row.family_id,
  });
  await markUsed(tx, row.id, sealSuccessor(refreshToken, tokens.refreshToken));
  return { kind: "rotated", tokens };
}

export async function logOut(tx: AccountTransaction, refreshToken: string): Promise<void> {
  const row = await findForUpdate(tx, hashToken(refreshToken));
  if (!row || row.revoked_at) return;
  await tx.actAs(row.organization_id, row.user_id);
  await revokeFamily(tx, row.family_id);
  await tx.audit({ action: "user.logged_out", targetType: "user", targetId: row.user_id });
}

async function issuePair(
  db: Executor,
  deps: AuthDependencies,
  session: { userId: string; organizationId: string; familyId: string | null },
): Promise<TokenPair> {
  const refreshToken = newRefreshToken();
  await storeRefreshToken(db, { ...session, hash: refreshToken.hash, ttlDays: deps.refreshTokenTtlDays });
  return pairWith(deps, session.userId, session.organizationId, refreshToken.token);
}

/** A fresh access token beside a given refresh token (a new one, or the successor answered again in the grace). */
async function pairWith(
  deps: AuthDependencies,
  userId: string,
  organizationId: string,
  refreshToken: string,
): Promise<TokenPair> {
  const accessToken = await deps.tokens.issue({ userId, organizationId });
  return { tokenType: "Bearer", accessToken, expiresIn: deps.tokens.ttlSeconds, refreshToken };
}
