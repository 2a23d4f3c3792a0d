// `gigamart query` benchmarks, each in a child process so its peak RSS is the query's alone:
//  - CSV: every row of a demo-shaped fact table (1 M rows, GIGAMART_BENCH_QUERY_ROWS to change; the demo's
//    largest, sales_fact, has about 231 k) streamed to a pipe: rows/s (target >= 100 k) and peak RSS (<= 200 MB);
//  - table: the same 1 M rows as `--format table`, which shows 100 and counts the rest (target < 2 s).
// Times run from the query's start to its last byte, with the GoogleSQL analyzer already listening (it
// starts alongside the warehouse in the command; its start-up is reported beside them).
import { fork } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { queryWarehouse } from "../cli/commands/query";
import { startZetaSql } from "../fidelity/zetasql/service";
import { streamSink, type QueryFormat } from "../runner/local/query-output";
import { Warehouse } from "../runner/local/warehouse";

const PROJECT = "gigamart-bench";
const ROWS = Number(process.env.GIGAMART_BENCH_QUERY_ROWS ?? 1_000_000);
const RATE_TARGET = 100_000;
const RSS_TARGET_BYTES = 200 * 1024 ** 2;
const TABLE_TARGET_SECONDS = 2;

interface ChildResult {
  seconds: number;
  analyzer_start_seconds: number;
  max_rss_bytes: number;
}

export async function buildWarehouse(file: string): Promise<void> {
  const warehouse = await Warehouse.open(file);
  try {
    await warehouse.attach(PROJECT);
    await warehouse.createSchema(PROJECT, "giga_mart");
    await warehouse.connection.run(
      `CREATE TABLE "${PROJECT}".giga_mart.sales_fact AS
       SELECT 'T' || i AS transaction_id, i % 4 + 1 AS line_no, DATE '2026-09-01' + CAST(i % 60 AS INTEGER) AS sales_date,
              'S' || lpad(CAST(i % 50 AS VARCHAR), 3, '0') AS store_id, 'P' || lpad(CAST(i % 5000 AS VARCHAR), 5, '0') AS product_id,
              CASE WHEN i % 5 = 0 THEN NULL ELSE 'C' || (i % 100000) END AS customer_id, i % 3 + 1 AS quantity,
              CAST((i % 50000) / 100.0 AS DECIMAL(38, 9)) AS net_amount, i % 33 = 0 AS is_return,
              TIMESTAMPTZ '2026-09-01 00:00:00+00' + to_seconds(i) AS event_ts
       FROM range(${ROWS}) t(i)`,
    );
    await warehouse.recordTableOptions({ database: PROJECT, schema: "giga_mart", name: "sales_fact" }, { partitionBy: "sales_date", clusterBy: ["store_id"] }, false);
  } finally {
    warehouse.close();
  }
}

/** Runs one query in a child process whose stdout the parent drains, as a shell pipe would. */
function queryInChild(file: string, format: QueryFormat): Promise<ChildResult & { output_bytes: number }> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, ["--query-child", file, format], { execArgv: ["--require", "tsx/cjs"], stdio: ["ignore", "pipe", "inherit", "ipc"] });
    let bytes = 0;
    let result: ChildResult | undefined;
    child.stdout!.on("data", (d: Buffer) => (bytes += d.length));
    child.on("message", (m) => (result = m as ChildResult));
    child.on("exit", (code) => (code === 0 && result ? resolve({ ...result, output_bytes: bytes }) : reject(new Error(`query child exited with ${code}`))));
  });
}

async function queryChild(file: string, format: QueryFormat): Promise<void> {
  const t0 = performance.now();
  const service = await startZetaSql();
  const t1 = performance.now();
  await queryWarehouse("select * from giga_mart.sales_fact", { file, project: PROJECT, region: "asia-south1", format, maxRows: 100, service, sink: streamSink(process.stdout) });
  const result: ChildResult = {
    seconds: Number(((performance.now() - t1) / 1000).toFixed(2)),
    analyzer_start_seconds: Number(((t1 - t0) / 1000).toFixed(2)),
    max_rss_bytes: process.resourceUsage().maxRSS * 1024,
  };
  await service.stop();
  process.send!(result, () => process.exit(0));
}

export async function run(): Promise<Record<string, unknown>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gigamart-bench-query-"));
  try {
    const file = path.join(dir, "warehouse.duckdb");
    await buildWarehouse(file);
    const csv = await queryInChild(file, "csv");
    const table = await queryInChild(file, "table");
    const rate = Math.round(ROWS / csv.seconds);
    const csvOk = rate >= RATE_TARGET && csv.max_rss_bytes <= RSS_TARGET_BYTES;
    const tableOk = table.seconds < TABLE_TARGET_SECONDS;
    return {
      rows: ROWS,
      csv: { ...csv, rows_per_second: rate, target_rows_per_second: RATE_TARGET, target_max_rss_bytes: RSS_TARGET_BYTES, meets_target: csvOk },
      table: { ...table, target_seconds: TABLE_TARGET_SECONDS, meets_target: tableOk },
      meets_target: csvOk && tableOk,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === "--query-child") {
  queryChild(process.argv[3]!, process.argv[4] as QueryFormat).catch((e) => {
    process.stderr.write(`bench query child: ${e instanceof Error ? e.message : e}\n`);
    process.exit(1);
  });
}
