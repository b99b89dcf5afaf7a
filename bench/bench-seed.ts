// Seeds what the measured requests read: one organization (signed up through the API) with enough cases that a
// page of 50 is full. The floors read and write the same organization's rows.
import { randomUUID } from "node:crypto";

export interface Seeded {
  accessToken: string;
  organizationId: string;
  userId: string;
  caseId: string;
}

export async function seed(baseUrl: string, caseCount: number): Promise<Seeded> {
  const signup = await call<{ accessToken: string }>(baseUrl, "/api/v1/auth/signup", undefined, {
    email: `bench-${randomUUID()}@example.com`,
    password: "benchmark password long enough",
    name: "Bench Owner",
    organizationName: "Benchmark Inc",
  });
  const caseIds: string[] = [];
  for (let index = 0; index < caseCount; index += 1) {
    const created = await call<{ id: string }>(baseUrl, "/api/v1/cases", signup.accessToken, {
      title: `Seeded case ${index}`,
      description: "A case created to be read by the benchmark.",
      priority: index % 2 === 0 ? "normal" : "high",
    });
    caseIds.push(created.id);
  }
  // The token's claims name the caller and the organization (sub, org).
  const claims = JSON.parse(Buffer.from(signup.accessToken.split(".")[1] ?? "", "base64url").toString("utf8")) as {
    sub: string;
    org: string;
  };
  return { accessToken: signup.accessToken, organizationId: claims.org, userId: claims.sub, caseId: caseIds[0] ?? "" };
}

async function call<T>(baseUrl: string, path: string, token: string | undefined, body: unknown): Promise<T> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  if (response.status !== 201) throw new Error(`seeding ${path} failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}
