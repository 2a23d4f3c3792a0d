// The live stretch: today's POS events stream in through the stream replay (ingestion/stream, the
// code `gigamart ingest --stream` runs) and the realtime pipeline runs, selected as its workflow
// configuration selects it, after each slice of the stream. A DuckDB file takes one writer at a
// time, so the replay pauses while a run holds the warehouse; in the cloud the two overlap.
// Per message it measures publication to the commit of its batch (pos_sales_today is a view over
// bronze: it shows the row from then on) and to the end of the realtime run after it (sales_fact and
// the monitoring logs hold it from then on).
import * as fs from "node:fs";
import * as path from "node:path";
import { workflowSelection } from "../cloud/desired/dataform";
import { streamingRunContext } from "../cloud/desired/ingestion-jobs";
import type { GigaMartConfig } from "../config/load";
import { MAX_ROW_BYTES } from "../ingestion/stream/dead-letter-contract";
import { landingMessages } from "../ingestion/stream/messages";
import { replayStream, type StreamMessage } from "../ingestion/stream/replay";
import type { CompiledGraph } from "../runner/dataform/compiled-graph";
import { Warehouse } from "../runner/local/warehouse";
import { runLocal } from "../runner/targets/local";
import type { RunResult } from "../runner/targets/run-result";
import { dayFolders } from "./landing-days";

export interface Latency {
  median_ms: number;
  p95_ms: number;
  max_ms: number;
}

/** Nearest-rank median, 95th percentile and maximum. */
export function latency(samples: readonly number[]): Latency {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? 0;
  return { median_ms: rank(0.5), p95_ms: rank(0.95), max_ms: sorted[sorted.length - 1] ?? 0 };
}

/**
 * Copies the POS files a generated landing holds for `date` into `streamDir` (a landing folder of its
 * own, so `gigamart ingest --stream --landing <streamDir>` replays the same messages) and reads them
 * back as messages, one a line.
 */
export async function dayMessages(generated: string, date: string, streamDir: string): Promise<StreamMessage[]> {
  for (const rel of dayFolders(generated, date).filter((r) => r.split(path.sep)[0] === "pos")) {
    fs.cpSync(path.join(generated, rel), path.join(streamDir, rel), { recursive: true });
  }
  const messages: StreamMessage[] = [];
  if (fs.existsSync(streamDir)) for await (const m of landingMessages(streamDir)) messages.push(m);
  return messages;
}

/**
 * What a faulty till sends, spread through `messages`: truncated JSON, a line that is not JSON, a
 * sale without its id (each an INVALID bronze row, as in the cloud) and a sale with a field the
 * contract lacks whose store id is 5 MB of garbage: a WARN row keeps its raw payload, so the row
 * holds the id twice, over BigQuery's 10 MB row limit (a dead letter).
 */
export function withMalformed(messages: readonly StreamMessage[]): { messages: StreamMessage[]; malformed: number } {
  const sale = JSON.parse(messages.find((m) => m.data.startsWith("{"))?.data ?? "{}") as Record<string, unknown>;
  const broken: StreamMessage[] = [
    { data: String(messages[0]?.data ?? '{"transaction_id":"T"}').slice(0, 40) },
    { data: "TILL 4 REBOOTED" },
    { data: JSON.stringify({ ...sale, transaction_id: undefined }) },
    { data: JSON.stringify({ ...sale, transaction_id: `${String(sale.transaction_id)}-JAM`, till_dump: true, store_id: "S".repeat(MAX_ROW_BYTES / 2 + 16) }) },
  ];
  const out = [...messages];
  broken.forEach((m, i) => out.splice(Math.floor(((i + 1) * out.length) / (broken.length + 1)), 0, m));
  return { messages: out, malformed: broken.length };
}

export interface LiveStretchOptions {
  graph: CompiledGraph;
  warehouseFile: string;
  config: GigaMartConfig;
  messages: readonly StreamMessage[];
  /** Messages per second; unlimited when absent. */
  rate?: number;
  /** Realtime runs: the stream is cut into this many slices, each followed by one run. */
  runs: number;
  onRun?: (run: RunResult, slice: number, sent: number) => void;
}

export interface StreamCounts {
  /** Bronze rows the stream wrote (its source_file), INVALID ones, FUTURE_TIMESTAMP-flagged ones. */
  bronze: number;
  invalid: number;
  future: number;
  deadLetters: number;
}

export interface LiveStretchResult {
  sent: number;
  bronzeRows: number;
  deadLetters: number;
  dropped: number;
  /** What the warehouse gained, counted there, not taken from the replay's report. */
  added: StreamCounts;
  /** Messages per second while streaming (the pauses for the runs left out). */
  rate: number;
  streamSeconds: number;
  runs: RunResult[];
  /** Publication to the commit of its batch: from then on pos_sales_today shows it. */
  toView: Latency;
  /** Publication to the end of the realtime run after it. */
  toRealtimeRun: Latency;
  posSalesToday: { storeHours: number; transactions: number; net: number };
  seconds: number;
}

async function read<T>(config: GigaMartConfig, warehouseFile: string, sql: string): Promise<T[]> {
  const warehouse = await Warehouse.open(warehouseFile, { readOnly: true });
  try {
    await warehouse.attach(config.gcp.project);
    return (await warehouse.connection.runAndReadAll(sql)).getRowObjectsJson() as T[];
  } finally {
    warehouse.close();
  }
}

async function streamCounts(config: GigaMartConfig, warehouseFile: string, sourceFile: string): Promise<StreamCounts> {
  const raw = `"${config.gcp.project}"."${config.datasets.raw}"`;
  const [row] = await read<Record<string, string>>(
    config,
    warehouseFile,
    `SELECT (SELECT count(*) FROM ${raw}.raw_pos_transactions WHERE source_file = '${sourceFile}') AS bronze,
            (SELECT count(*) FROM ${raw}.raw_pos_transactions WHERE source_file = '${sourceFile}' AND dq_status = 'INVALID') AS invalid,
            (SELECT count(*) FROM ${raw}.raw_pos_transactions WHERE source_file = '${sourceFile}' AND list_contains(dq_errors, 'FUTURE_TIMESTAMP')) AS future,
            (SELECT count(*) FROM ${raw}.raw_pos_transactions_dead_letter) AS dead_letters`,
  );
  return { bronze: Number(row!.bronze), invalid: Number(row!.invalid), future: Number(row!.future), deadLetters: Number(row!.dead_letters) };
}

export async function liveStretch(o: LiveStretchOptions): Promise<LiveStretchResult> {
  const started = Date.now();
  const context = streamingRunContext(o.config);
  const sourceFile = context.source_file ?? "";
  const selection = workflowSelection(o.config, "realtime");
  const before = await streamCounts(o.config, o.warehouseFile, sourceFile);
  const toView: number[] = [];
  const toRun: number[] = [];
  const runs: RunResult[] = [];
  const totals = { sent: 0, bronzeRows: 0, deadLetters: 0, dropped: 0, seconds: 0 };
  const size = Math.ceil(o.messages.length / o.runs);
  for (let i = 0; i < o.runs; i++) {
    const published: number[] = [];
    const report = await replayStream(o.messages.slice(i * size, (i + 1) * size), {
      warehouseFile: o.warehouseFile,
      project: o.config.gcp.project,
      dataset: o.config.datasets.raw,
      context,
      rate: o.rate,
      onCommit: (at, committedAt) => {
        for (const p of at) toView.push(committedAt - p);
        published.push(...at);
      },
    });
    for (const k of ["sent", "bronzeRows", "deadLetters", "dropped", "seconds"] as const) totals[k] += report[k];
    const run = await runLocal({ graph: o.graph, warehouseFile: o.warehouseFile, selection });
    const finished = Date.now();
    for (const p of published) toRun.push(finished - p);
    runs.push(run);
    o.onRun?.(run, i, report.sent);
  }
  const after = await streamCounts(o.config, o.warehouseFile, sourceFile);
  const [today] = await read<Record<string, string>>(
    o.config,
    o.warehouseFile,
    `SELECT count(*) AS store_hours, coalesce(sum(transactions), 0) AS transactions, coalesce(sum(net_sales), 0) AS net FROM "${o.config.gcp.project}"."${o.config.datasets.mart}".pos_sales_today`,
  );
  return {
    sent: totals.sent,
    bronzeRows: totals.bronzeRows,
    deadLetters: totals.deadLetters,
    dropped: totals.dropped,
    added: {
      bronze: after.bronze - before.bronze,
      invalid: after.invalid - before.invalid,
      future: after.future - before.future,
      deadLetters: after.deadLetters - before.deadLetters,
    },
    rate: totals.seconds > 0 ? totals.sent / totals.seconds : 0,
    streamSeconds: totals.seconds,
    runs,
    toView: latency(toView),
    toRealtimeRun: latency(toRun),
    posSalesToday: { storeHours: Number(today!.store_hours), transactions: Number(today!.transactions), net: Number(today!.net) },
    seconds: (Date.now() - started) / 1000,
  };
}

/** What would make the stretch's figures untrue: counts that do not add up, or nothing to show today. */
export function liveStretchProblems(r: LiveStretchResult): string[] {
  const problems: string[] = [];
  if (r.bronzeRows + r.deadLetters + r.dropped !== r.sent) problems.push(`${r.bronzeRows} bronze + ${r.deadLetters} dead letters + ${r.dropped} dropped != ${r.sent} sent`);
  if (r.added.bronze !== r.bronzeRows) problems.push(`the replay wrote ${r.bronzeRows} bronze rows, the warehouse gained ${r.added.bronze}`);
  if (r.added.deadLetters !== r.deadLetters) problems.push(`the replay wrote ${r.deadLetters} dead letters, the warehouse gained ${r.added.deadLetters}`);
  if (r.posSalesToday.storeHours === 0) problems.push("pos_sales_today is empty");
  return problems;
}
