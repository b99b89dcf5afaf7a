// Request bodies for the fuzzer: a valid body for the operation, or that body broken in one way a client could
// break it (a field missing, of the wrong type, extra or prototype keys, hostile strings, odd numbers, other
// tenants' ids), or no JSON object at all; then sent malformed, oversized, under the wrong content type, or
// with a content coding that is wrong, unsupported, or a small bomb.
import { brotliCompressSync, deflateSync, gzipSync } from "node:zlib";
import fc from "fast-check";
import type { JsonSchema } from "./openapi-operations.js";
import { anyJson, hostileString, oddNumber, prototypeKey, validValue, type IdsFor } from "./value-arbitraries.js";

export interface BodyChoice {
  body?: Buffer;
  headers: Record<string, string>;
  classes: readonly string[];
}

type Tagged<T> = { value: T; classes: readonly string[] };

export function bodyArbitrary(
  schema: JsonSchema | undefined,
  idsFor: IdsFor,
  limitBytes: number,
): fc.Arbitrary<BodyChoice> {
  const value: fc.Arbitrary<Tagged<unknown>> = schema
    ? fc.oneof(
        { weight: 4, arbitrary: validValue(schema, idsFor).map((v) => ({ value: v, classes: ["valid-body"] })) },
        { weight: 6, arbitrary: brokenObject(schema, idsFor) },
        { weight: 1, arbitrary: anyJson.map((v) => ({ value: v, classes: ["not-an-object"] })) },
      )
    : fc.oneof(
        { weight: 8, arbitrary: fc.constant({ value: undefined, classes: [] }) },
        { weight: 1, arbitrary: anyJson.map((v) => ({ value: v, classes: ["unexpected-body"] })) },
      );
  return fc
    .record({ value, text: textTwist(limitBytes), type: contentType, coding: contentCoding(limitBytes) })
    .map(({ value: tagged, text, type, coding }) => {
      if (tagged.value === undefined) return { headers: {}, classes: [...tagged.classes] };
      const raw = Buffer.from(text.apply(JSON.stringify(tagged.value) ?? "null"));
      const encoded = coding.apply(raw);
      const headers: Record<string, string> = {};
      if (type.value !== undefined) headers["content-type"] = type.value;
      if (coding.header !== undefined) headers["content-encoding"] = coding.header;
      const classes = [...tagged.classes, ...text.classes, ...type.classes, ...coding.classes];
      return { body: encoded, headers, classes };
    });
}

/** A valid object with exactly one thing wrong with it. */
function brokenObject(schema: JsonSchema, idsFor: IdsFor): fc.Arbitrary<Tagged<unknown>> {
  const names = Object.keys(schema.properties ?? {});
  const required = schema.required ?? [];
  const valid = validValue(schema, idsFor) as fc.Arbitrary<Record<string, unknown>>;
  const name = names.length > 0 ? fc.constantFrom(...names) : fc.constant("field");
  // Generated values are never changed in place (fast-check replays them while shrinking): each edit copies.
  const set = (object: Record<string, unknown>, key: string, v: unknown) => {
    const copy = { ...object };
    // defineProperty, so "__proto__" becomes an own key that JSON.stringify writes out.
    Object.defineProperty(copy, key, { value: v, enumerable: true, configurable: true, writable: true });
    return copy;
  };
  return fc.oneof(
    fc.tuple(valid, required.length > 0 ? fc.constantFrom(...required) : name).map(([object, key]) => {
      const copy = { ...object };
      delete copy[key];
      return { value: copy, classes: ["missing-field"] };
    }),
    fc.tuple(valid, name, anyJson).map(([o, key, v]) => ({ value: set(o, key, v), classes: ["wrong-type"] })),
    fc
      .tuple(valid, fc.string({ minLength: 1, maxLength: 12 }), anyJson)
      .map(([o, key, v]) => ({ value: set(o, key, v), classes: ["extra-field"] })),
    fc
      .tuple(valid, prototypeKey, anyJson)
      .map(([o, key, v]) => ({ value: set(o, key, v), classes: ["prototype-key"] })),
    fc.tuple(valid, name, hostileString).map(([o, key, v]) => ({ value: set(o, key, v), classes: ["hostile-string"] })),
    fc.tuple(valid, name, oddNumber).map(([o, key, v]) => ({ value: set(o, key, v), classes: ["odd-number"] })),
  );
}

interface TextTwist {
  apply: (json: string) => string;
  classes: string[];
}

function textTwist(limitBytes: number): fc.Arbitrary<TextTwist> {
  const twist = (name: string, apply: (json: string) => string): TextTwist => ({ apply, classes: [name] });
  return fc.oneof(
    { weight: 14, arbitrary: fc.constant<TextTwist>({ apply: (json) => json, classes: [] }) },
    {
      weight: 4,
      arbitrary: fc.constantFrom(
        twist("malformed-json", (json) => json.slice(0, Math.max(1, Math.floor(json.length / 2)))),
        twist("malformed-json", (json) => `${json}}garbage`),
        twist("malformed-json", (json) => `\ufeff${json}`),
        twist("malformed-json", (json) => json.replaceAll('"', "'")),
        twist("malformed-json", () => "[".repeat(5000) + "]".repeat(5000)),
        twist("malformed-json", () => '{"a":NaN,"b":Infinity}'),
        twist("malformed-json", () => '{"title":"a","title":"b"}'),
        twist("oversized-body", (json) => `${json}${" ".repeat(limitBytes + 1)}`),
        twist("oversized-body", () => JSON.stringify({ title: "z".repeat(limitBytes * 2) })),
      ),
    },
  );
}

const contentType = fc.oneof(
  { weight: 14, arbitrary: fc.constant({ value: "application/json" as string | undefined, classes: [] as string[] }) },
  {
    weight: 3,
    arbitrary: fc.constantFrom<{ value: string | undefined; classes: string[] }>(
      { value: "application/merge-patch+json", classes: [] },
      { value: undefined, classes: ["wrong-content-type"] },
      { value: "text/plain", classes: ["wrong-content-type"] },
      { value: "application/x-www-form-urlencoded", classes: ["wrong-content-type"] },
      { value: "multipart/form-data; boundary=xyz", classes: ["wrong-content-type"] },
      { value: "application/json; charset=utf-16", classes: ["wrong-content-type"] },
      { value: "application/json, text/html", classes: ["wrong-content-type"] },
      { value: "*/*", classes: ["wrong-content-type"] },
    ),
  },
);

interface Coding {
  header?: string;
  apply: (body: Buffer) => Buffer;
  classes: string[];
}

let bomb: Buffer | undefined;

function contentCoding(limitBytes: number): fc.Arbitrary<Coding> {
  const as = (header: string, apply: (body: Buffer) => Buffer, name: string): Coding => ({
    header,
    apply,
    classes: [name],
  });
  // Compressed once, lazily: a few KB that inflate to eight times the body limit.
  const smallBomb = () => (bomb ??= gzipSync(Buffer.alloc(limitBytes * 8), { level: 9 }));
  return fc.oneof(
    { weight: 14, arbitrary: fc.constant<Coding>({ apply: (body) => body, classes: [] }) },
    {
      weight: 4,
      arbitrary: fc.constantFrom(
        as("gzip", (body) => gzipSync(body), "compressed-body"),
        as("GZIP", (body) => gzipSync(body), "compressed-body"),
        as("deflate", (body) => deflateSync(body), "compressed-body"),
        as("br", (body) => brotliCompressSync(body), "compressed-body"),
        as("gzip", (body) => body, "undecodable-encoding"),
        as("deflate", (body) => body, "undecodable-encoding"),
        as("br", (body) => body, "undecodable-encoding"),
        as("gzip", (body) => gzipSync(body).subarray(0, 12), "undecodable-encoding"),
        as("zstd", (body) => body, "unsupported-encoding"),
        as("compress", (body) => body, "unsupported-encoding"),
        as("gzip, gzip", (body) => gzipSync(gzipSync(body)), "unsupported-encoding"),
        as("gzip", () => smallBomb(), "gzip-bomb"),
      ),
    },
  );
}
