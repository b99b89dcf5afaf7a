// The app's database on a scratch cluster, shaped like RDS: it belongs to a login that is NOT a superuser (as the
// RDS master user is not), which runs the migrations; the app runs as the role they create, rusty_api (drill-app.ts),
// exactly as in production. The names are the stacks' own (infra/data/database-plan.ts).
import { databaseName, masterUsername } from "../../../infra/data/database-plan.js";
import { quoteIdentifier, withClient } from "./pg-session.js";
import type { ScratchCluster } from "./scratch-cluster.js";

export interface AppDatabase {
  /** The cluster's superuser on the app database: inspects rows behind RLS, plays the errant script. */
  superuserUrl: string;
  /** The owner login the migrations (and the restore operations) use, like the RDS master user. */
  ownerUrl: string;
  owner: string;
  database: string;
}

export async function createAppDatabase(cluster: ScratchCluster): Promise<AppDatabase> {
  const owner = masterUsername;
  await withClient(cluster.url(), async (client) => {
    // CREATEROLE: the first migration creates the rusty_app role; CREATEDB: restores create databases.
    await client.query(`CREATE ROLE ${quoteIdentifier(owner)} LOGIN NOSUPERUSER CREATEROLE CREATEDB`);
    await client.query(`CREATE DATABASE ${quoteIdentifier(databaseName)} OWNER ${quoteIdentifier(owner)}`);
  });
  return {
    superuserUrl: cluster.url(databaseName),
    ownerUrl: cluster.url(databaseName, owner),
    owner,
    database: databaseName,
  };
}
