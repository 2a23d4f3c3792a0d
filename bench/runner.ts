import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { compileProject } from "../runner/dataform/compile";
import { runLocal } from "../runner/targets/local";
import { Warehouse } from "../runner/local/warehouse";

const PROJECT = path.join(__dirname, "projects", "runner-overhead");
const ROUNDS = 3;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const freshFile = () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), "gigamart-bench-")), "w.duckdb");

/**
 * The runner's overhead: the same project through `runLocal` against the very statements it executed,
 * replayed straight into DuckDB on a fresh warehouse. Rounds alternate so neither side gets a warm cache.
 */
export async function run(): Promise<Record<string, unknown>> {
  const compileStarted = performance.now();
  const graph = await compileProject({ projectDir: PROJECT });
  const compileMs = performance.now() - compileStarted;

  const runnerMs: number[] = [];
  const directMs: number[] = [];
  let statements: string[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const started = performance.now();
    const result = await runLocal({ graph, warehouseFile: freshFile() });
    runnerMs.push(performance.now() - started);
    if (result.status !== "successful") throw new Error(`bench project failed: ${result.actions.find((a) => a.error)?.error}`);
    statements = result.actions.flatMap((a) => a.duckdbSql);

    const warehouse = await Warehouse.open(freshFile());
    const directStarted = performance.now();
    await warehouse.attach("bench-proj");
    for (const schema of ["bench", "bench_checks"]) await warehouse.createSchema("bench-proj", schema);
    for (const sql of statements) await warehouse.connection.run(sql);
    directMs.push(performance.now() - directStarted);
    warehouse.close();
  }
  const runner = median(runnerMs);
  const direct = median(directMs);
  return {
    benchmark: "runner overhead",
    statements: statements.length,
    rounds: ROUNDS,
    compile_ms: Math.round(compileMs),
    runner_ms_median: Math.round(runner),
    direct_duckdb_ms_median: Math.round(direct),
    ratio_runner_to_direct: Number((runner / direct).toFixed(3)),
    target_ratio_max: 1.15,
    meets_target: runner / direct <= 1.15,
    note: "compile (one `dataform compile` worker) is reported apart: it does not grow with the work.",
  };
}
