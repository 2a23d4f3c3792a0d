import { performance } from "node:perf_hooks";
import * as polyglot from "@polyglot-sql/sdk";
import { DuckDBInstance } from "@duckdb/node-api";
import { DUCKDB_SESSION_SETUP, initTranslator, translateScript } from "../runner/translate";
import { CORPUS } from "../runner/translate/corpus";

/**
 * The translator's cost per statement over the corpus, beside polyglot's bare transpile (what the
 * project's fixes add) and beside running the translated statements on DuckDB (what a run pays).
 */
export async function run(): Promise<Record<string, unknown>> {
  await initTranslator();
  await polyglot.init(); // the translator runs polyglot on its own thread; the bare baseline runs it here
  const ctx = { defaultProject: "bench-project" };
  const translated = CORPUS.map((e) => translateScript(e.bigquery, ctx).map((s) => s.duckdb)).flat();
  const rounds = 5;

  const t0 = performance.now();
  for (let i = 0; i < rounds; i++) for (const e of CORPUS) translateScript(e.bigquery, ctx);
  const translateMs = (performance.now() - t0) / rounds / CORPUS.length;

  const t1 = performance.now();
  for (let i = 0; i < rounds; i++) {
    for (const e of CORPUS) polyglot.transpile(e.bigquery, polyglot.Dialect.BigQuery, polyglot.Dialect.DuckDB, { unsupportedLevel: "raise" });
  }
  const polyglotMs = (performance.now() - t1) / rounds / CORPUS.length;

  const conn = await (await DuckDBInstance.create(":memory:")).connect();
  for (const sql of DUCKDB_SESSION_SETUP) await conn.run(sql);
  const t2 = performance.now();
  for (let i = 0; i < rounds; i++) for (const sql of translated) await conn.runAndReadAll(sql);
  const executeMs = (performance.now() - t2) / rounds / translated.length;

  return {
    statements: CORPUS.length,
    translate_ms_per_statement: Number(translateMs.toFixed(2)),
    polyglot_transpile_ms_per_statement: Number(polyglotMs.toFixed(2)),
    translate_vs_polyglot_ratio: Number((translateMs / polyglotMs).toFixed(2)),
    duckdb_execute_ms_per_statement: Number(executeMs.toFixed(2)),
    translate_vs_execute_ratio: Number((translateMs / executeMs).toFixed(2)),
  };
}
