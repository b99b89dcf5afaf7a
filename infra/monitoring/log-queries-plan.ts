// CloudWatch Logs Insights queries saved in each stack for the investigations the runbooks start with. They read
// the API's JSON lines (app/platform/logging/): one access line per request (`msg` "request": route, status,
// durationMs, requestId) and one "request failed" line per 5xx with its catalog `code` and the error.
// PutQueryDefinition limits (CloudWatch Logs API reference): name 1–255 characters, a "/" files it in a folder;
// queryString 1–10,000 characters; each log group name 1–512 characters of [.\-_/#A-Za-z0-9].
export interface LogQuery {
  /** Runbooks name a query by this key: "saved query `<prefix>/<key>`". */
  readonly key: string;
  readonly queryString: string;
}

export const logQueries: readonly LogQuery[] = [
  {
    key: "errors-by-code",
    queryString: [
      "fields @timestamp, code, err.type, err.message, requestId",
      '| filter level = "error" and msg = "request failed"',
      "| stats count(*) as errors, earliest(requestId) as firstRequestId by code, err.type",
      "| sort errors desc",
    ].join("\n"),
  },
  {
    key: "slowest-routes",
    queryString: [
      "fields @timestamp, route, durationMs, status",
      '| filter msg = "request" and route not in ["/live", "/ready", "/health"]',
      "| stats count(*) as requests, pct(durationMs, 50) as p50Ms, pct(durationMs, 99) as p99Ms, max(durationMs) as maxMs by route",
      "| sort p99Ms desc",
      "| limit 25",
    ].join("\n"),
  },
  {
    key: "request-lines",
    queryString: [
      "fields @timestamp, level, msg, method, route, status, durationMs, code, err.message",
      '| filter requestId = "REPLACE-WITH-REQUEST-ID"',
      "| sort @timestamp asc",
    ].join("\n"),
  },
];

export function logQueryName(prefix: string, key: string): string {
  return `${prefix}/${key}`;
}

const logGroupPattern = /^[.\-_/#A-Za-z0-9]{1,512}$/;

/** Checks a query against PutQueryDefinition's limits before AWS would refuse it. */
export function validateLogQuery(name: string, query: LogQuery, logGroupNames: readonly string[]): string[] {
  const problems: string[] = [];
  if (name.length < 1 || name.length > 255) problems.push(`${name}: name must be 1–255 characters`);
  if (query.queryString.length < 1 || query.queryString.length > 10_000)
    problems.push(`${name}: query must be 1–10,000 characters`);
  for (const group of logGroupNames)
    if (!logGroupPattern.test(group)) problems.push(`${name}: log group ${group} is not a valid name`);
  return problems;
}
