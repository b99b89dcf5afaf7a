// Builds the people and data black-box API tests need: organizations with an owner, an admin and a member,
// and a second organization whose owner plays the attacker in isolation tests.
import { randomUUID } from "node:crypto";
import type { ApiClient } from "./api-client.js";

export interface Session {
  accessToken: string;
  refreshToken: string;
  userId: string;
  organizationId: string;
  email: string;
  password: string;
}

export const testPassword = "correct horse battery staple";

export function uniqueEmail(label = "user"): string {
  return `${label}-${randomUUID().slice(0, 8)}@example.com`;
}

export async function signUp(
  client: ApiClient,
  label = "owner",
  organizationName = `Org ${randomUUID().slice(0, 6)}`,
): Promise<Session> {
  const email = uniqueEmail(label);
  const response = await client.post<{
    accessToken: string;
    refreshToken: string;
    user: { id: string };
    organization: { id: string };
  }>("/auth/signup", {
    email,
    password: testPassword,
    name: `${label} person`,
    organizationName,
  });
  if (response.status !== 201) throw new Error(`signup failed: ${response.status} ${response.text}`);
  const { accessToken, refreshToken, user, organization } = response.body;
  return { accessToken, refreshToken, userId: user.id, organizationId: organization.id, email, password: testPassword };
}

export async function logIn(client: ApiClient, email: string, organizationId?: string): Promise<Session> {
  const response = await client.post<{
    accessToken: string;
    refreshToken: string;
    user: { id: string };
    organization: { id: string };
  }>("/auth/login", {
    email,
    password: testPassword,
    ...(organizationId ? { organizationId } : {}),
  });
  if (response.status !== 200) throw new Error(`login failed: ${response.status} ${response.text}`);
  const { accessToken, refreshToken, user, organization } = response.body;
  return { accessToken, refreshToken, userId: user.id, organizationId: organization.id, email, password: testPassword };
}

/**
 * Signs up a person in their own organization, invites them into `organizationOwner`'s organization with `role`,
 * has them accept, and signs them in there.
 */
export async function addMember(
  client: ApiClient,
  organizationOwner: Session,
  role: "admin" | "member" | "owner",
  label: string = role,
): Promise<Session> {
  const person = await signUp(client, label);
  const invited = await client.as(organizationOwner.accessToken).post("/members", { email: person.email, role });
  if (invited.status !== 202) throw new Error(`inviting a member failed: ${invited.status} ${invited.text}`);
  const accepted = await client
    .as(person.accessToken)
    .post(`/me/invitations/${organizationOwner.organizationId}/accept`);
  if (accepted.status !== 200) throw new Error(`accepting the invitation failed: ${accepted.status} ${accepted.text}`);
  return logIn(client, person.email, organizationOwner.organizationId);
}

export interface Organization {
  owner: Session;
  admin: Session;
  member: Session;
}

export async function createOrganization(client: ApiClient): Promise<Organization> {
  const owner = await signUp(client, "owner");
  const admin = await addMember(client, owner, "admin");
  const member = await addMember(client, owner, "member");
  return { owner, admin, member };
}
