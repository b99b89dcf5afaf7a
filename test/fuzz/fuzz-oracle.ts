// What every answer to a generated request must satisfy, whatever was sent: no 5xx, every error a problem+json
// with a catalogued code, no stack trace, SQL text or configured secret in any body, and nothing of another
// tenant in a success.
import { errorCatalog } from "../../app/platform/errors/error-catalog.js";
import type { FuzzRequest } from "./request-arbitraries.js";

export interface Exchange {
  request: FuzzRequest;
  status: number;
  contentType: string;
  text: string;
  /** Set when no answer came back (reset, closed, timed out). */
  failure?: string;
}

export interface OracleContext {
  victimFingerprints: string[];
  secrets: string[];
}

const stackFrame = /\n\s+at [^\n]*:\d+:\d+|node:internal\/|\.ts:\d+:\d+/;
/** PostgreSQL's own error wording and the app's SQL, which no input of the fuzzer contains. */
const sqlText =
  /syntax error at or near|violates (?:foreign key|unique|check|not-null) constraint|duplicate key value|relation "[^"]*" does not exist|column "[^"]*"|invalid input syntax for|current transaction is aborted|invalid byte sequence|\b(?:FROM|INTO|UPDATE) (?:cases|tasks|memberships|users|organizations|audit_events|invitations|refresh_tokens)\b|set_config\(/i;

export function violationsOf(exchange: Exchange, context: OracleContext): string[] {
  if (exchange.failure) return [`no answer: ${exchange.failure}`];
  const { status, text, request } = exchange;
  const violations: string[] = [];
  if (status >= 500) violations.push(`answered ${status}`);
  if (stackFrame.test(text)) violations.push("a stack trace in the body");
  for (const secret of context.secrets) if (text.includes(secret)) violations.push("a configured secret in the body");
  if (status >= 400) violations.push(...problemViolations(exchange));
  if (status >= 200 && status < 300) {
    // OPTIONS answers the route's Allow list, the same for any id: it reads no resource.
    const readsResource = request.method !== "OPTIONS" || text !== "";
    if (request.foreignInPath && readsResource) violations.push(`${status} for another tenant's resource`);
    const leaked = context.victimFingerprints.filter((fingerprint) => text.includes(fingerprint));
    if (leaked.length > 0) violations.push(`another tenant's data in a ${status}: ${leaked.join(", ")}`);
  }
  return violations;
}

function problemViolations({ status, contentType, text }: Exchange): string[] {
  if (!contentType.includes("application/problem+json")) return [`error ${status} as ${contentType || "no type"}`];
  let problem: { code?: unknown; status?: unknown };
  try {
    problem = JSON.parse(text) as typeof problem;
  } catch {
    return [`error ${status} whose problem+json does not parse`];
  }
  const violations: string[] = [];
  if (typeof problem.code !== "string" || !(problem.code in errorCatalog))
    violations.push(`error ${status} with an uncatalogued code ${JSON.stringify(problem.code)}`);
  if (problem.status !== status) violations.push(`problem status ${String(problem.status)} on a ${status}`);
  if (sqlText.test(text)) violations.push("SQL text in an error body");
  return violations;
}

/** One request and its answer in a line a person can replay. */
export function describeExchange({ request, status, text, failure }: Exchange): string {
  const headers = Object.entries(request.headers)
    .map(([name, value]) => `${name}: ${value.length > 60 ? `${value.slice(0, 60)}…(${value.length})` : value}`)
    .join("; ");
  const body = request.body
    ? ` body(${request.body.length} B): ${request.body.subarray(0, 120).toString("latin1")}`
    : "";
  const answer = failure ?? `${status} ${text.slice(0, 300)}`;
  return `${request.method} ${request.url.slice(0, 300)} [${headers}]${body} [${request.classes.join(",")}] → ${answer}`;
}
