// The real pipeline for model tests: the project compiled once with the real Dataform compiler, a fresh
// DuckDB warehouse per test, bronze rows inserted directly (or loaded by the real loader), and the
// runner executing the selected actions exactly as it does for `gigamart run`.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { compileForProject } from "../../cli/project";
import { loadConfig } from "../../config/load";
import { bronzeTable, duckDbDdl } from "../../ingestion/contracts";
import type { CompiledGraph } from "../../runner/dataform/compiled-graph";
import { runLocal } from "../../runner/targets/local";
import type { RunResult } from "../../runner/targets/run-result";
import { Warehouse } from "../../runner/local/warehouse";

export const ROOT = path.resolve(__dirname, "../..");
export const PROJECT = loadConfig("dev").gcp.project;
const RAW = "giga_raw";

const graphs = new Map<string, Promise<CompiledGraph>>();

/**
 * The project as the dev release configuration compiles it, with `--vars` on top (e.g.
 * "late_window_days=60"); compiled once per test process and vars.
 */
export function projectGraph(vars = ""): Promise<CompiledGraph> {
  if (!graphs.has(vars)) graphs.set(vars, compileForProject({ projectDir: ROOT, env: "dev", vars: vars || undefined }).then((compiled) => compiled.graph));
  return graphs.get(vars)!;
}

/** A value for a bronze row; `{ sql }` is a DuckDB literal written as is (e.g. a list of structs). */
export type SqlValue = string | number | boolean | null | Date | { sql: string };

function literal(value: SqlValue): string {
  if (value === null) return "NULL";
  if (value instanceof Date) return `TIMESTAMPTZ '${value.toISOString()}'`;
  if (typeof value === "string") return `'${value.replace(/'/g, "''")}'`;
  if (typeof value === "object") return value.sql;
  return String(value);
}

export class TestWarehouse {
  private constructor(
    readonly dir: string,
    readonly file: string,
  ) {}

  static async create(bronze: readonly string[] = []): Promise<TestWarehouse> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gigamart-models-"));
    const test = new TestWarehouse(dir, path.join(dir, "warehouse.duckdb"));
    await test.withWarehouse(async (w) => {
      await w.createSchema(PROJECT, RAW);
      for (const table of bronze) await w.connection.run(duckDbDdl(bronzeTable(table), PROJECT, RAW));
    });
    return test;
  }

  private async withWarehouse<T>(use: (w: Warehouse) => Promise<T>, readOnly = false): Promise<T> {
    const warehouse = await Warehouse.open(this.file, { readOnly });
    try {
      await warehouse.attach(PROJECT);
      return await use(warehouse);
    } finally {
      warehouse.close();
    }
  }

  /** Inserts rows into a bronze table, columns by name (the rest stay null). */
  async insertBronze(table: string, rows: readonly Record<string, SqlValue>[]): Promise<void> {
    if (rows.length === 0) return;
    const columns = Object.keys(rows[0]!);
    const values = rows.map((r) => `(${columns.map((c) => literal(r[c] ?? null)).join(", ")})`).join(",\n");
    await this.withWarehouse((w) => w.connection.run(`INSERT INTO "${PROJECT}"."${RAW}"."${table}" (${columns.join(", ")}) VALUES ${values}`));
  }

  /**
   * Runs the named actions (and those of `tags`) and everything they depend on, as
   * `gigamart run --actions … --tags … --include-deps`.
   */
  async run(actions: readonly string[], options: { fullRefresh?: boolean; vars?: string; tags?: readonly string[] } = {}): Promise<RunResult> {
    return runLocal({
      graph: await projectGraph(options.vars),
      warehouseFile: this.file,
      selection: { actions: [...actions], tags: [...(options.tags ?? [])], includeDependencies: true },
      fullRefresh: options.fullRefresh,
    });
  }

  /** Runs DuckDB SQL against the warehouse (catalog = project) and returns JSON-safe rows. */
  async query<T = Record<string, unknown>>(sql: string): Promise<T[]> {
    return this.withWarehouse(async (w) => (await w.connection.runAndReadAll(sql)).getRowObjectsJson() as T[], true);
  }

  remove(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The failed or skipped actions of a run, with their errors, for an assertion message. */
export function failures(run: RunResult): string {
  return run.actions
    .filter((a) => a.status === "failed" || a.status === "skipped")
    .map((a) => `${a.name}: ${a.error ?? a.status}`)
    .join("\n");
}
