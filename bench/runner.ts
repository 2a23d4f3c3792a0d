import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { startZetaSql } from "../fidelity/zetasql/service";
import { compileProject } from "../runner/dataform/compile";
import type { CompiledGraph } from "../runner/dataform/compiled-graph";
import { Warehouse } from "../runner/local/warehouse";
import { forgetVerdicts } from "../runner/targets/analyzer-gate";
import { runLocal } from "../runner/targets/local";
import type { ZetaSqlService } from "../fidelity/zetasql/service";

const PROJECT = path.join(__dirname, "projects", "runner-overhead");
const ROUNDS = Number(process.env.GIGAMART_BENCH_RUNNER_ROUNDS ?? 5);
const TARGET_VS_DIRECT = 1.3;
const TARGET_GATE = 1.3;

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const median = (xs: number[]) => sorted(xs)[Math.floor(xs.length / 2)]!;
const stats = (xs: number[]) => ({ min: Math.round(sorted(xs)[0]!), median: Math.round(median(xs)), max: Math.round(sorted(xs).at(-1)!) });
const ratio = (a: number, b: number) => Number((a / b).toFixed(3));
const freshFile = () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), "gigamart-bench-")), "w.duckdb");

async function timedRun(graph: CompiledGraph, analyzer: ZetaSqlService, analyzed: boolean): Promise<{ ms: number; statements: string[] }> {
  // A fresh verdict means the run pays for the whole GoogleSQL analysis, as every `gigamart run` process does.
  if (analyzed) forgetVerdicts();
  const started = performance.now();
  const result = await runLocal({ graph, warehouseFile: freshFile(), analyzer });
  const ms = performance.now() - started;
  if (result.status !== "successful") throw new Error(`bench project failed: ${result.actions.find((a) => a.error)?.error}`);
  return { ms, statements: result.actions.flatMap((a) => a.duckdbSql) };
}

async function direct(statements: string[]): Promise<number> {
  const warehouse = await Warehouse.open(freshFile());
  const started = performance.now();
  await warehouse.attach("bench-proj");
  for (const schema of ["bench", "bench_checks"]) await warehouse.createSchema("bench-proj", schema);
  for (const sql of statements) await warehouse.connection.run(sql);
  const ms = performance.now() - started;
  warehouse.close();
  return ms;
}

/**
 * The runner's overhead, all measured in this one process: the same project through `runLocal` with a
 * fresh analyzer verdict (every statement analyzed by GoogleSQL first), through `runLocal` with the
 * verdict already known (the run without analysis), and the very statements it executed replayed straight
 * into DuckDB on a fresh warehouse. Each round runs the three in a rotated order so none always runs warm.
 */
export async function run(): Promise<Record<string, unknown>> {
  const compileStarted = performance.now();
  const graph = await compileProject({ projectDir: PROJECT });
  const compileMs = performance.now() - compileStarted;
  const serviceStarted = performance.now();
  const analyzer = await startZetaSql();
  const serviceMs = performance.now() - serviceStarted;

  const gatedMs: number[] = [];
  const ungatedMs: number[] = [];
  const directMs: number[] = [];
  let statements = (await timedRun(graph, analyzer, true)).statements; // warm-up, and the statements to replay
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const steps = [
        async () => gatedMs.push((await timedRun(graph, analyzer, true)).ms),
        async () => {
          const r = await timedRun(graph, analyzer, false);
          ungatedMs.push(r.ms);
          statements = r.statements;
        },
        async () => directMs.push(await direct(statements)),
      ];
      for (let i = 0; i < steps.length; i++) await steps[(i + round) % steps.length]!();
    }
  } finally {
    await analyzer.stop();
  }
  const gated = median(gatedMs);
  const ungated = median(ungatedMs);
  const straight = median(directMs);
  const vsDirect = gated / straight;
  const vsUngated = gated / ungated;
  return {
    benchmark: "runner overhead, with the analyzer gate",
    statements: statements.length,
    rounds: ROUNDS,
    compile_ms: Math.round(compileMs),
    analyzer_start_ms: Math.round(serviceMs),
    runner_with_analysis_ms: stats(gatedMs),
    runner_without_analysis_ms: stats(ungatedMs),
    direct_duckdb_ms: stats(directMs),
    ratio_with_analysis_to_without: ratio(gated, ungated),
    ratio_with_analysis_to_direct: ratio(gated, straight),
    ratio_without_analysis_to_direct: ratio(ungated, straight),
    ratio_of_minimums_with_analysis_to_direct: ratio(sorted(gatedMs)[0]!, sorted(directMs)[0]!),
    target_ratio_max: TARGET_VS_DIRECT,
    meets_target: vsDirect <= TARGET_VS_DIRECT && vsUngated <= TARGET_GATE,
    note:
      "ratios are of medians over the rounds; min/median/max show the spread. Compile and the analyzer's start are reported apart: " +
      "`gigamart run` starts the analyzer while the project compiles, and neither grows with the work.",
  };
}
