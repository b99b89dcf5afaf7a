// Reads rows straight from PostgreSQL as a superuser (row-level security binds even the tables' owner), so tests
// can check a mutation's audit event even for routes whose readers lack the admin role.
import pg from "pg";
import { inject } from "vitest";

export interface AuditRow {
  organization_id: string;
  actor_id: string | null;
  action: string;
  target_type: string;
  target_id: string | null;
  request_id: string | null;
  client_ip: string | null;
  metadata: Record<string, unknown>;
}

export async function withOwnerConnection<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: inject("databaseSuperuserUrl") });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export function auditRowsFor(requestId: string): Promise<AuditRow[]> {
  return withOwnerConnection(async (client) => {
    const { rows } = await client.query<AuditRow>(
      "SELECT organization_id, actor_id, action, target_type, target_id, request_id, client_ip, metadata FROM audit_events WHERE request_id = $1 ORDER BY occurred_at",
      [requestId],
    );
    return rows;
  });
}
