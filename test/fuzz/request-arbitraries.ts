// One whole request for an operation of the OpenAPI document: a token (the attacker's valid one, none, or a
// forged, expired or misdirected one), path parameters (own or another tenant's real ids, or garbage), query
// parameters (valid, hostile, repeated, prototype keys), headers, and a body (body-arbitraries.ts); sometimes
// the wrong method or a trailing slash.
import fc from "fast-check";
import { bodyArbitrary } from "./body-arbitraries.js";
import type { FuzzWorld } from "./fuzz-world.js";
import { idsByKind } from "./fuzz-world.js";
import type { Operation, Parameter } from "./openapi-operations.js";
import { hostileString, idArbitrary, validValue, type IdPool, type IdsFor } from "./value-arbitraries.js";

export interface FuzzRequest {
  operation: string;
  method: string;
  /** Path and query, as sent. */
  url: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** The input classes this request exercises (for the run's figures). */
  classes: string[];
  /** The path names another tenant's real resource: a 2xx answer would be a cross-tenant leak. */
  foreignInPath: boolean;
}

type Tagged<T> = { value: T; classes: readonly string[] };

export function requestArbitrary(
  operation: Operation,
  world: FuzzWorld,
  limitBytes: number,
): fc.Arbitrary<FuzzRequest> {
  const ids = idsByKind(world);
  const everyId: IdPool = {
    own: Object.values(ids).flatMap((pool) => pool.own),
    foreign: Object.values(ids).flatMap((pool) => pool.foreign),
  };
  const idsFor: IdsFor = (name) => ids[idKind(name)] ?? everyId;
  const pathParameters = operation.parameters.filter((parameter) => parameter.in === "path");
  return fc
    .record({
      token: tokenArbitrary(world),
      path: fc.tuple(...pathParameters.map((parameter) => pathValue(idsFor(parameter.name)))),
      query: queryArbitrary(
        operation.parameters.filter((parameter) => parameter.in === "query"),
        idsFor,
      ),
      ifMatch: ifMatchArbitrary(operation.parameters.find((parameter) => parameter.name === "if-match")),
      noise: headerNoise,
      body: bodyArbitrary(operation.body, idsFor, limitBytes),
      method: methodTwist(operation.method),
      trailingSlash: fc.oneof(
        { weight: 15, arbitrary: fc.constant(false) },
        { weight: 1, arbitrary: fc.constant(true) },
      ),
    })
    .map(({ token, path, query, ifMatch, noise, body, method, trailingSlash }) => {
      let url = operation.pathTemplate;
      pathParameters.forEach((parameter, index) => {
        url = url.replace(`{${parameter.name}}`, path[index]?.value ?? "");
      });
      if (trailingSlash) url += "/";
      const headers = { ...noise.value, ...body.headers, ...ifMatch.value };
      if (token.value !== undefined) headers.authorization = token.value;
      const sendsBody = method.value !== "GET" && method.value !== "HEAD";
      return {
        operation: operation.key,
        method: method.value,
        url: `${url}${query.value}`,
        headers,
        ...(sendsBody && body.body ? { body: body.body } : {}),
        classes: [
          ...token.classes,
          ...path.flatMap((segment) => segment.classes),
          ...query.classes,
          ...ifMatch.classes,
          ...noise.classes,
          ...(sendsBody ? body.classes : []),
          ...method.classes,
          ...(trailingSlash ? ["trailing-slash"] : []),
        ],
        foreignInPath: path.some((segment) => segment.classes.includes("foreign-id")),
      };
    });
}

/** Percent-encodes any string, lone surrogates included (they travel as U+FFFD, as any UTF-8 client sends them). */
function uriComponent(text: string): string {
  return encodeURIComponent(Buffer.from(text, "utf8").toString("utf8"));
}

function idKind(name: string): string {
  if (name === "assigneeId" || name === "actorId") return "userId";
  if (name === "targetId") return "any";
  return name;
}

function tokenArbitrary(world: FuzzWorld): fc.Arbitrary<Tagged<string | undefined>> {
  const bearer = (token: string) => `Bearer ${token}`;
  return fc.oneof(
    {
      weight: 10,
      // Read when generated: the run replaces the attacker if a request erased them (DELETE /me succeeded).
      arbitrary: fc
        .constant(null)
        .map(() => ({ value: bearer(world.attacker.organization.owner.accessToken), classes: [] })),
    },
    { weight: 1, arbitrary: fc.constant({ value: undefined, classes: ["no-token"] }) },
    {
      weight: 3,
      arbitrary: fc
        .constantFrom(...world.hostileTokens)
        .map((token) => ({ value: bearer(token), classes: ["bad-token"] })),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(
          "Bearer",
          "Bearer  x",
          "bearer x.y.z",
          "Basic YWxhZGRpbjpvcGVuc2VzYW1l",
          `Bearer ${"a".repeat(9000)}`,
        )
        .map((value) => ({ value, classes: ["bad-token"] })),
    },
  );
}

/** A path segment: a real id (own or another tenant's), a random one, or garbage as a client could send it. */
function pathValue(ids: IdPool): fc.Arbitrary<Tagged<string>> {
  const garbage = fc.oneof(
    hostileString.map((text) => uriComponent(text.slice(0, 3000))),
    fc.constantFrom("%zz", "%", "%00", "%2e%2e", "a%2Fb", "", "..", "0", "-1", "1e3", "null", "z".repeat(3000)),
  );
  return fc.oneof(
    {
      weight: 6,
      arbitrary: idArbitrary(ids).map(({ value, foreign }) => ({ value, classes: foreign ? ["foreign-id"] : [] })),
    },
    { weight: 2, arbitrary: garbage.map((value) => ({ value, classes: ["garbage-path"] })) },
  );
}

function queryArbitrary(parameters: Parameter[], idsFor: IdsFor): fc.Arbitrary<Tagged<string>> {
  const entries = parameters.map((parameter) =>
    fc.oneof(
      { weight: 3, arbitrary: fc.constant<Tagged<string> | undefined>(undefined) },
      {
        weight: 3,
        arbitrary: validValue(parameter.schema, idsFor, parameter.name).map((value) => ({
          value: `${parameter.name}=${uriComponent(String(value))}`,
          classes: [],
        })),
      },
      {
        weight: 1,
        arbitrary: hostileString.map((value) => ({
          value: `${parameter.name}=${uriComponent(value.slice(0, 2000))}`,
          classes: ["garbage-query"],
        })),
      },
    ),
  );
  const extra = fc.oneof(
    { weight: 6, arbitrary: fc.constant<Tagged<string> | undefined>(undefined) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(
          "__proto__[polluted]=1",
          "constructor[prototype][polluted]=1",
          "limit=1&limit=2",
          "status=open&status=closed",
          "cursor=%zz",
          "q=%",
          "unknown=1",
          `q=${"w".repeat(5000)}`,
        )
        .map((value) => ({ value, classes: ["garbage-query"] })),
    },
  );
  return fc.tuple(fc.tuple(...entries), extra).map(([chosen, more]) => {
    const parts = [...chosen, more].filter((part): part is Tagged<string> => part !== undefined);
    return {
      value: parts.length > 0 ? `?${parts.map((part) => part.value).join("&")}` : "",
      classes: parts.flatMap((part) => part.classes),
    };
  });
}

/** A declared If-Match: left out (a 428 when the document requires it), a likely version, or garbage. */
function ifMatchArbitrary(declared: Parameter | undefined): fc.Arbitrary<Tagged<Record<string, string>>> {
  if (!declared) return fc.constant({ value: {}, classes: [] });
  return fc.oneof(
    fc.constant({ value: {}, classes: declared.required ? ["missing-required-header"] : [] }),
    fc.constantFrom('"1"', '"2"').map((value) => ({ value: { "if-match": value }, classes: [] })),
    fc
      .constantFrom("*", 'W/"1"', '"-1"', '"99999999999999999999"', '"abc"', "1", '""', '"1", "2"')
      .map((value) => ({ value: { "if-match": value }, classes: ["garbage-header"] })),
  );
}

/** Headers a client may add: request ids, accept types, forwarded addresses, in any shape a byte string allows. */
const headerNoise: fc.Arbitrary<Tagged<Record<string, string>>> = fc.oneof(
  { weight: 6, arbitrary: fc.constant({ value: {}, classes: [] }) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        fc.constantFrom("x-request-id", "accept", "x-forwarded-for", "origin", "accept-language", "range"),
        hostileString,
      )
      .map(([name, value]) => ({ value: { [name]: headerSafe(value) }, classes: ["garbage-header"] })),
  },
);

/** What fetch can put on the wire: Latin-1 without control characters, within Node's header size limit. */
function headerSafe(value: string): string {
  return value.replace(/[^\x20-\x7e\xa0-\xff]/g, "?").slice(0, 4000);
}

function methodTwist(method: string): fc.Arbitrary<Tagged<string>> {
  return fc.oneof(
    { weight: 20, arbitrary: fc.constant({ value: method, classes: [] }) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom("PUT", "POST", "PATCH", "DELETE", "PROPFIND", "MKCOL", "REPORT", "SEARCH", "LOCK", "OPTIONS")
        .map((value) => ({ value, classes: ["wrong-method"] })),
    },
  );
}
