// Ingestion benchmarks, measured in one run:
//  - UDF speed: process_pos (the shipped bundle, in a bare vm) over POS lines, as a ratio to a bare
//    JSON.parse + JSON.stringify loop over the same lines in the same context (target >= 0.40);
//  - loader memory: ingestLanding on 10 million POS lines (GIGAMART_BENCH_POS_LINES to change),
//    run in a child process so its peak RSS is the loader's alone (target <= 2 GB).
import { fork } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import * as vm from "node:vm";
import { ingestLanding } from "../ingestion/load";
import { UdfSandbox } from "../ingestion/load/udf_sandbox";
import { pos } from "../ingestion/contracts";

const RATE_LINES = 200_000;
// Best of several interleaved rounds: on a shared machine a single round can land in a burst of
// other work, and the ratio swung from 0.28 to 0.42 between runs with three rounds.
const ROUNDS = 7;
const LOAD_LINES = Number(process.env.GIGAMART_BENCH_POS_LINES ?? 10_000_000);
const LOAD_FILES = 10;
const RATIO_TARGET = 0.4;
const RSS_TARGET_BYTES = 2 * 1024 ** 3;

/** A tiny deterministic POS line maker (mulberry32), independent of the synthetic-data generator. */
export function posLineMaker(seed: number): (n: number) => string {
  let state = seed >>> 0;
  const rand = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  return (n) => {
    const store = 1 + Math.floor(rand() * 50);
    const lineCount = 1 + Math.floor(rand() * 4);
    let totalCents = 0;
    const lines = [];
    for (let i = 1; i <= lineCount; i++) {
      const quantity = rand() < 0.03 ? -1 : 1 + Math.floor(rand() * 3);
      const priceCents = 500 + Math.floor(rand() * 50000);
      const discountCents = rand() < 0.2 ? Math.floor(priceCents / 10) : 0;
      totalCents += quantity * priceCents - discountCents;
      lines.push({ line_no: i, product_id: `P${String(1 + Math.floor(rand() * 5000)).padStart(5, "0")}`, quantity, unit_price: priceCents / 100, discount: discountCents / 100 });
    }
    const day = 1 + (n % 28);
    const second = 8 * 3600 + Math.floor(rand() * 14 * 3600);
    const hh = String(Math.floor(second / 3600)).padStart(2, "0");
    const mm = String(Math.floor((second % 3600) / 60)).padStart(2, "0");
    const ss = String(second % 60).padStart(2, "0");
    return JSON.stringify({
      transaction_id: `T${store}-${n}`,
      store_id: `S${String(store).padStart(3, "0")}`,
      register_id: `R${1 + Math.floor(rand() * 8)}`,
      event_ts: `2026-10-${String(day).padStart(2, "0")}T${hh}:${mm}:${ss}+05:30`,
      customer_id: rand() < 0.4 ? null : `C${String(Math.floor(rand() * 100000)).padStart(6, "0")}`,
      payment_type: pick(["CASH", "CARD", "UPI", "WALLET"]),
      currency: "INR",
      lines,
      total_amount: totalCents / 100,
    });
  };
}

/** Best rate of each contender over interleaved rounds, so a busy machine hurts them alike. */
function bestRates(contenders: Record<string, () => void>, count: number): Record<string, number> {
  const best: Record<string, number> = Object.fromEntries(Object.keys(contenders).map((k) => [k, 0]));
  for (let r = 0; r < ROUNDS; r++) {
    for (const [name, fn] of Object.entries(contenders)) {
      const t0 = performance.now();
      fn();
      best[name] = Math.max(best[name]!, count / ((performance.now() - t0) / 1000));
    }
  }
  return best;
}

function udfRate(): Record<string, number> {
  const make = posLineMaker(42);
  const lines = Array.from({ length: RATE_LINES }, (_, i) => make(i));
  const sandbox = new UdfSandbox();
  sandbox.setContext({ source_file: "pos/bench.jsonl", run_id: "bench", ingestion_ts: "2026-11-27T00:00:00Z" });
  const udf = sandbox.fn(pos);
  // The baseline runs in a vm context too, with JSON bound locally as the bundle binds its built-ins
  // (a global lookup in a vm context is slow, which would flatter the ratio).
  const baselineInVm = vm.runInContext(
    "(function (JSON) { return function (lines) { var out; for (var i = 0; i < lines.length; i++) out = JSON.stringify(JSON.parse(lines[i])); return out; }; })(JSON)",
    vm.createContext({}),
  ) as (lines: string[]) => string;
  const rates = bestRates(
    {
      udf: () => {
        for (let i = 0; i < lines.length; i++) udf(lines[i]!);
      },
      vm: () => baselineInVm(lines),
      main: () => {
        for (let i = 0; i < lines.length; i++) JSON.stringify(JSON.parse(lines[i]!));
      },
    },
    lines.length,
  );
  return {
    lines: lines.length,
    mean_line_bytes: Math.round(lines.reduce((n, l) => n + l.length, 0) / lines.length),
    udf_lines_per_second: Math.round(rates.udf!),
    json_roundtrip_vm_lines_per_second: Math.round(rates.vm!),
    json_roundtrip_main_realm_lines_per_second: Math.round(rates.main!),
    // The target is judged on the lower of the two ratios.
    udf_to_json_ratio: Number((rates.udf! / Math.max(rates.vm!, rates.main!)).toFixed(3)),
  };
}

async function writeLanding(dir: string, total: number): Promise<number> {
  const make = posLineMaker(7);
  let bytes = 0;
  let n = 0;
  for (let f = 0; f < LOAD_FILES; f++) {
    const file = path.join(dir, "pos", `2026-10-${String(f + 1).padStart(2, "0")}`, "batch.jsonl");
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const out = fs.createWriteStream(file);
    const perFile = Math.ceil(total / LOAD_FILES);
    for (let i = 0; i < perFile && n < total; i += 1000) {
      const block: string[] = [];
      for (let k = 0; k < 1000 && i + k < perFile && n < total; k++) block.push(make(n++));
      const text = block.join("\n") + "\n";
      bytes += Buffer.byteLength(text);
      if (!out.write(text)) await new Promise<void>((r) => out.once("drain", () => r()));
    }
    await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  }
  return bytes;
}

interface LoadResult {
  seconds: number;
  rows: number;
  lines_read: number;
  max_rss_bytes: number;
}

function loadInChild(landingDir: string, warehouseFile: string): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, ["--load-child", landingDir, warehouseFile], { execArgv: ["--require", "tsx/cjs"], stdio: ["ignore", "pipe", "inherit", "ipc"] });
    child.on("message", (m) => resolve(m as LoadResult));
    child.on("exit", (code) => (code === 0 ? undefined : reject(new Error(`loader child exited with ${code}`))));
  });
}

async function loadChild(landingDir: string, warehouseFile: string): Promise<void> {
  const t0 = performance.now();
  const report = await ingestLanding({ landingDir, warehouseFile, project: "gigamart-bench", source: "pos", progress: false });
  const result: LoadResult = {
    seconds: Number(((performance.now() - t0) / 1000).toFixed(1)),
    rows: report.files.reduce((n, f) => n + f.bronzeRows, 0),
    lines_read: report.files.reduce((n, f) => n + f.linesRead, 0),
    max_rss_bytes: process.resourceUsage().maxRSS * 1024,
  };
  process.send!(result, () => process.exit(0));
}

export async function run(): Promise<Record<string, unknown>> {
  const rate = udfRate();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gigamart-bench-ingest-"));
  try {
    const landingBytes = await writeLanding(path.join(dir, "landing"), LOAD_LINES);
    const load = await loadInChild(path.join(dir, "landing"), path.join(dir, "warehouse.duckdb"));
    const rssOk = load.max_rss_bytes <= RSS_TARGET_BYTES;
    const ratioOk = rate.udf_to_json_ratio! >= RATIO_TARGET;
    return {
      udf: { ...rate, target_ratio: RATIO_TARGET, meets_target: ratioOk },
      loader: {
        pos_lines: LOAD_LINES,
        files: LOAD_FILES,
        landing_bytes: landingBytes,
        ...load,
        rows_per_second: Math.round(load.rows / load.seconds),
        max_rss_mb: Math.round(load.max_rss_bytes / 1024 ** 2),
        target_max_rss_mb: RSS_TARGET_BYTES / 1024 ** 2,
        all_lines_loaded: load.rows === LOAD_LINES && load.lines_read === LOAD_LINES,
        meets_target: rssOk && load.rows === LOAD_LINES,
      },
      meets_target: ratioOk && rssOk && load.rows === LOAD_LINES,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module && process.argv[2] === "--load-child") {
  loadChild(process.argv[3]!, process.argv[4]!).catch((e) => {
    process.stderr.write(`bench ingestion loader: ${e instanceof Error ? e.message : e}\n`);
    process.exit(1);
  });
}
