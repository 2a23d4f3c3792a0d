// The local loader: landing folder -> UDF bundle (in a bare vm, as shipped) -> DuckDB bronze, in bulk.
// Per file: checksum first (unchanged files are skipped), then lines through the UDF into NDJSON
// chunks, each bulk-loaded with read_json, all in one transaction with the file's manifest row, so a
// file is either fully loaded and accounted for or not at all.
import { randomBytes } from "node:crypto";
import { CRC32C } from "@google-cloud/storage";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { SingleBar } from "cli-progress";
import { bronzeTableOf, sourceContract, sources as allSources } from "../contracts";
import type { SourceContract, SourceName } from "../contracts/types";
import { DEFAULT_TIME_ZONE } from "../udf/context";
import { zoneOffsetMinutes } from "../udf/time";
import { BronzeStore, type ManifestRow } from "./bronze_store";
import { landingFiles, type LandingFile } from "./landing";
import { fileLines, UnreadableFileError } from "./lines";
import { UdfSandbox } from "./udf_sandbox";

export interface IngestOptions {
  landingDir: string;
  warehouseFile: string;
  /** Google Cloud project: the warehouse catalog name (config gcp.project). */
  project: string;
  /** Bronze dataset (config datasets.raw). */
  dataset?: string;
  source?: SourceName | "all";
  /** Source time zone (config landing.source_time_zone). */
  timeZone?: string;
  runId?: string;
  /** Run start; ingestion_ts of every row loaded. */
  now?: Date;
  /** The UDF bundle text; default the committed ingestion/udf/dist/gigamart_udf.js. */
  bundle?: string;
  /** Progress bar on stderr; default: when stderr is a TTY. */
  progress?: boolean;
  /** One line per file as it finishes. */
  log?: (line: string) => void;
  /** NDJSON characters buffered before a bulk load. */
  chunkChars?: number;
  /** DuckDB memory_limit. */
  memoryLimit?: string;
}

export type FileStatus = "loaded" | "new_version" | "unchanged" | "unreadable";

export interface FileOutcome {
  file: string;
  source: SourceName;
  status: FileStatus;
  version: number;
  sizeBytes: number;
  crc32c: string;
  linesRead: number;
  bronzeRows: number;
  headerLines: number;
  invalidRows: number;
  warnRows: number;
  error?: string;
}

export interface IngestReport {
  runId: string;
  ingestionTs: string;
  udfVersion: string;
  files: FileOutcome[];
}

export class IngestError extends Error {
  override name = "IngestError";
}

const DEFAULT_CHUNK_CHARS = 32 * 1024 * 1024;

export async function ingestLanding(options: IngestOptions): Promise<IngestReport> {
  const chosen = !options.source || options.source === "all" ? allSources : [sourceContract(options.source)];
  if (!fs.existsSync(options.landingDir)) throw new IngestError(`landing folder ${options.landingDir} does not exist`);
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  if (zoneOffsetMinutes(timeZone) === null) {
    throw new IngestError(`source time zone '${timeZone}' is not one the UDF supports (Asia/Kolkata, UTC or a fixed +HH:MM offset)`);
  }
  const now = options.now ?? new Date();
  const ingestionTs = now.toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");
  const runId = options.runId ?? `ingest-${ingestionTs.replace(/[-:]/g, "").slice(0, 15)}Z-${randomBytes(3).toString("hex")}`;
  const sandbox = new UdfSandbox(options.bundle);
  const files = landingFiles(options.landingDir, chosen);
  const store = await BronzeStore.open(options.warehouseFile, options.project, options.dataset ?? "giga_raw", options.memoryLimit ?? "1GB");
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), "gigamart-ingest-"));
  const bar = (options.progress ?? process.stderr.isTTY) ? new SingleBar({ format: "ingest {bar} {percentage}% | {value}/{total} MB | {file}", stream: process.stderr }) : null;
  const report: IngestReport = { runId, ingestionTs, udfVersion: sandbox.version, files: [] };
  try {
    const latest = await store.latestVersions();
    const totalMb = Math.ceil(files.reduce((n, f) => n + f.sizeBytes, 0) / 1e6);
    bar?.start(totalMb, 0, { file: "" });
    let doneBytes = 0;
    for (const file of files) {
      bar?.update(Math.floor(doneBytes / 1e6), { file: file.name });
      const base = doneBytes;
      const outcome = await ingestFile(file, {
        store,
        sandbox,
        latest: latest.get(file.name),
        runId,
        ingestionTs,
        timeZone,
        tmpFile: path.join(tmpDir, "chunk.ndjson"),
        chunkChars: options.chunkChars ?? DEFAULT_CHUNK_CHARS,
        onRead: bar ? (read) => bar.update(Math.floor((base + read) / 1e6)) : undefined,
      });
      report.files.push(outcome);
      doneBytes += file.sizeBytes;
      options.log?.(describeOutcome(outcome));
    }
    bar?.update(totalMb, { file: "done" });
  } finally {
    bar?.stop();
    store.close();
    fs.rmSync(tmpDir, { recursive: true, force: true });
  }
  return report;
}

interface FileJob {
  store: BronzeStore;
  sandbox: UdfSandbox;
  latest: { version: number; crc32c: string; status: string } | undefined;
  runId: string;
  ingestionTs: string;
  timeZone: string;
  tmpFile: string;
  chunkChars: number;
  onRead?: (bytesRead: number) => void;
}

async function ingestFile(file: LandingFile, job: FileJob): Promise<FileOutcome> {
  const crc32c = await fileCrc32c(file.path);
  const base: FileOutcome = {
    file: file.name,
    source: file.source.name,
    status: "unchanged",
    version: job.latest?.version ?? 1,
    sizeBytes: file.sizeBytes,
    crc32c,
    linesRead: 0,
    bronzeRows: 0,
    headerLines: 0,
    invalidRows: 0,
    warnRows: 0,
  };
  if (job.latest && job.latest.crc32c === crc32c) {
    return job.latest.status === "UNREADABLE" ? { ...base, error: "unreadable when first seen; unchanged since" } : base;
  }
  const version = job.latest ? job.latest.version + 1 : 1;
  const table = bronzeTableOf(file.source);
  const counts = { linesRead: 0, bronzeRows: 0, headerLines: 0, invalidRows: 0, warnRows: 0 };
  let error: string | undefined;
  await job.store.begin();
  try {
    await runUdf(file, file.source, job, counts, table);
  } catch (e) {
    if (!(e instanceof UnreadableFileError)) {
      await job.store.rollback();
      throw new IngestError(`${file.name}: ${(e as Error).message.split("\n")[0]}`);
    }
    error = e.message;
    await job.store.rollback();
    await job.store.begin();
    Object.assign(counts, { linesRead: 0, bronzeRows: 0, headerLines: 0, invalidRows: 0, warnRows: 0 });
  }
  const row: ManifestRow = {
    source: file.source.name,
    source_file: file.name,
    file_version: version,
    size_bytes: file.sizeBytes,
    crc32c,
    status: error ? "UNREADABLE" : "LOADED",
    error: error ?? null,
    lines_read: counts.linesRead,
    bronze_rows: counts.bronzeRows,
    header_lines: counts.headerLines,
    bronze_table: table.name,
    run_id: job.runId,
    udf_version: job.sandbox.version,
    ingestion_ts: job.ingestionTs,
  };
  await job.store.recordManifest(row);
  await job.store.commit();
  const status: FileStatus = error ? "unreadable" : version > 1 ? "new_version" : "loaded";
  return { ...base, ...counts, status, version, ...(error ? { error } : {}) };
}

async function runUdf(
  file: LandingFile,
  source: SourceContract,
  job: FileJob,
  counts: { linesRead: number; bronzeRows: number; headerLines: number; invalidRows: number; warnRows: number },
  table: ReturnType<typeof bronzeTableOf>,
): Promise<void> {
  const udf = job.sandbox.fn(source);
  const csv = source.format === "csv";
  let chunk: string[] = [];
  let chunkChars = 0;
  let chunkNo = 0;
  // DuckDB loads one chunk on its own threads while the UDF fills the next one.
  let loading: Promise<void> = Promise.resolve();
  const flush = async (): Promise<void> => {
    if (chunk.length === 0) return;
    const tmp = `${job.tmpFile}.${chunkNo++ % 2}`;
    const text = chunk.join("\n") + "\n";
    chunk = [];
    chunkChars = 0;
    await loading;
    fs.writeFileSync(tmp, text);
    loading = job.store.loadNdjson(table, tmp);
    // Surface a failed load at the next await, not as an unhandled rejection.
    loading.catch(() => undefined);
  };
  let first = true;
  try {
    for await (const line of fileLines(file.path, csv, job.onRead)) {
      if (first) {
        // A CSV file's first record is its header: the UDF maps every record by it.
        job.sandbox.setContext({
          source_file: file.name,
          run_id: job.runId,
          ingestion_ts: job.ingestionTs,
          time_zone: job.timeZone,
          ...(csv ? { header: line } : {}),
        });
        first = false;
      }
      counts.linesRead++;
      const row = udf(line);
      if (row === null) {
        counts.headerLines++;
        continue;
      }
      counts.bronzeRows++;
      const status = row.charCodeAt(row.lastIndexOf('"dq_status":"') + 13);
      if (status === 73 /* I */) counts.invalidRows++;
      else if (status === 87 /* W */) counts.warnRows++;
      chunk.push(row);
      chunkChars += row.length;
      if (chunkChars >= job.chunkChars) await flush();
    }
  } catch (e) {
    // The transaction is rolled back next: let the load in flight finish first.
    await loading.catch(() => undefined);
    throw e;
  }
  await flush();
  await loading;
}

/** Cloud Storage's checksum of the bytes, so the manifest identifies a version the same way in both targets. */
async function fileCrc32c(file: string): Promise<string> {
  return (await CRC32C.fromFile(file)).toString();
}

export function describeOutcome(o: FileOutcome): string {
  const counts = `${o.linesRead} lines = ${o.bronzeRows} rows + ${o.headerLines} header (${o.invalidRows} invalid, ${o.warnRows} warn)`;
  switch (o.status) {
    case "loaded":
      return `${o.file}: loaded v${o.version}: ${counts}`;
    case "new_version":
      return `${o.file}: changed since v${o.version - 1}, loaded as v${o.version}: ${counts}`;
    case "unchanged":
      return `${o.file}: unchanged (v${o.version}), skipped${o.error ? ` — ${o.error}` : ""}`;
    case "unreadable":
      return `${o.file}: UNREADABLE, nothing loaded (v${o.version}): ${o.error}`;
  }
}

