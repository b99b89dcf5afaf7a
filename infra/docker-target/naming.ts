// Container and volume names on the docker target: `rusty-saas-<environment>-<part>` on the host (from the
// environment setting, never the stack name), short aliases inside the private network.
import { namePrefix } from "../naming.js";

export const hostNames = {
  postgresPrimary: "postgres-primary",
  postgresReplica: (n: number) => `postgres-replica-${n}`,
  valkey: "valkey",
  api: (n: number) => `api-${n}`,
  proxy: "proxy",
  prometheus: "prometheus",
  alertmanager: "alertmanager",
  grafana: "grafana",
} as const;

/** The container label every policy reads: what the container is for. */
export const roleLabel = "rusty-saas.role";
export const environmentLabel = "rusty-saas.environment";
export const containerRoles = ["database", "cache", "migrations", "api", "proxy", "monitoring"] as const;
export type ContainerRole = (typeof containerRoles)[number];

/** The roles whose containers may publish a port on the host: the proxy and the monitoring UIs. */
export const publishingRoles: readonly ContainerRole[] = ["proxy", "monitoring"];

export function dockerName(environment: string, part: string): string {
  return `${namePrefix(environment)}-${part}`;
}
