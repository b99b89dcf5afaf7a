// The people and data the fuzzer aims at: a victim organization whose ids it sends (as another tenant, they
// must never answer 2xx), an attacker organization whose valid token and own ids let requests reach the
// handlers, and tokens an attacker could forge or replay. Also what must never appear in any response body.
import { randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import type { AppConfig } from "../../app/config/app-config.js";
import type { ApiClient } from "../support/api-client.js";
import { createOrganization, type Organization, type Session } from "../support/api-world.js";

export interface Tenant {
  organization: Organization;
  caseId: string;
  taskId: string;
  /** A string only this tenant's data carries. */
  marker: string;
}

export interface FuzzWorld {
  victim: Tenant;
  attacker: Tenant;
  /** Tokens that must all be refused: forged, expired, for another audience, for an organization not theirs… */
  hostileTokens: string[];
  /** Everything of the victim's that must never reach an answer (no request carries the victim's token). */
  victimFingerprints: string[];
  /** Configured secrets that must never appear in a body. */
  secrets: string[];
}

export async function createTenant(client: ApiClient, label: string): Promise<Tenant> {
  const organization = await createOrganization(client);
  const marker = `${label}-marker-${randomUUID()}`;
  const owner = client.as(organization.owner.accessToken);
  const created = await owner.post<{ id: string }>("/cases", { title: `Case ${marker}`, description: marker });
  if (created.status !== 201) throw new Error(`creating the ${label}'s case failed: ${created.text}`);
  const task = await owner.post<{ id: string }>(`/cases/${created.body.id}/tasks`, { title: `Task ${marker}` });
  if (task.status !== 201) throw new Error(`creating the ${label}'s task failed: ${task.text}`);
  return { organization, caseId: created.body.id, taskId: task.body.id, marker };
}

export async function buildFuzzWorld(client: ApiClient, config: AppConfig): Promise<FuzzWorld> {
  const [victim, attacker] = [await createTenant(client, "victim"), await createTenant(client, "attacker")];
  const { owner } = victim.organization;
  return {
    victim,
    attacker,
    hostileTokens: await hostileTokens(config.auth, attacker.organization.owner, victim),
    victimFingerprints: [
      owner.organizationId,
      ...people(victim.organization).flatMap((person) => [person.userId, person.email]),
      victim.caseId,
      victim.taskId,
      victim.marker,
    ],
    secrets: configuredSecrets(config),
  };
}

export function people(organization: Organization): Session[] {
  return [organization.owner, organization.admin, organization.member];
}

/** Real ids a request may name, by the kind of resource a parameter or field holds. */
export function idsByKind(world: FuzzWorld): Record<string, { own: string[]; foreign: string[] }> {
  const { victim, attacker } = world;
  const userIds = (tenant: Tenant) => people(tenant.organization).map((person) => person.userId);
  return {
    caseId: { own: [attacker.caseId], foreign: [victim.caseId] },
    taskId: { own: [attacker.taskId], foreign: [victim.taskId] },
    userId: { own: userIds(attacker), foreign: userIds(victim) },
    organizationId: {
      own: [attacker.organization.owner.organizationId],
      foreign: [victim.organization.owner.organizationId],
    },
  };
}

async function hostileTokens(auth: AppConfig["auth"], attacker: Session, victim: Tenant): Promise<string[]> {
  const key = new TextEncoder().encode(auth.jwtSecret);
  const now = Math.floor(Date.now() / 1000);
  const sign = (claims: { sub: string; org: string }, tweak: (jwt: SignJWT) => SignJWT = (jwt) => jwt) =>
    tweak(
      new SignJWT({ org: claims.org })
        .setProtectedHeader({ alg: "HS256", typ: "JWT" })
        .setSubject(claims.sub)
        .setIssuer(auth.issuer)
        .setAudience(auth.audience)
        .setIssuedAt()
        .setExpirationTime(now + 600),
    ).sign(key);
  const mine = { sub: attacker.userId, org: attacker.organizationId };
  const [header, payload] = attacker.accessToken.split(".");
  const unsigned = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString("base64url")}.${payload}.`;
  return [
    await sign(mine, (jwt) => jwt.setIssuedAt(now - 4000).setExpirationTime(now - 60)),
    await sign(mine, (jwt) => jwt.setAudience("someone-else")),
    await sign(mine, (jwt) => jwt.setIssuer("someone-else")),
    // Signed with the real key, as if it leaked: the membership check must still refuse another organization.
    await sign({ sub: attacker.userId, org: victim.organization.owner.organizationId }),
    await sign({ sub: victim.organization.member.userId, org: attacker.organizationId }),
    await sign({ sub: randomUUID(), org: attacker.organizationId }),
    await sign({ sub: "1' OR '1'='1", org: "not-a-uuid" }),
    `${header}.${payload}.${"A".repeat(43)}`,
    unsigned,
    await new SignJWT({ org: attacker.organizationId })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(attacker.userId)
      .setIssuer(auth.issuer)
      .setAudience(auth.audience)
      .setIssuedAt()
      .setExpirationTime(now + 600)
      .sign(new TextEncoder().encode("a-guessed-secret-that-is-long-enough-000")),
  ];
}

function configuredSecrets(config: AppConfig): string[] {
  const secrets = [config.auth.jwtSecret, config.auth.jwtSecretPrevious ?? ""];
  if (config.database.kind === "external") {
    const { password } = config.database;
    if (password.kind === "static") secrets.push(password.value);
  }
  if (config.redis?.authToken) secrets.push(config.redis.authToken);
  return secrets.filter((secret) => secret.length >= 8);
}
