// Usage: sign up, open a case and list the open ones.
//   RUSTY_API_URL=http://127.0.0.1:3000 npx tsx clients/typescript/example.ts
import { createRustyClient } from "./client.js";

const baseUrl = process.env.RUSTY_API_URL ?? "http://127.0.0.1:3000";
const anonymous = createRustyClient({ baseUrl });

const signedUp = await anonymous.POST("/api/v1/auth/signup", {
  body: {
    email: `ada-${Date.now()}@example.com`,
    password: "correct horse battery staple",
    name: "Ada Lovelace",
    organizationName: "Acme Facilities",
  },
});
if (!signedUp.data) throw new Error(`signup refused: ${signedUp.error?.code} ${signedUp.error?.detail ?? ""}`);

const api = createRustyClient({ baseUrl, accessToken: signedUp.data.accessToken });
const created = await api.POST("/api/v1/cases", { body: { title: "Printer on floor 3 jams", priority: "high" } });
if (!created.data) throw new Error(`case refused: ${created.error?.code}`);
console.log(`case #${created.data.reference} (ETag ${created.response.headers.get("etag")})`);

const open = await api.GET("/api/v1/cases", { params: { query: { status: "open", limit: 20 } } });
for (const item of open.data?.items ?? []) console.log(`#${item.reference} ${item.priority} ${item.title}`);
