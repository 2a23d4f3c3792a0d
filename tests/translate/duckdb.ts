/** A real in-memory DuckDB set up the way the runner sets it up, and BigQuery-neutral value comparison. */
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { DUCKDB_SESSION_SETUP, type TranslatedStatement } from "../../runner/translate";
import type { CorpusValue } from "../../runner/translate/corpus";

export type Row = Record<string, unknown>;

export async function openDuckDb(catalogs: string[] = []): Promise<DuckDBConnection> {
  const instance = await DuckDBInstance.create(":memory:");
  const conn = await instance.connect();
  for (const sql of DUCKDB_SESSION_SETUP) await conn.run(sql);
  for (const catalog of catalogs) await conn.run(`ATTACH ':memory:' AS "${catalog}"`);
  return conn;
}

export async function query(conn: DuckDBConnection, sql: string): Promise<Row[]> {
  return (await conn.runAndReadAll(sql)).getRowObjectsJson() as Row[];
}

/** Runs translated statements in order; returns the rows of the last one. */
export async function runStatements(conn: DuckDBConnection, statements: TranslatedStatement[]): Promise<Row[]> {
  let rows: Row[] = [];
  for (const s of statements) rows = await query(conn, s.duckdb);
  return rows;
}

const DECIMAL = /^-?\d+(\.\d+)?$/;
const canonicalDecimal = (s: string) => s.replace(/(\.\d*?)0+$/, "$1").replace(/\.$/, "");

/** Compares a DuckDB JSON value with a corpus value written the BigQuery way (see corpus.ts). */
export function sameValue(actual: unknown, expected: CorpusValue): boolean {
  if (expected === null) return actual === null;
  if (typeof expected === "number") return (typeof actual === "number" || typeof actual === "string") && Number(actual) === expected;
  if (typeof expected === "string" || typeof expected === "boolean") return actual === expected;
  if (Array.isArray(expected)) {
    return Array.isArray(actual) && actual.length === expected.length && expected.every((e, i) => sameValue(actual[i], e));
  }
  if ("numeric" in expected && typeof expected.numeric === "string") {
    return typeof actual === "string" && DECIMAL.test(actual) && canonicalDecimal(actual) === canonicalDecimal(expected.numeric);
  }
  if (actual === null || typeof actual !== "object") return false;
  const fields = Object.entries(expected as Record<string, CorpusValue>);
  return Object.keys(actual).length === fields.length && fields.every(([f, e]) => sameValue((actual as Row)[f], e));
}
