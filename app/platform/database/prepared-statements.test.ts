import { describe, expect, it } from "vitest";
import { isStalePreparedStatementError, maxPreparedStatements, statementName } from "./prepared-statements.js";

describe("statementName", () => {
  it("names a text the same way every time, and different texts differently", () => {
    expect(statementName("SELECT 1")).toBe(statementName("SELECT 1"));
    expect(statementName("SELECT 2")).not.toBe(statementName("SELECT 1"));
  });

  it("stops naming new texts at the bound, and keeps the names it gave", () => {
    const first = statementName("SELECT 1");
    for (let index = 0; index < maxPreparedStatements; index++) statementName(`SELECT ${index} AS n`);
    expect(statementName("SELECT 'one text too many'")).toBeUndefined();
    expect(statementName("SELECT 1")).toBe(first);
  });
});

describe("isStalePreparedStatementError", () => {
  it("knows PostgreSQL's refusal of a statement whose result changed type, and nothing else", () => {
    expect(isStalePreparedStatementError({ code: "0A000", message: "cached plan must not change result type" })).toBe(
      true,
    );
    expect(isStalePreparedStatementError({ code: "0A000", message: "some other unsupported feature" })).toBe(false);
    expect(isStalePreparedStatementError({ code: "23505", message: "duplicate key" })).toBe(false);
    expect(isStalePreparedStatementError(undefined)).toBe(false);
  });
});
