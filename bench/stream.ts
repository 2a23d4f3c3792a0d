// The POS stream, measured in one round:
//  (a) sustained messages per second through the local stream replay (the shipped UDF bundle,
//      bronze writes, dead letters), at full speed, on a few thousand generated POS messages;
//  (b) publication to presence in pos_sales_today and to the end of the realtime run after it,
//      median and p95, with the realtime schedule compressed: today's POS streamed at a stated rate,
//      the realtime workflow configuration's actions run after each slice (the demo's live stretch);
//  (c) what the cloud adds on each streaming path, from Google's pages and the realtime cron.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { compileForProject } from "../cli/project";
import { streamingRunContext } from "../cloud/desired/ingestion-jobs";
import { loadConfig } from "../config/load";
import { addDays, landAndIngest, todayIn } from "../demo/landing-days";
import { dayMessages, liveStretch, liveStretchProblems, withMalformed } from "../demo/live-stretch";
import { generateLanding } from "../ingestion/generate";
import { NOT_DOCUMENTED, PATH_FACTS, SOURCES_CHECKED, realtimeScheduleShare } from "../ingestion/stream/cloud-latency";
import { landingMessages } from "../ingestion/stream/messages";
import { replayStream, type StreamMessage } from "../ingestion/stream/replay";
import { runLocal } from "../runner/targets/local";

const STORES = 4;
const SALES_PER_STORE_DAY = Number(process.env.GIGAMART_BENCH_STREAM_SALES ?? 250);
const LIVE_RATE = 100;
const LIVE_RUNS = 5;

async function throughput(config: ReturnType<typeof loadConfig>, landing: string, warehouseFile: string): Promise<Record<string, unknown>> {
  const messages: StreamMessage[] = [];
  for await (const m of landingMessages(landing)) messages.push(m);
  const { messages: all, malformed } = withMalformed(messages);
  const report = await replayStream(all, { warehouseFile, project: config.gcp.project, dataset: config.datasets.raw, context: streamingRunContext(config) });
  return {
    messages: report.sent,
    malformed_on_purpose: malformed,
    seconds: Number(report.seconds.toFixed(2)),
    messages_per_second: Math.round(report.rate),
    bronze_rows: report.bronzeRows,
    dead_letters: report.deadLetters,
    dropped: report.dropped,
    failures: report.failures,
    counts_add_up: report.bronzeRows + report.deadLetters + report.dropped === report.sent,
  };
}

export async function run(): Promise<Record<string, unknown>> {
  const config = loadConfig("dev");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gigamart-bench-stream-"));
  try {
    const today = todayIn(config.landing.source_time_zone);
    const first = addDays(today, -2);
    const generated = path.join(dir, "generated");
    await generateLanding({ outDir: generated, days: 3, startDate: first, seed: 17, stores: STORES, products: 60, customers: 400, transactionsPerStoreDay: SALES_PER_STORE_DAY, ordersPerDay: 20 });

    process.stderr.write("  (a) full-speed replay…\n");
    const full = await throughput(config, generated, path.join(dir, "throughput.duckdb"));

    process.stderr.write("  (b) live stretch: two days loaded, the daily run, then today's POS streamed…\n");
    const warehouseFile = path.join(dir, "warehouse.duckdb");
    await landAndIngest(generated, path.join(dir, "landing"), first, warehouseFile, config.gcp.project);
    await landAndIngest(generated, path.join(dir, "landing"), addDays(first, 1), warehouseFile, config.gcp.project, new Date());
    const { graph } = await compileForProject({ projectDir: path.resolve(__dirname, ".."), env: "dev" });
    const daily = await runLocal({ graph, warehouseFile, selection: { tags: ["daily"] } });
    if (daily.status !== "successful") throw new Error(`daily run failed: ${daily.actions.find((a) => a.error)?.error}`);
    const { messages, malformed } = withMalformed(await dayMessages(generated, today, path.join(dir, "stream")));
    const live = await liveStretch({ graph, warehouseFile, config, messages, rate: LIVE_RATE, runs: LIVE_RUNS });
    const problems = liveStretchProblems(live);

    const cloud = Object.fromEntries(
      (["dev", "prod"] as const).map((env) => {
        const c = loadConfig(env);
        const schedule = realtimeScheduleShare(c);
        return [
          env,
          {
            streaming_path: c.streaming.path,
            to_pos_sales_today: "the path's write latency alone (the view reads bronze); Google documents no figure for it, see facts",
            to_realtime_tables: `the wait for the next realtime run (mean ${schedule.mean_wait_seconds / 60} min, at most ${schedule.max_wait_seconds / 60} min, from schedules.realtime '${schedule.cron}') plus the path's write latency and the Dataform invocation's own duration`,
            realtime_schedule: schedule,
            facts: PATH_FACTS[c.streaming.path],
          },
        ];
      }),
    );
    return {
      throughput: full,
      latency_local: {
        method:
          "schedule compressed: today's POS published at a stated rate in slices, the realtime workflow configuration's actions run after each slice on the same DuckDB file (one writer at a time, so publishing pauses during a run); latency = time visible - publish time, per message",
        today,
        messages: live.sent,
        malformed_on_purpose: malformed,
        asked_rate: LIVE_RATE,
        achieved_rate: Math.round(live.rate),
        realtime_runs: live.runs.length,
        realtime_run_ms: live.runs.map((r) => r.durationMs),
        to_pos_sales_today: { ...live.toView, measured: "publish to the commit of the message's batch (the view reads bronze from then on)" },
        to_realtime_run_end: { ...live.toRealtimeRun, measured: "publish to the end of the realtime run after it (sales_fact, dedup_log, late_arriving_data hold it)" },
        added: live.added,
        pos_sales_today: live.posSalesToday,
        counts_add_up: problems.length === 0,
        problems,
      },
      cloud: { sources_checked: SOURCES_CHECKED, not_documented: NOT_DOCUMENTED, ...cloud },
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
