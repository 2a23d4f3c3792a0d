// The POS stream offline: messages one at a time through the shipped UDF bundle, as
// PubSub_to_BigQuery_Flex runs it, into DuckDB bronze; what the template would dead-letter goes to
// raw_pos_transactions_dead_letter with the template's columns (dead-letter-contract.ts). Rows are
// written in short batches, as the template's streaming writes are, each batch one transaction.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { bronzeTableOf, sourceContract } from "../contracts";
import { BronzeStore } from "../load/bronze_store";
import { UdfSandbox, type UdfFunction } from "../load/udf_sandbox";
import type { RunContext } from "../udf/context_file";
import { javaClassOf, type FailureKind } from "./dead-letter-contract";
import { insertErrors } from "./insert-check";

export interface StreamMessage {
  /** The message data as text (the template decodes it as UTF-8). */
  readonly data: string;
  readonly attributes?: Readonly<Record<string, string>>;
}

export interface ReplayOptions {
  warehouseFile: string;
  project: string;
  dataset?: string;
  /** The streaming job's run context (source_file names the subscription; no ingestion_ts: each call stamps its time). */
  context: RunContext;
  /** Messages per second; unlimited when absent. */
  rate?: number;
  /** The UDF bundle text; default the committed ingestion/udf/dist/gigamart_udf.js. */
  bundle?: string;
  /** Longest a row waits before its batch is written. */
  batchMs?: number;
  /** Called after each batch commits, with the publish times (epoch ms) of the messages it wrote. */
  onCommit?: (publishedAt: readonly number[], committedAt: number) => void;
}

export interface ReplayReport {
  sent: number;
  bronzeRows: number;
  deadLetters: number;
  /** UDF results the template drops (null, undefined, ""): neither loaded nor dead-lettered. */
  dropped: number;
  failures: Record<FailureKind, number>;
  seconds: number;
  /** Achieved messages per second. */
  rate: number;
}

const DEFAULT_BATCH_MS = 100;
const BATCH_ROWS = 2000;
const pad = (n: number, w = 2) => String(n).padStart(w, "0");

/** The template's dead-letter timestamp: "yyyy-MM-dd HH:mm:ss.SSSSSS", UTC. */
export function deadLetterTimestamp(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}000`;
}

/** The payload the template records: the data, or the attribute map as Java's Map.toString prints it. */
function messagePayload(m: StreamMessage): string {
  if (m.data.length > 0) return m.data;
  return `{${Object.entries(m.attributes ?? {}).map(([k, v]) => `${k}=${v}`).join(", ")}}`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One open stream into a warehouse: publish messages, then close to write what is buffered. */
export class StreamReplay {
  private readonly udf: UdfFunction;
  private readonly table = bronzeTableOf(sourceContract("pos"));
  private readonly tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), "gigamart-stream-"));
  private rows: string[] = [];
  private deadLetters: string[] = [];
  private published: number[] = [];
  private oldest = 0;
  private batches = 0;
  private started = 0;
  readonly report: ReplayReport = {
    sent: 0,
    bronzeRows: 0,
    deadLetters: 0,
    dropped: 0,
    failures: { udf_threw: 0, udf_returned_non_string: 0, not_a_json_object: 0, insert_rejected: 0 },
    seconds: 0,
    rate: 0,
  };

  private constructor(
    readonly store: BronzeStore,
    private readonly options: ReplayOptions,
    sandbox: UdfSandbox,
  ) {
    sandbox.setContext(options.context);
    this.udf = sandbox.fn(sourceContract("pos"));
  }

  static async open(options: ReplayOptions): Promise<StreamReplay> {
    const sandbox = new UdfSandbox(options.bundle);
    const store = await BronzeStore.open(options.warehouseFile, options.project, options.dataset ?? "giga_raw", "1GB");
    return new StreamReplay(store, options, sandbox);
  }

  /** Replays every message at the configured rate, then writes what is left. */
  async replay(messages: AsyncIterable<StreamMessage> | Iterable<StreamMessage>): Promise<ReplayReport> {
    const interval = this.options.rate ? 1000 / this.options.rate : 0;
    for await (const m of messages) {
      if (this.started === 0) this.started = Date.now();
      const due = this.started + this.report.sent * interval;
      const wait = due - Date.now();
      if (wait > 1) {
        // Write what is due before sleeping, so a slow rate does not hold rows back.
        if (this.published.length > 0 && Date.now() - this.oldest >= (this.options.batchMs ?? DEFAULT_BATCH_MS)) await this.flush();
        await sleep(wait);
      }
      this.publish(m);
      if (this.rows.length + this.deadLetters.length >= BATCH_ROWS || Date.now() - this.oldest >= (this.options.batchMs ?? DEFAULT_BATCH_MS)) await this.flush();
    }
    await this.flush();
    this.report.seconds = this.started ? (Date.now() - this.started) / 1000 : 0;
    this.report.rate = this.report.seconds > 0 ? this.report.sent / this.report.seconds : 0;
    return this.report;
  }

  /** One message through the UDF, as the template's steps would take it; buffered for the next batch. */
  publish(m: StreamMessage, publishedAt = Date.now()): void {
    if (this.published.length === 0) this.oldest = publishedAt;
    this.report.sent++;
    this.published.push(publishedAt);
    let result: unknown;
    try {
      result = this.udf(m.data);
    } catch (e) {
      const error = e instanceof Error ? e : new Error(String(e));
      return this.deadLetter("udf_threw", messagePayload(m), publishedAt, error.message, error.stack ?? null);
    }
    if (result === null || result === undefined || result === "") {
      this.report.dropped++;
      return;
    }
    if (typeof result !== "string") {
      const error = new Error(`UDF Function did not return a String. Instead got: ${javaClassOf(result)}`);
      return this.deadLetter("udf_returned_non_string", messagePayload(m), publishedAt, error.message, error.stack ?? null);
    }
    let row: unknown;
    try {
      row = JSON.parse(result);
    } catch {
      row = undefined;
    }
    if (row === null || typeof row !== "object" || Array.isArray(row)) {
      const error = new Error(`Failed to serialize json to table row: ${result}`);
      return this.deadLetter("not_a_json_object", messagePayload(m), publishedAt, error.message, error.stack ?? null);
    }
    const errors = insertErrors(this.table, result, row as Record<string, unknown>);
    if (errors.length > 0) return this.deadLetter("insert_rejected", result, publishedAt, JSON.stringify({ errors, index: 0 }), null);
    this.rows.push(result);
    this.report.bronzeRows++;
  }

  private deadLetter(kind: FailureKind, payload: string, publishedAt: number, errorMessage: string, stacktrace: string | null): void {
    this.report.failures[kind]++;
    this.report.deadLetters++;
    this.deadLetters.push(
      JSON.stringify({
        timestamp: deadLetterTimestamp(publishedAt),
        payloadString: payload,
        payloadBytes: Buffer.from(payload, "utf8").toString("base64"),
        attributes: [],
        errorMessage,
        stacktrace,
      }),
    );
  }

  /** Writes the buffered rows and dead letters in one transaction. */
  async flush(): Promise<void> {
    if (this.published.length === 0) return;
    const batch = this.batches++;
    const rowsFile = path.join(this.tmpDir, `rows-${batch % 2}.ndjson`);
    const deadFile = path.join(this.tmpDir, `dead-${batch % 2}.ndjson`);
    await this.store.begin();
    try {
      if (this.rows.length > 0) {
        fs.writeFileSync(rowsFile, this.rows.join("\n") + "\n");
        await this.store.loadNdjson(this.table, rowsFile);
      }
      if (this.deadLetters.length > 0) {
        fs.writeFileSync(deadFile, this.deadLetters.join("\n") + "\n");
        await this.store.loadDeadLetterNdjson(deadFile);
      }
      await this.store.commit();
    } catch (e) {
      await this.store.rollback();
      throw e;
    }
    const published = this.published;
    this.rows = [];
    this.deadLetters = [];
    this.published = [];
    this.options.onCommit?.(published, Date.now());
  }

  close(): void {
    this.store.close();
    fs.rmSync(this.tmpDir, { recursive: true, force: true });
  }
}

/** Opens the warehouse, replays every message and closes it. */
export async function replayStream(messages: AsyncIterable<StreamMessage> | Iterable<StreamMessage>, options: ReplayOptions): Promise<ReplayReport> {
  const replay = await StreamReplay.open(options);
  try {
    return await replay.replay(messages);
  } finally {
    replay.close();
  }
}
