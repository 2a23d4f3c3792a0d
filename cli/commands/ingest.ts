import * as fs from "node:fs";
import * as path from "node:path";
import { Option, type Command } from "commander";
import { ENVIRONMENTS } from "../../config/environments";
import { loadConfig, type GigaMartConfig } from "../../config/load";
import { SOURCE_NAMES, sourceContract, sources } from "../../ingestion/contracts";
import type { SourceName } from "../../ingestion/contracts/types";
import { describeLaunch, dryRunJson, launchIngestion, type Cadence } from "../../cloud/launch";
import { ingestLanding, type IngestReport } from "../../ingestion/load";
import { describeLandingProblems, scanLanding } from "../../ingestion/load/landing";
import { streamingRunContext } from "../../cloud/desired/ingestion-jobs";
import { landingMessages, streamMessages } from "../../ingestion/stream/messages";
import { replayStream, type ReplayReport } from "../../ingestion/stream/replay";

export interface IngestFlags {
  landing?: string;
  warehouse?: string;
  source: SourceName | "all";
  env: string;
}

interface CommandFlags extends IngestFlags {
  target: "local" | "bigquery";
  dryRun?: boolean;
  fromBucket?: boolean;
  date?: string[];
  runId?: string;
  scheduled?: Cadence;
  at?: string;
  stream?: boolean;
  rate?: string;
}

/** `--stream`: POS messages one at a time through the streaming job's UDF and dead-letter rules, into local bronze. */
async function ingestStream(flags: CommandFlags, config: GigaMartConfig): Promise<ReplayReport> {
  if (flags.target !== "local") throw new Error("--stream replays the POS stream into the local warehouse; in the cloud, publish to the topic instead");
  const rate = flags.rate === undefined ? undefined : Number(flags.rate);
  if (rate !== undefined && !(rate > 0)) throw new Error(`--rate '${flags.rate}': expected messages per second, a number above 0`);
  const landing = flags.landing ? path.resolve(flags.landing) : undefined;
  if (landing && !fs.existsSync(landing)) throw new Error(`landing folder ${landing} does not exist`);
  const context = streamingRunContext(config);
  const report = await replayStream(landing ? landingMessages(landing) : streamMessages(process.stdin), {
    warehouseFile: path.resolve(flags.warehouse ?? config.warehouse.local_file),
    project: config.gcp.project,
    dataset: config.datasets.raw,
    context,
    rate,
  });
  const failures = Object.entries(report.failures).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k}`);
  process.stdout.write(
    `stream ${context.source_file}: ${report.sent} messages in ${report.seconds.toFixed(1)}s (${report.rate.toFixed(0)} msg/s${rate ? `, asked ${rate}` : ""}): ` +
      `${report.bronzeRows} bronze rows + ${report.deadLetters} dead letters${failures.length ? ` (${failures.join(", ")})` : ""} + ${report.dropped} dropped = ${report.bronzeRows + report.deadLetters + report.dropped}\n`,
  );
  return report;
}

/** The cloud target: Dataflow templates run the same UDF bundle; a dry run prints every request as JSON. */
async function ingestOnGoogleCloud(flags: CommandFlags, config: GigaMartConfig): Promise<void> {
  if (flags.at !== undefined && !flags.scheduled) throw new Error("--at: give --scheduled daily|hourly too (it picks the window the run at that time loads)");
  const at = flags.at === undefined ? undefined : new Date(flags.at);
  if (at && Number.isNaN(at.getTime())) throw new Error(`--at '${flags.at}': expected an RFC 3339 time, e.g. 2026-11-27T01:00:00+05:30`);
  const result = await launchIngestion({
    ...(flags.scheduled ? { scheduled: { cadence: flags.scheduled, ...(at ? { at } : {}) } } : {}),
    config,
    dryRun: flags.dryRun,
    sources: flags.source === "all" ? undefined : [flags.source],
    landingDir: flags.fromBucket ? undefined : flags.landing,
    fromBucket: flags.fromBucket,
    dates: flags.date,
    runId: flags.runId,
  });
  if (result.requests) process.stdout.write(dryRunJson(result.requests) + "\n");
  process.stderr.write(describeLaunch(result));
}

/**
 * The local target: landing folder -> DuckDB bronze. A cloud target (`--target bigquery`) adds its
 * own branch in `register` and leaves this function as it is.
 */
export async function ingestLocal(flags: IngestFlags, config: GigaMartConfig, log: (line: string) => void = (l) => process.stdout.write(l + "\n")): Promise<IngestReport> {
  return ingestLanding({
    landingDir: path.resolve(flags.landing ?? config.landing.local_dir),
    warehouseFile: path.resolve(flags.warehouse ?? config.warehouse.local_file),
    project: config.gcp.project,
    dataset: config.datasets.raw,
    source: flags.source,
    timeZone: config.landing.source_time_zone,
    log,
  });
}

export function register(program: Command): void {
  program
    .command("ingest")
    .description("load landing files into bronze with the UDF bundle: locally into DuckDB, or through Dataflow templates on Google Cloud")
    .addOption(new Option("--target <target>", "where bronze lives").choices(["local", "bigquery"]).default("local"))
    .option("--landing <dir>", "landing folder (default: config landing.local_dir)")
    .option("--warehouse <file>", "local DuckDB warehouse file (default: config warehouse.local_file)")
    .addOption(new Option("--source <source>", "which source to ingest").choices([...SOURCE_NAMES, "all"]).default("all"))
    .addOption(new Option("--env <env>", "environment whose config/config_<env>.yaml applies").choices(ENVIRONMENTS).default("dev"))
    .option("--dry-run", "bigquery target: print every request it would send as JSON; send nothing")
    .option("--from-bucket", "bigquery target: load what already landed in the bucket instead of uploading --landing")
    .option("--date <days...>", "bigquery target: only these dated folders (YYYY-MM-DD)")
    .option("--run-id <id>", "bigquery target: names the run's context files and jobs; re-running it launches only what failed")
    .addOption(
      new Option("--scheduled <cadence>", "bigquery target: do what the scheduled workflow does: load the files landed in the last day or hour, from the bucket").choices([
        "daily",
        "hourly",
      ]),
    )
    .option("--at <time>", "with --scheduled: the window of a run started at this time (RFC 3339; default now), e.g. to re-run a failed execution")
    .option("--stream", "replay POS events as the stream: each line of --landing's pos/ files, or of stdin without --landing, is one message, through the streaming UDF into local bronze, failures to raw_pos_transactions_dead_letter")
    .option("--rate <n>", "with --stream: messages per second (default: as fast as they go)")
    .action(async (flags: CommandFlags) => {
      if (flags.rate !== undefined && !flags.stream) throw new Error("--rate: give --stream too");
      if (flags.stream) {
        await ingestStream(flags, loadConfig(flags.env));
        return;
      }
      // A local landing folder's problems (unknown folders, symlinks, unreadable entries) fail the
      // command every time, after the rest is loaded or launched.
      const config = loadConfig(flags.env);
      const landing = flags.target === "local" || !(flags.fromBucket || flags.scheduled) ? path.resolve(flags.landing ?? config.landing.local_dir) : undefined;
      const chosen = flags.source === "all" ? sources : [sourceContract(flags.source)];
      const problems = landing && fs.existsSync(landing) ? scanLanding(landing, chosen).problems : [];
      if (flags.target === "bigquery") await ingestOnGoogleCloud(flags, config);
      else {
        const report = await ingestLocal(flags, config);
        process.stdout.write(summary(report, landing!, chosen.map((s) => s.landingFolder), problems.length));
        // A file unreadable when first seen stays unreadable until it changes: say so on every run.
        const unreadable = report.files.filter((f) => f.status === "unreadable" || (f.status === "unchanged" && f.error));
        if (unreadable.length > 0) {
          process.stderr.write(`gigamart: ${unreadable.length} unreadable file(s), the rest loaded: ${unreadable.map((f) => f.file).join(", ")}\n`);
          process.exitCode = 1;
        }
      }
      if (problems.length > 0) {
        const shown = path.relative(process.cwd(), landing!);
        process.stderr.write(`gigamart: ${describeLandingProblems(shown && !shown.startsWith("..") ? shown : landing!, problems)}\n`);
        process.exitCode = 1;
      }
    });
}

function summary(report: IngestReport, landing: string, folders: readonly string[], problems: number): string {
  if (report.files.length === 0 && problems === 0) {
    return `ingest ${report.runId}: nothing to ingest: ${landing} holds no files under ${folders.map((f) => `${f}/`).join(", ")}\n`;
  }
  const loaded = report.files.filter((f) => f.status === "loaded" || f.status === "new_version");
  const unreadable = report.files.filter((f) => f.status === "unreadable");
  const rows = loaded.reduce((n, f) => n + f.bronzeRows, 0);
  return (
    `ingest ${report.runId}: ${report.files.length} files, ${loaded.length} loaded (${rows} rows), ` +
    `${report.files.length - loaded.length - unreadable.length} unchanged, ${unreadable.length} unreadable\n`
  );
}
