// Isolation probes: for every authenticated route, a request made by another organization's owner against
// this organization's data. route-coverage.test.ts runs them all and fails for a route that has none.
import type { ApiClient, ApiResponse } from "../../support/api-client.js";
import type { Organization, Session } from "../../support/api-world.js";

export interface IsolationWorld {
  client: ApiClient;
  /** The victim organization, with data. */
  victim: Organization & { caseId: string; taskId: string; secretMarker: string };
  /** The attacker: owner of another organization, authenticated with their own valid token. */
  attacker: Session;
}

export interface IsolationProbe {
  /** Exactly as in the route table: "PATCH /cases/:caseId". */
  route: string;
  attempt(world: IsolationWorld): Promise<ApiResponse<unknown>>;
  /**
   * not-found: the victim's resource must answer 404.
   * own-data-only: the route answers the attacker about their own organization, with none of the victim's data.
   */
  expectation: "not-found" | "own-data-only";
}

/** Everything of the victim's that must never appear in an answer to the attacker. */
export function victimFingerprints(world: IsolationWorld): string[] {
  const { victim } = world;
  return [
    victim.owner.organizationId,
    victim.owner.userId,
    victim.admin.userId,
    victim.member.userId,
    victim.owner.email,
    victim.member.email,
    victim.caseId,
    victim.taskId,
    victim.secretMarker,
  ];
}
