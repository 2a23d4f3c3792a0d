import { expect } from "chai";
import * as path from "node:path";
import { compileForProject } from "../../cli/project";
import { loadConfig } from "../../config/load";
import { addDays, landAndIngest, todayIn } from "../../demo/landing-days";
import { dayMessages, latency, liveStretch, liveStretchProblems, withMalformed, type LiveStretchResult } from "../../demo/live-stretch";
import { generateLanding } from "../../ingestion/generate";
import { runLocal } from "../../runner/targets/local";
import { tempDir } from "../runner/fixtures";

const REPO = path.resolve(__dirname, "../..");

describe("the demo's live stretch", function () {
  this.timeout(10 * 60_000);
  const config = loadConfig("dev");
  const today = todayIn(config.landing.source_time_zone);
  let sent: number;
  let result: LiveStretchResult;

  before(async () => {
    // Two days replayed as batch files, then today's POS streamed: a small warehouse, a real run.
    const dir = tempDir("gigamart-live-");
    const generated = path.join(dir, "generated");
    const warehouseFile = path.join(dir, "warehouse.duckdb");
    const first = addDays(today, -2);
    await generateLanding({ outDir: generated, days: 3, startDate: first, seed: 11, stores: 2, products: 20, customers: 60, transactionsPerStoreDay: 12, ordersPerDay: 4 });
    await landAndIngest(generated, path.join(dir, "landing"), first, warehouseFile, config.gcp.project);
    await landAndIngest(generated, path.join(dir, "landing"), addDays(first, 1), warehouseFile, config.gcp.project, new Date());
    const { graph } = await compileForProject({ projectDir: REPO, env: "dev" });
    const daily = await runLocal({ graph, warehouseFile, selection: { tags: ["daily"] } });
    expect(daily.status, daily.actions.find((a) => a.error)?.error).to.equal("successful");

    const { messages, malformed } = withMalformed(await dayMessages(generated, today, path.join(dir, "stream")));
    expect(malformed).to.equal(4);
    sent = messages.length;
    result = await liveStretch({ graph, warehouseFile, config, messages, runs: 2 });
  });

  it("shows today's streamed sales in pos_sales_today", () => {
    expect(result.posSalesToday.storeHours).to.be.greaterThan(0);
    expect(result.posSalesToday.transactions).to.be.greaterThan(0);
  });

  it("accounts for every message sent, counted in the warehouse: bronze + dead letters + dropped", () => {
    expect(result.sent).to.equal(sent);
    expect(result.added.bronze + result.added.deadLetters + result.dropped).to.equal(sent);
    expect(result.added.deadLetters, "the 5 MB store id").to.equal(1);
    expect(result.added.invalid, "truncated, not JSON, no id").to.be.at.least(3);
    expect(liveStretchProblems(result)).to.deep.equal([]);
  });

  it("runs the realtime workflow configuration's actions after each slice, and each passes", () => {
    expect(result.runs).to.have.length(2);
    for (const run of result.runs) {
      expect(run.status, run.actions.find((a) => a.error)?.error).to.equal("successful");
      expect(run.actions.map((a) => a.name.split(".").pop())).to.include.members(["stg_pos_transactions", "sales_fact", "pos_sales_today"]);
    }
  });

  it("measures a message visible in the view at its commit, before the realtime run after it ends", () => {
    expect(result.toView.median_ms).to.be.at.most(result.toRealtimeRun.median_ms);
    expect(result.toRealtimeRun.p95_ms).to.be.at.least(result.runs[0]!.durationMs);
  });
});

describe("latency figures", () => {
  it("takes the nearest-rank median and 95th percentile", () => {
    const samples = Array.from({ length: 20 }, (_, i) => 20 - i);
    expect(latency(samples)).to.deep.equal({ median_ms: 10, p95_ms: 19, max_ms: 20 });
    expect(latency([])).to.deep.equal({ median_ms: 0, p95_ms: 0, max_ms: 0 });
  });
});
