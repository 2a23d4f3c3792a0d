import { namesFor } from "../cloud/desired/names";
import { scheduledIngestArgument, scheduledIngestSource } from "../cloud/desired/scheduled-ingest";
import { loadConfig, type GigaMartConfig } from "../config/load";
import { sourceContract } from "../ingestion/contracts";
import type { SourceName } from "../ingestion/contracts/types";
import type { Cadence } from "../cloud/launch";
import { runWorkflow } from "../tests/support/workflows-interpreter";

// Workflows bills executed steps; calls to *.googleapis.com (all of ours) count as internal steps.
// Pricing as published for Tier 1 regions (asia-south1): 5,000 internal steps a month free, then
// USD 0.01 per 1,000.
const FREE_STEPS_PER_MONTH = 5_000;
const USD_PER_1000_STEPS = 0.01;
const TARGET_USD_PER_MONTH = 1;

/** A typical day's landing: files per source and run, as the exporters write them. */
const DAY: ReadonlyArray<{ source: SourceName; cadence: Cadence; files: number; runsPerDay: number }> = [
  { source: "pos", cadence: "daily", files: 8, runsPerDay: 1 },
  { source: "crm", cadence: "daily", files: 1, runsPerDay: 1 },
  { source: "inventory", cadence: "daily", files: 1, runsPerDay: 1 },
  { source: "stores", cadence: "daily", files: 1, runsPerDay: 1 },
  { source: "products", cadence: "daily", files: 1, runsPerDay: 1 },
  { source: "ecom", cadence: "hourly", files: 1, runsPerDay: 24 },
];

/** Steps one scheduled execution takes for a source whose window holds `files` files of yesterday's folder. */
async function stepsOfOneRun(config: GigaMartConfig, source: SourceName, cadence: Cadence, files: number): Promise<{ steps: number; calls: number }> {
  const n = namesFor(config);
  const contract = sourceContract(source);
  const at = new Date("2026-11-27T01:05:00+05:30");
  const created = new Date(at.getTime() - 30 * 60_000).toISOString();
  const folder = `${contract.landingFolder}/2026/11/27`;
  const items = Array.from({ length: files }, (_, i) => ({ name: `${folder}/part-${String(i + 1).padStart(4, "0")}`, size: "4096", timeCreated: created, crc32c: "AAAAAA==" }));
  const header = Buffer.from(`${contract.fields.map((f) => f.name).join(",")}\n`);
  let calls = 0;
  const argument = JSON.parse(JSON.stringify(scheduledIngestArgument(config, n, contract, cadence)));
  const out = await runWorkflow(scheduledIngestSource(), {
    argument,
    now: () => at.getTime() / 1000,
    call: (fn, args) => {
      calls++;
      if (fn === "googleapis.storage.v1.objects.list") return String(args.prefix).startsWith(`${folder}/`) ? { items } : {};
      if (fn === "http.get") return { code: 206, headers: {}, body: header };
      if (fn.endsWith("flexTemplates.launch")) return { job: { id: `job-${calls}` } };
      return { code: 200, headers: {}, body: {} };
    },
  });
  return { steps: out.steps, calls };
}

/** What the scheduled loads cost in Workflows steps for a typical month, measured by running the definition. */
export async function run(): Promise<Record<string, unknown>> {
  const config = loadConfig("prod");
  const perRun: Record<string, { steps: number; calls: number }> = {};
  let stepsPerDay = 0;
  for (const d of DAY) {
    const r = await stepsOfOneRun(config, d.source, d.cadence, d.files);
    perRun[`${d.source}_${d.cadence}_${d.files}_files`] = r;
    stepsPerDay += r.steps * d.runsPerDay;
  }
  const stepsPerMonth = stepsPerDay * 30;
  const usdPerMonth = (Math.max(0, stepsPerMonth - FREE_STEPS_PER_MONTH) / 1000) * USD_PER_1000_STEPS;
  return {
    per_run: perRun,
    executions_per_day: DAY.reduce((s, d) => s + d.runsPerDay, 0),
    steps_per_day: stepsPerDay,
    steps_per_month: stepsPerMonth,
    usd_per_month: Number(usdPerMonth.toFixed(2)),
    target_usd_per_month: TARGET_USD_PER_MONTH,
    meets_target: usdPerMonth <= TARGET_USD_PER_MONTH,
  };
}
