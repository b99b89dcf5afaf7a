// PostgreSQL 16 on the docker target: the primary (the official image's own initialisation, plus a replication
// role) and streaming replicas cloned from it with pg_basebackup. The scripts are uploaded into the containers;
// they read passwords from files, so no password is in a command line, an environment variable or `docker inspect`.
import { appDatabaseUser, databaseName, databaseUser, postgresPort } from "./api-plan.js";
import { hostNames } from "./naming.js";

/** uid:gid of `postgres` in the official Debian-based image. */
export const postgresUser = "999";
export const postgresSecretsDir = "/run/secrets";
export const postgresPasswordFile = `${postgresSecretsDir}/database-password`;
export const replicationPasswordFile = `${postgresSecretsDir}/replication-password`;
export const appPasswordFile = `${postgresSecretsDir}/api-database-password`;
export const replicationRole = "replicator";
export const postgresDataDir = "/var/lib/postgresql/data";

/** Variables of the primary: the official image reads the master password from a file (`_FILE`). */
export function primaryEnvironment(): Record<string, string> {
  return {
    POSTGRES_DB: databaseName,
    POSTGRES_USER: databaseUser,
    POSTGRES_PASSWORD_FILE: postgresPasswordFile,
    PGDATA: postgresDataDir,
  };
}

/** WAL kept for a replica that falls behind (no slot, so a replica rebuilt from scratch never meets a stale one). */
export const primaryCommand = ["postgres", "-c", "wal_keep_size=256MB", "-c", "max_wal_senders=10"];

/**
 * Run once by the image's entry point, on an empty data volume: the role replicas stream with, and the app's login
 * role with its password. The app's migration (20261130000000000_app-login-role.sql) creates that role where it is
 * missing and grants it what it needs; on RDS it logs in with IAM tokens, here with this password, so it is made
 * first with the same attributes and a password.
 */
export const primaryInitScriptPath = "/docker-entrypoint-initdb.d/10-replication-role.sh";
export const primaryInitScript = `#!/bin/sh
# Runs once, when the primary's data volume is empty: the role the replicas stream with, and the pg_hba line that
# lets it connect for replication (the image's own line, \`host all all all scram-sha-256\`, does not match it);
# and the app's login role with its password (the migrations grant it the rest).
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \\
  --set=password="$(cat ${replicationPasswordFile})" --set=app_password="$(cat ${appPasswordFile})" <<'SQL'
CREATE ROLE ${replicationRole} WITH REPLICATION LOGIN PASSWORD :'password';
CREATE ROLE ${appDatabaseUser} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT
  PASSWORD :'app_password';
SQL
echo "host replication ${replicationRole} all scram-sha-256" >> "$PGDATA/pg_hba.conf"
`;

export const replicaStartScriptPath = "/usr/local/bin/start-replica.sh";

/**
 * The replica's entry point (as root, like the image's own): on an empty data volume it clones the primary with
 * pg_basebackup, which writes standby.signal and primary_conninfo (-R); every start then runs a hot standby.
 */
export function replicaStartScript(): string {
  return `#!/bin/sh
set -eu
if [ ! -s "${postgresDataDir}/PG_VERSION" ]; then
  mkdir -p "${postgresDataDir}"
  chown postgres:postgres "${postgresDataDir}"
  chmod 700 "${postgresDataDir}"
  tries=0
  until gosu postgres pg_isready -q -h ${hostNames.postgresPrimary} -p ${postgresPort}; do
    tries=$((tries + 1))
    if [ "$tries" -ge 120 ]; then echo "the primary was not ready within 120 s" >&2; exit 1; fi
    sleep 1
  done
  PGPASSWORD="$(cat ${replicationPasswordFile})" gosu postgres pg_basebackup \\
    --host=${hostNames.postgresPrimary} --port=${postgresPort} --username=${replicationRole} \\
    --pgdata="${postgresDataDir}" --wal-method=stream --write-recovery-conf --checkpoint=fast
fi
exec gosu postgres postgres -c hot_standby=on
`;
}

/** Ready for connections over TCP: during initialisation the image's temporary server listens on a socket only. */
export const postgresHealthcheck = {
  tests: ["CMD", "pg_isready", "-q", "-h", "127.0.0.1", "-p", String(postgresPort), "-U", databaseUser],
  interval: "5s",
  timeout: "5s",
  retries: 5,
  startPeriod: "120s",
  startInterval: "2s",
};
