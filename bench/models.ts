// Incremental cost of the warehouse: the `daily` schedule on day 60 against day 5 at the same daily
// volume (target: at most 1.3x), and what each incremental statement of the day-60 run reads from
// partitioned tables (recent partitions / new rows, key columns only, or whole table).
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { compileForProject } from "../cli/project";
import { loadConfig } from "../config/load";
import { addDays, landAndIngest } from "../demo/landing-days";
import { generateLanding } from "../ingestion/generate";
import { runLocal } from "../runner/targets/local";
import type { RunResult } from "../runner/targets/run-result";

const PROJECT = loadConfig("dev").gcp.project;
const DAYS = 60;
const START = "2026-09-01";
const TARGET_RATIO = 1.3;
/** Days compared (1-based): medians of five days around day 5 and ending on day 60 steady a shared machine. */
const EARLY = [3, 4, 5, 6, 7];
const LATE = [56, 57, 58, 59, 60];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export interface TableRead {
  action: string;
  table: string;
  reads: string;
}

/**
 * The rest of the query level a position is in, up to the parenthesis that closes it: function
 * arguments kept, nested subqueries left out.
 */
function sameLevel(sql: string, from: number): string {
  const kept: boolean[] = [];
  let out = "";
  for (let i = from; i < sql.length; i++) {
    const c = sql[i]!;
    const inside = kept.every(Boolean);
    if (c === "(") kept.push(/\w\s*$/.test(sql.slice(Math.max(0, i - 20), i)));
    else if (c === ")" && kept.pop() === undefined) break;
    if (inside) out += c;
  }
  return out;
}

const PREDICATES = [
  /(\w+\.)?ingestion_ts\s*>\s*\w+/gi,
  /(\w+\.)?\w+\s*>=\s*date_sub\((date\(\w+\)|current_date\([^)]*\)), interval \d+ day\)/gi,
  /(\w+\.)?customer_id in \(select/gi,
  /(\w+\.)?last_updated_ts >= least\([^)]*\)/gi,
];

/**
 * How each table reference of a statement is read, judged from the SQL text: restricted by a watermark
 * or recent-partition predicate on the same query level, by a key-column-only select, or whole. A
 * heuristic for a report, not a parser.
 */
export function tableReads(action: string, statement: string): TableRead[] {
  const reads: TableRead[] = [];
  const refPattern = /`([^`.]+\.[^`.]+\.[^`.]+)`(\s+as\s+(\w+))?/gi;
  for (let m = refPattern.exec(statement); m; m = refPattern.exec(statement)) {
    const before = statement.slice(0, m.index);
    if (/(insert into|merge|delete from|update|create or replace (table|view)|create table if not exists)\s*$/i.test(before.trimEnd())) continue;
    const alias = m[3];
    const level = sameLevel(statement, m.index + m[0].length);
    const restricting = PREDICATES.flatMap((p) => [...level.matchAll(p)].map((x) => x[0]))
      .filter((p) => { const q = /^(\w+)\./.exec(p)?.[1]; return q === undefined ? !/\bjoin\b/i.test(level) || !alias : q === alias; });
    const selectList = before.slice(before.toLowerCase().lastIndexOf("select") + 6).replace(/\s+from\s*$/i, "").trim();
    const keyColumns = !selectList.includes("*") && selectList.split(",").length <= 4 ? selectList.replace(/\s+/g, " ") : undefined;
    reads.push({
      action,
      table: m[1]!,
      reads: restricting.length > 0 ? `new rows / recent partitions: ${restricting.join(" and ")}` : keyColumns ? `key columns only: ${keyColumns}` : "whole table",
    });
  }
  return reads;
}

export async function run(): Promise<Record<string, unknown>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gigamart-bench-models-"));
  try {
    const warehouseFile = path.join(dir, "warehouse.duckdb");
    const generated = path.join(dir, "generated");
    await generateLanding({ outDir: generated, days: DAYS, startDate: START, seed: 5, stores: 4, products: 60, customers: 500, transactionsPerStoreDay: 80, ordersPerDay: 50 });
    const { graph } = await compileForProject({ projectDir: path.resolve(__dirname, ".."), env: "dev" });

    const dailyMs: number[] = [];
    const bronzeRows: number[] = [];
    let lastRun: RunResult | undefined;
    let dayFiveRun: RunResult | undefined;
    for (let d = 1; d <= DAYS; d++) {
      const report = await landAndIngest(generated, path.join(dir, "landing"), addDays(START, d - 1), warehouseFile, PROJECT);
      bronzeRows.push(report.files.reduce((s, f) => s + f.bronzeRows, 0));
      const run = await runLocal({ graph, warehouseFile, selection: { tags: ["daily"] } });
      if (run.status !== "successful") throw new Error(`daily run of day ${d} failed: ${run.actions.find((a) => a.error)?.error}`);
      dailyMs.push(run.durationMs);
      if (d === 5) dayFiveRun = run;
      lastRun = run;
      process.stderr.write(`\r  day ${d}/${DAYS}: daily ${run.durationMs} ms`);
    }
    process.stderr.write("\n");

    const early = median(EARLY.map((d) => dailyMs[d - 1]!));
    const late = median(LATE.map((d) => dailyMs[d - 1]!));
    const ratio = late / early;
    const perAction = (run: RunResult) => Object.fromEntries(run.actions.filter((a) => a.durationMs > 0).map((a) => [a.name.split(".").pop(), a.durationMs]));
    const incremental = new Set(graph.tables?.filter((t) => t.enumType === "INCREMENTAL").map((t) => t.target?.name) ?? []);
    const reads = lastRun!.actions
      .filter((a) => incremental.has(a.name.split(".").pop()!))
      .flatMap((a) => a.bigquerySql.flatMap((s) => tableReads(a.name.split(".").pop()!, s)));
    return {
      days: DAYS,
      bronze_rows_per_day: { day_5: bronzeRows[4], day_60: bronzeRows[59] },
      daily_run_ms: { day_5: dailyMs[4], day_60: dailyMs[59], median_days_3_7: early, median_days_56_60: late },
      ratio_day60_to_day5: Number(ratio.toFixed(3)),
      target_ratio: TARGET_RATIO,
      meets_target: ratio <= TARGET_RATIO,
      action_ms: { day_5: perAction(dayFiveRun!), day_60: perAction(lastRun!) },
      incremental_reads_day_60: reads,
      whole_table_reads: reads.filter((r) => r.reads === "whole table").length,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
