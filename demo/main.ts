import * as path from "node:path";
import { compileForProject } from "../cli/project";
import { loadConfig } from "../config/load";
import { buildSite } from "../docs-site/build/site";
import { generateLanding } from "../ingestion/generate";
import { runLocal } from "../runner/targets/local";
import type { RunResult } from "../runner/targets/run-result";
import { Warehouse } from "../runner/local/warehouse";
import { writeReports } from "../runner/report/write";
import { addDays, landAndIngest, morningAfter, todayIn } from "./landing-days";
import { dayMessages, liveStretch, liveStretchProblems, withMalformed } from "./live-stretch";
import { demoSummary, type DemoTotals } from "./summary";
import { prepareDemoFolder } from "./workspace";

const REPO = path.resolve(__dirname, "..");
const DAYS = Number(process.env.GIGAMART_DEMO_DAYS ?? 21);
/** The schedules of one business day, in the order production runs them. Monitoring: see below. */
const DAILY_TAGS = ["daily", "hourly", "realtime"] as const;
/** The live stretch: today's POS at this many messages a second, a realtime run after each of LIVE_RUNS slices. */
const LIVE_RATE = Number(process.env.GIGAMART_DEMO_LIVE_RATE ?? 40);
const LIVE_RUNS = 3;

const say = (line: string) => process.stderr.write(`${line}\n`);

function problems(run: RunResult): string[] {
  return run.actions.filter((a) => a.status === "failed" || a.status === "skipped").map((a) => `${a.name}: ${a.error ?? a.status}`);
}

/**
 * `npm run demo`: three weeks of GigaMart feeds, generated and then replayed day by day as production
 * runs them — each day's files land, are ingested the next morning, and the daily, hourly and realtime
 * schedules run in that order; the monitoring schedule runs once the replay reaches today (during a
 * backfill of past days every freshness check would rightly be stale). Then a live stretch: today's
 * POS events stream in, malformed ones among them, and the realtime pipeline runs. Ends with a
 * ten-second summary and exits non-zero when any action or assertion failed.
 */
async function main() {
  const config = loadConfig("dev");
  const timeZone = config.landing.source_time_zone;
  const { generated, landing, stream, warehouse: warehouseFile, reports: reportsDir, docs: docsDir } = prepareDemoFolder(path.resolve(REPO, process.env.GIGAMART_DEMO_DIR ?? ".gigamart/demo"));

  const today = todayIn(timeZone);
  const firstDay = addDays(today, -DAYS);
  // One day more than the replay: today, whose POS is streamed at the end.
  say(`generating ${DAYS} days of GigaMart feeds from ${firstDay}, and today's POS, into ${path.relative(REPO, generated)}…`);
  await generateLanding(
    { outDir: generated, days: DAYS + 1, startDate: firstDay, seed: 2026, stores: 4, products: 60, customers: 400, transactionsPerStoreDay: 60, ordersPerDay: 40 },
    (p) => process.stderr.write(`\r  day ${p.day}/${p.days} ${p.date}: ${p.lines} lines`),
  );
  say("");

  say(`compiling ${REPO} with @dataform/core…`);
  const { graph } = await compileForProject({ projectDir: REPO, env: "dev" });

  const lastRuns = new Map<string, RunResult>();
  const failed: string[] = [];
  let assertionsRun = 0;
  let assertionsFailed = 0;
  const account = (run: RunResult, tag: string, label: string) => {
    lastRuns.set(tag, run);
    const assertions = run.actions.filter((a) => a.kind === "assertion");
    assertionsRun += assertions.length;
    assertionsFailed += assertions.filter((a) => a.status === "failed").length;
    failed.push(...problems(run).map((p) => `${label} ${tag}: ${p}`));
    return `${tag} ${run.status === "successful" ? "ok" : "FAILED"} ${(run.durationMs / 1000).toFixed(1)}s`;
  };
  const runTag = async (tag: string, label: string) => account(await runLocal({ graph, warehouseFile, selection: { tags: [tag] } }), tag, label);

  const started = Date.now();
  for (let d = 0; d < DAYS; d++) {
    const date = addDays(firstDay, d);
    const last = d === DAYS - 1;
    // The last day is ingested now (the morning after it is today); earlier days the morning after.
    const report = await landAndIngest(generated, landing, date, warehouseFile, config.gcp.project, last ? new Date() : morningAfter(date));
    const rows = report.files.reduce((s, f) => s + f.bronzeRows, 0);
    const steps = [`ingested ${report.files.filter((f) => f.status !== "unchanged").length} files, ${rows} rows`];
    for (const tag of DAILY_TAGS) steps.push(await runTag(tag, date));
    if (last) steps.push(await runTag("monitoring", date));
    say(`day ${String(d + 1).padStart(2)}/${DAYS} ${date}: ${steps.join(" | ")}`);
  }

  const { messages, malformed } = withMalformed(await dayMessages(generated, today, stream));
  say(`live: today ${today}, ${messages.length} POS messages (${malformed} malformed) at ${LIVE_RATE}/s through the stream replay, a realtime run after each of ${LIVE_RUNS} slices…`);
  const live = await liveStretch({
    graph,
    warehouseFile,
    config,
    messages,
    rate: LIVE_RATE,
    runs: LIVE_RUNS,
    onRun: (run, slice, sent) => say(`  slice ${slice + 1}/${LIVE_RUNS}: ${sent} messages | ${account(run, "realtime", `live ${today}`)}`),
  });
  failed.push(...liveStretchProblems(live).map((p) => `live ${today}: ${p}`));

  const reports = [...lastRuns.entries()].map(([tag, run]) => writeReports(run, path.join(reportsDir, tag)));
  const warehouse = await Warehouse.open(warehouseFile, { readOnly: true });
  let totals: DemoTotals;
  try {
    await warehouse.attach(config.gcp.project);
    totals = { days: DAYS, firstDay, seconds: (Date.now() - started) / 1000, assertionsRun, assertionsFailed, failed, live: { today, malformed, askedRate: LIVE_RATE, ...live } };
    process.stdout.write(await demoSummary(warehouse.connection, config.gcp.project, totals, reports.map((r) => path.relative(REPO, r.markdown)), path.relative(REPO, warehouseFile)));
  } finally {
    warehouse.close();
  }
  // The docs site of what just ran; its analysis is kept, so `gigamart docs` after the demo is quick.
  const site = await buildSite({ graph, projectDir: REPO, project: config.gcp.project, config, warehouseFile, outDir: docsDir, log: say });
  say(`docs: ${path.relative(REPO, path.join(site.outDir, "index.html"))} built in ${site.seconds.total.toFixed(1)}s (open it in a browser, or \`npx gigamart docs --warehouse ${path.relative(REPO, warehouseFile)} --serve\`)`);
  if (failed.length > 0) process.exitCode = 1;
}

main().catch((e) => {
  process.stderr.write(`demo: ${e instanceof Error ? e.message : e}\n`);
  process.exit(1);
});
