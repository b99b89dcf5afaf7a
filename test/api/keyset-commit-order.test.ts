// Keyset cursors against a transaction that commits late (decision 0098). A second connection runs the app's own
// insert for a case or a task and holds it uncommitted while a client reads a page through the API; then it
// commits and the client reads on. A list ordered by a transaction's start (created_at) let that row land behind
// the cursor already read, and the client never saw it; ordered by a number taken in commit order, it cannot.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { insertCaseWithNextReference } from "../../app/features/cases/case-repository.js";
import { holdLiveCase, insertTask } from "../../app/features/tasks/task-repository.js";
import { startApi, type ApiUnderTest } from "../support/api-app.js";
import type { ApiClient } from "../support/api-client.js";
import { signUp, type Session } from "../support/api-world.js";
import { waitFor } from "../support/polling.js";

interface Titled {
  title: string;
}
interface Page {
  items: Titled[];
  nextCursor: string | null;
}

let api: ApiUnderTest;
let observer: pg.Client;
beforeAll(async () => {
  api = await startApi();
  observer = await connect();
});
afterAll(async () => {
  await observer?.end();
  await api?.app.stop();
});

async function connect(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: inject("databaseSuperuserUrl") });
  await client.connect();
  return client;
}

/** A transaction on its own connection, started now: a row it inserts has a created_at of now. */
async function beginSlowTransaction(): Promise<pg.Client> {
  const client = await connect();
  await client.query("BEGIN");
  await client.query("SELECT now()");
  return client;
}

/** How many requests of this run wait to hold a case for adding a task (queued behind the slow transaction). */
async function waitingToAddTasks(): Promise<number> {
  const { rows } = await observer.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_stat_activity
     WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%FROM cases%FOR NO KEY UPDATE%'`,
  );
  return rows[0]?.n ?? 0;
}

/** The titles of every page from `cursor` on, following nextCursor as a client would. */
async function readOn(client: ApiClient, path: string, cursor: string | null): Promise<string[]> {
  const titles: string[] = [];
  for (let pages = 0; cursor && pages < 50; pages += 1) {
    const next = await client.get<Page>(`${path}${path.includes("?") ? "&" : "?"}cursor=${cursor}`);
    expect(next.status, next.text).toBe(200);
    titles.push(...next.body.items.map((item) => item.title));
    cursor = next.body.nextCursor;
  }
  return titles;
}

const titlesOf = (page: Page) => page.items.map((item) => item.title);

describe("keyset cursors and a transaction that commits late", () => {
  let person: Session;
  let as: ApiClient;
  beforeAll(async () => {
    person = await signUp(api.client, "keyset");
    as = api.client.as(person.accessToken);
  });

  it("shows a task that commits late on the next page, never behind the cursor already read", async () => {
    const caseId = (await as.post<{ id: string }>("/cases", { title: "Checklist" })).body.id;
    const path = `/cases/${caseId}/tasks`;
    const add = async (title: string) => expect((await as.post(path, { title })).status).toBe(201);
    await add("A0");
    await add("A1");
    const slow = await beginSlowTransaction();
    try {
      await add("B");
      await add("C");
      // The app's own steps for adding a task, in a transaction that started before B and C.
      expect(await holdLiveCase(slow, person.organizationId, caseId, "add")).toBe(true);
      await insertTask(slow, { organizationId: person.organizationId, caseId, title: "Late" });
      // Another addition to the case queues behind it rather than committing first.
      const queued = as.post(path, { title: "After late" });
      await waitFor(async () => (await waitingToAddTasks()) >= 1, 10_000, 50);
      const first = await as.get<Page>(`${path}?limit=3`);
      expect(titlesOf(first.body)).toEqual(["A0", "A1", "B"]);
      await slow.query("COMMIT");
      expect((await queued).status).toBe(201);
      expect(await readOn(as, `${path}?limit=3`, first.body.nextCursor)).toEqual(["C", "Late", "After late"]);
    } finally {
      await slow.end();
    }
  });

  it("never lets a case that commits late land inside pages already read: it sorts above them", async () => {
    const create = async (title: string) => expect((await as.post("/cases", { title })).status).toBe(201);
    await create("A0");
    await create("A1");
    const slow = await beginSlowTransaction();
    try {
      await create("X");
      await insertCaseWithNextReference(slow, {
        organizationId: person.organizationId,
        createdBy: person.userId,
        title: "Late",
      });
      const first = await as.get<Page>("/cases?limit=2");
      expect(titlesOf(first.body)).toEqual(["X", "A1"]);
      await slow.query("COMMIT");
      const rest = await readOn(as, "/cases?limit=2", first.body.nextCursor);
      // Everything after the first item the client saw, it saw; the late case is above where it started.
      const now = await as.get<Page>("/cases?limit=100");
      const listed = titlesOf(now.body).filter((title) => ["A0", "A1", "X", "Late"].includes(title));
      expect(listed).toEqual(["Late", "X", "A1", "A0"]);
      expect([...titlesOf(first.body), ...rest.filter((title) => title !== "Checklist")]).toEqual(listed.slice(1));
    } finally {
      await slow.end();
    }
  });
});
