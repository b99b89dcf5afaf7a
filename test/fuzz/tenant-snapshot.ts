// What an organization's owner sees of it: compared before and after the fuzz run, it proves that no request
// of another tenant changed anything of it.
import type { ApiClient } from "../support/api-client.js";
import type { Tenant } from "./fuzz-world.js";

export async function tenantSnapshot(client: ApiClient, tenant: Tenant): Promise<unknown> {
  const owner = client.as(tenant.organization.owner.accessToken);
  const read = async (path: string) => {
    const response = await owner.get(path);
    if (response.status !== 200) throw new Error(`GET ${path} as the tenant's owner: ${response.status}`);
    return response.body;
  };
  const [organization, members, caseView, tasks, cases] = await Promise.all([
    read("/organization"),
    read("/members"),
    read(`/cases/${tenant.caseId}`),
    read(`/cases/${tenant.caseId}/tasks`),
    read("/cases?limit=100"),
  ]);
  return { organization, members, caseView, tasks, cases };
}
