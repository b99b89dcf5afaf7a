// The stories of signing up, logging in, refreshing and logging out.
import { randomUUID } from "node:crypto";
import type { ApiContext } from "../../api/api-context.js";
import { recordAuditEvents, type AuditOrigin, type RequestOrigin } from "../../api/audit-trail.js";
import type { Role } from "../../api/roles.js";
import { setTenantContext } from "../../api/tenant-scope.js";
import type { DatabaseSession, Executor } from "../../platform/database/database.js";
import { AppError } from "../../platform/errors/app-error.js";
import { membershipsOfUser } from "../accounts/membership-repository.js";
import { addMembership } from "../accounts/membership-repository.js";
import {
  insertOrganization,
  presentOrganization,
  type OrganizationRecord,
} from "../accounts/organization-repository.js";
import { findUserByEmail, insertUser, presentUser, type UserRecord } from "../accounts/user-repository.js";
import { hashPassword, verifyPassword } from "./password-hasher.js";
import {
  findForUpdate,
  hashToken,
  markUsed,
  newRefreshToken,
  revokeFamily,
  storeRefreshToken,
} from "./refresh-tokens.js";

const invalidCredentials = () => new AppError("unauthenticated", { detail: "Invalid email or password." });

export async function signUp(
  api: ApiContext,
  session: DatabaseSession,
  origin: RequestOrigin,
  input: { email: string; password: string; name: string; organizationName: string },
) {
  const passwordHash = await hashPassword(input.password);
  const organizationId = randomUUID();
  const created = await session.transaction(async (db) => {
    await setTenantContext(db, organizationId, null);
    const user = await insertUser(db, { email: input.email, name: input.name, passwordHash });
    if (!user) throw new AppError("conflict", { detail: "An account with this email already exists; log in instead." });
    const organization = await insertOrganization(db, organizationId, input.organizationName);
    await addMembership(db, organizationId, user.id, "owner");
    await recordAuditEvents(db, auditFrom(origin, organizationId, user.id), [
      { action: "organization.created", targetType: "organization", targetId: organizationId },
      { action: "user.signed_up", targetType: "user", targetId: user.id, metadata: { role: "owner" } },
    ]);
    const tokens = await startFamily(api, db, user.id, organizationId);
    return { user, organization, tokens };
  });
  api.metrics.signups.inc();
  return present(created.user, created.organization, "owner", created.tokens);
}

export async function logIn(
  api: ApiContext,
  session: DatabaseSession,
  origin: RequestOrigin,
  input: { email: string; password: string; organizationId?: string },
) {
  return session.transaction(async (db) => {
    await setTenantContext(db, null, null);
    const user = await findUserByEmail(db, input.email);
    if (!(await verifyPassword(user?.password_hash ?? null, input.password)) || !user) throw invalidCredentials();
    await setTenantContext(db, null, user.id);
    const memberships = await membershipsOfUser(db, user.id);
    const chosen = input.organizationId
      ? memberships.find((m) => m.organization_id === input.organizationId)
      : memberships[0];
    if (!chosen) throw invalidCredentials();
    await setTenantContext(db, chosen.organization_id, user.id);
    await recordAuditEvents(db, auditFrom(origin, chosen.organization_id, user.id), [
      { action: "user.logged_in", targetType: "user", targetId: user.id },
    ]);
    const tokens = await startFamily(api, db, user.id, chosen.organization_id);
    const organization = {
      id: chosen.organization_id,
      name: chosen.organization_name,
      created_at: chosen.created_at,
      updated_at: chosen.created_at,
    };
    return present(user, organization, chosen.role, tokens);
  });
}

export async function refresh(api: ApiContext, session: DatabaseSession, origin: RequestOrigin, refreshToken: string) {
  const outcome = await session.transaction(async (db) => {
    await setTenantContext(db, null, null);
    const row = await findForUpdate(db, hashToken(refreshToken));
    if (!row || row.revoked_at || row.expires_at.getTime() <= Date.now()) return { kind: "invalid" as const };
    await setTenantContext(db, row.organization_id, row.user_id);
    if (row.used_at) {
      // Replay of a rotated token: someone else holds this family. Revoke it all, and keep the revocation.
      await revokeFamily(db, row.family_id);
      await recordAuditEvents(db, auditFrom(origin, row.organization_id, row.user_id), [
        {
          action: "auth.refresh_token_reused",
          targetType: "user",
          targetId: row.user_id,
          metadata: { familyRevoked: true },
        },
      ]);
      return { kind: "reused" as const };
    }
    const { rowCount } = await db.query("SELECT 1 FROM memberships WHERE organization_id = $1 AND user_id = $2", [
      row.organization_id,
      row.user_id,
    ]);
    if (!rowCount) return { kind: "invalid" as const };
    await markUsed(db, row.id);
    return {
      kind: "rotated" as const,
      tokens: await issuePair(api, db, row.user_id, row.organization_id, row.family_id),
    };
  });
  if (outcome.kind !== "rotated")
    throw new AppError("unauthenticated", { detail: "The refresh token is invalid, expired or revoked." });
  return outcome.tokens;
}

export async function logOut(session: DatabaseSession, origin: RequestOrigin, refreshToken: string): Promise<void> {
  await session.transaction(async (db) => {
    await setTenantContext(db, null, null);
    const row = await findForUpdate(db, hashToken(refreshToken));
    if (!row || row.revoked_at) return;
    await setTenantContext(db, row.organization_id, row.user_id);
    await revokeFamily(db, row.family_id);
    await recordAuditEvents(db, auditFrom(origin, row.organization_id, row.user_id), [
      { action: "user.logged_out", targetType: "user", targetId: row.user_id },
    ]);
  });
}

function startFamily(api: ApiContext, db: Executor, userId: string, organizationId: string) {
  return issuePair(api, db, userId, organizationId, null);
}

async function issuePair(
  api: ApiContext,
  db: Executor,
  userId: string,
  organizationId: string,
  familyId: string | null,
) {
  const refreshToken = newRefreshToken();
  await storeRefreshToken(db, {
    hash: refreshToken.hash,
    familyId,
    userId,
    organizationId,
    ttlDays: api.config.auth.refreshTokenTtlDays,
  });
  const accessToken = await api.tokens.issue({ userId, organizationId });
  return {
    tokenType: "Bearer" as const,
    accessToken,
    expiresIn: api.tokens.ttlSeconds,
    refreshToken: refreshToken.token,
  };
}

function auditFrom(origin: RequestOrigin, organizationId: string, actorId: string): AuditOrigin {
  return { organizationId, actorId, requestId: origin.requestId, clientIp: origin.clientIp };
}

function present(
  user: UserRecord,
  organization: OrganizationRecord,
  role: Role,
  tokens: Awaited<ReturnType<typeof issuePair>>,
) {
  return { ...tokens, user: presentUser(user), organization: presentOrganization(organization), role };
}
