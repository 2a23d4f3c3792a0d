// `gigamart query` as a person runs it: the real command (`node cli/bin.js query …`) in its own process,
// against a DuckDB file holding a demo-shaped fact table (1 M rows, GIGAMART_BENCH_QUERY_ROWS to change; the
// demo's largest, sales_fact, has about 231 k), its stdout a pipe this process drains:
//  - CSV of every row: rows/s over the whole command, start-up and the GoogleSQL analyzer included (target
//    >= 100 k), and its peak RSS (<= 200 MB); the peak of it plus its children (the analyzer, tsx's esbuild
//    service) is reported beside it;
//  - table of the same rows (shows 100, counts the rest): seconds, start to exit (target < 2 s).
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { loadConfig } from "../config/load";
import { Warehouse } from "../runner/local/warehouse";

const ROWS = Number(process.env.GIGAMART_BENCH_QUERY_ROWS ?? 1_000_000);
const RATE_TARGET = 100_000;
const RSS_TARGET_BYTES = 200 * 1024 ** 2;
const TABLE_TARGET_SECONDS = 2;
const BIN = path.resolve(__dirname, "../cli/bin.js");
const SQL = "select * from giga_mart.sales_fact";

export async function buildWarehouse(file: string, project: string): Promise<void> {
  const warehouse = await Warehouse.open(file);
  try {
    await warehouse.attach(project);
    await warehouse.createSchema(project, "giga_mart");
    await warehouse.connection.run(
      `CREATE TABLE "${project}".giga_mart.sales_fact AS
       SELECT 'T' || i AS transaction_id, i % 4 + 1 AS line_no, DATE '2026-09-01' + CAST(i % 60 AS INTEGER) AS sales_date,
              'S' || lpad(CAST(i % 50 AS VARCHAR), 3, '0') AS store_id, 'P' || lpad(CAST(i % 5000 AS VARCHAR), 5, '0') AS product_id,
              CASE WHEN i % 5 = 0 THEN NULL ELSE 'C' || (i % 100000) END AS customer_id, i % 3 + 1 AS quantity,
              CAST((i % 50000) / 100.0 AS DECIMAL(38, 9)) AS net_amount, i % 33 = 0 AS is_return,
              TIMESTAMPTZ '2026-09-01 00:00:00+00' + to_seconds(i) AS event_ts
       FROM range(${ROWS}) t(i)`,
    );
    await warehouse.recordTableOptions({ database: project, schema: "giga_mart", name: "sales_fact" }, { partitionBy: "sales_date", clusterBy: ["store_id"] }, false);
  } finally {
    warehouse.close();
  }
}

const statusKb = (pid: number, key: "VmHWM" | "VmRSS"): number => {
  try {
    return Number(fs.readFileSync(`/proc/${pid}/status`, "utf8").match(new RegExp(`${key}:\\s+(\\d+)`))?.[1] ?? 0);
  } catch {
    return 0; // the process has just ended
  }
};

/** Every process below `pid`, through each of its threads' children (/proc/<pid>/task/<tid>/children). */
function descendants(pid: number): number[] {
  let tasks: string[];
  try {
    tasks = fs.readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  const children = tasks.flatMap((tid) => {
    try {
      return fs.readFileSync(`/proc/${pid}/task/${tid}/children`, "utf8").split(" ").filter(Boolean).map(Number);
    } catch {
      return [];
    }
  });
  return children.flatMap((child) => [child, ...descendants(child)]);
}

interface CommandRun {
  seconds: number;
  first_byte_seconds: number;
  max_rss_bytes: number;
  max_rss_with_children_bytes: number;
  output_bytes: number;
  output_lines: number;
  last_line: string;
}

/**
 * Runs the CLI with its stdout drained here, as a shell pipe would. The command's own peak is its kernel
 * high-water mark (VmHWM), read every 10 ms until it ends; with its children, the sum of their current RSS,
 * sampled every 50 ms (the analyzer is stopped before the rows stream, so the two peaks need not coincide).
 */
function runCommand(args: string[]): Promise<CommandRun> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    const pid = child.pid!;
    let firstByte = 0;
    let bytes = 0;
    let lines = 0;
    let tail = "";
    let stderr = "";
    let hwmKb = 0;
    let treeKb = 0;
    child.stdout.on("data", (d: Buffer) => {
      firstByte ||= performance.now();
      bytes += d.length;
      for (let i = d.indexOf(10); i !== -1; i = d.indexOf(10, i + 1)) lines++;
      tail = (tail + d.toString("utf8", Math.max(0, d.length - 512))).slice(-512);
    });
    child.stderr.on("data", (d: Buffer) => (stderr += d));
    const own = setInterval(() => (hwmKb = Math.max(hwmKb, statusKb(pid, "VmHWM"))), 10);
    const tree = setInterval(() => {
      const kb = [pid, ...descendants(pid)].reduce((sum, p) => sum + statusKb(p, "VmRSS"), 0);
      treeKb = Math.max(treeKb, kb);
    }, 50);
    child.on("exit", (code) => {
      const end = performance.now();
      clearInterval(own);
      clearInterval(tree);
      if (code !== 0) return reject(new Error(`gigamart ${args.join(" ")} exited with ${code}: ${stderr.trim()}`));
      resolve({
        seconds: Number(((end - start) / 1000).toFixed(2)),
        first_byte_seconds: Number(((firstByte - start) / 1000).toFixed(2)),
        max_rss_bytes: hwmKb * 1024,
        max_rss_with_children_bytes: Math.max(treeKb, hwmKb) * 1024,
        output_bytes: bytes,
        output_lines: lines,
        last_line: tail.trimEnd().split("\n").pop() ?? "",
      });
    });
    child.on("error", reject);
  });
}

export async function run(): Promise<Record<string, unknown>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gigamart-bench-query-"));
  try {
    const file = path.join(dir, "warehouse.duckdb");
    await buildWarehouse(file, loadConfig("dev").gcp.project);
    const query = (format: string) => runCommand(["query", "--env", "dev", "--warehouse", file, "--format", format, SQL]);
    const csv = await query("csv");
    const table = await query("table");
    if (csv.output_lines !== ROWS + 1) throw new Error(`bench query: CSV has ${csv.output_lines} lines, expected ${ROWS + 1}`);
    if (!table.last_line.startsWith(`(${ROWS.toLocaleString("en-US")} rows;`)) throw new Error(`bench query: the table ends "${table.last_line}"`);
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
