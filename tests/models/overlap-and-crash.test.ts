import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { addDays, landAndIngest } from "../../demo/landing-days";
import { generateLanding } from "../../ingestion/generate";
import { Rng } from "../../ingestion/generate/rng";
import { runLocal } from "../../runner/targets/local";
import { type Invocation, Interleaver, type PlannedAction, planInvocation } from "../support/interleaving";
import { TRANSACTION_CANCELLED } from "../support/bigquery-isolation";
import { differences, warehouseState, type WarehouseState } from "../support/warehouse-state";
import { failures, PROJECT, projectGraph, TestWarehouse } from "./pipeline";

// Two workflow invocations that BigQuery can run at once (the daily and the realtime configurations
// both fire at 02:30 IST; a manual rerun or a retry can overlap anything), and invocations that die
// after any statement, must leave silver, gold and the monitoring logs exactly as one clean run does.
// The invocations select their actions by tag, as the workflow configurations do
// (cloud/desired/dataform.ts: includedTags, no transitive dependencies).

const START = "2026-11-01";
const DAYS = 2;
const DATASETS = ["giga_curated", "giga_mart", "giga_monitoring"];
const COUNT = Number(process.env.GIGAMART_INTERLEAVINGS ?? 20);
const SEED = Number(process.env.GIGAMART_INTERLEAVING_SEED ?? 20261201);

describe("overlapping and interrupted invocations (BigQuery's isolation rules, real DuckDB warehouse)", function () {
  this.timeout(60 * 60_000);
  let warehouse: TestWarehouse;
  let initial: string;
  const plans: Record<"daily" | "realtime", PlannedAction[]> = { daily: [], realtime: [] };
  const clean: Partial<Record<"daily" | "realtime" | "both", WarehouseState>> = {};

  const copyOf = (name: string) => {
    const file = path.join(warehouse.dir, `${name}.duckdb`);
    fs.copyFileSync(initial, file);
    return file;
  };
  const stateOf = (il: Interleaver) => warehouseState(il.warehouse.connection, PROJECT, DATASETS);

  /** Runs invocations of the given configurations one after the other, as later schedules would. */
  async function runInTurn(il: Interleaver, tags: readonly ("daily" | "realtime")[]): Promise<void> {
    for (const tag of tags) {
      const invocation = await il.invocation(tag, plans[tag]);
      await il.runAlone(invocation);
      invocation.connection.closeSync();
      expect(invocation.outcomes.filter((o) => o.status !== "successful"), `${tag} run alone`).to.deep.equal([]);
    }
  }

  async function cleanState(tags: readonly ("daily" | "realtime")[]): Promise<WarehouseState> {
    const il = await Interleaver.open(copyOf(`clean-${tags.join("-")}`), PROJECT);
    try {
      await runInTurn(il, tags);
      return await stateOf(il);
    } finally {
      il.close();
    }
  }

  before(async () => {
    warehouse = await TestWarehouse.create();
    const generated = path.join(warehouse.dir, "generated");
    await generateLanding({
      outDir: generated, days: DAYS, startDate: START, seed: 11, stores: 2, products: 12, customers: 30,
      transactionsPerStoreDay: 8, ordersPerDay: 6, maxLateDays: 1,
      rates: { duplicatePos: 0.1, latePos: 0.1, crmChange: 0.2, ecomCancel: 0.15, ecomReturn: 0.15 },
    });
    const graph = await projectGraph();
    const landing = path.join(warehouse.dir, "landing");
    for (let d = 0; d < DAYS - 1; d++) {
      await landAndIngest(generated, landing, addDays(START, d), warehouse.file, PROJECT);
      const run = await runLocal({ graph, warehouseFile: warehouse.file, selection: { tags: ["daily"] } });
      expect(run.status, `day ${d}: ${failures(run)}`).to.equal("successful");
    }
    // The new day: its files are loaded, neither schedule has run on them yet.
    await landAndIngest(generated, landing, addDays(START, DAYS - 1), warehouse.file, PROJECT);
    initial = path.join(warehouse.dir, "before.duckdb");
    fs.copyFileSync(warehouse.file, initial);
    const il = await Interleaver.open(copyOf("plan"), PROJECT);
    try {
      plans.daily = await planInvocation(graph, il.warehouse, { tags: ["daily"] });
      plans.realtime = await planInvocation(graph, il.warehouse, { tags: ["realtime"] });
    } finally {
      il.close();
    }
    clean.daily = await cleanState(["daily"]);
    clean.realtime = await cleanState(["realtime"]);
    clean.both = await cleanState(["daily", "realtime"]);
  });

  after(() => warehouse?.remove());

  it("a clean daily run and a realtime run after it agree with the realtime run first", async () => {
    expect(differences(await cleanState(["realtime", "daily"]), clean.both!)).to.deep.equal([]);
  });

  it(`leaves the warehouse as one clean run in every sampled interleaving of the daily and realtime invocations (seed ${SEED})`, async () => {
    const rng = new Rng(SEED, "interleavings");
    const totals = { interleavings: 0, cancelled: 0, together: 0, queued: 0, retried: 0, caughtUp: 0 };
    for (let n = 0; n < COUNT; n++) {
      const il = await Interleaver.open(copyOf("interleaved"), PROJECT);
      const daily = await il.invocation("daily", plans.daily);
      const realtime = await il.invocation("realtime", plans.realtime);
      try {
        await interleave(il, daily, realtime, rng, sharedActionStarts());
        const lost = [...daily.outcomes, ...realtime.outcomes].filter((o) => o.status === "failed");
        for (const o of lost) expect(o.error, `interleaving ${n}: ${o.action}`).to.contain(TRANSACTION_CANCELLED);
        let when = "after both invocations";
        if (lost.length > 0) {
          // The cancelled action committed nothing; the next invocations catch it up.
          await runInTurn(il, ["daily", "realtime"]);
          totals.caughtUp++;
          when = `after catching up ${lost.map((o) => o.action).join(", ")}`;
        }
        expect(differences(await stateOf(il), clean.both!), `interleaving ${n}, ${when}`).to.deep.equal([]);
      } finally {
        il.close([daily, realtime]);
      }
      totals.interleavings++;
      for (const k of ["cancelled", "together", "queued", "retried"] as const) totals[k] += il.counters[k];
    }
    console.log(`      interleavings tried: ${totals.interleavings} (seed ${SEED}); statements started together: ${totals.together}, ` +
      `held back behind a transaction: ${totals.queued}, rerun after a DML conflict: ${totals.retried}, ` +
      `transactions cancelled: ${totals.cancelled}, runs that needed the next schedule to catch up: ${totals.caughtUp}`);
    expect(totals.interleavings).to.equal(COUNT);
  });

  for (const tag of ["daily", "realtime"] as const) {
    it(`a ${tag} invocation stopped after any statement and rerun leaves the warehouse as one clean run`, async () => {
      const il = await Interleaver.open(copyOf(`killed-${tag}`), PROJECT);
      const invocation = await il.invocation(tag, plans[tag]);
      const checked = new Map<string, number>(); // state hash -> statement after which it was left
      let stops = 0;
      try {
        while (!invocation.done) {
          await il.step(invocation, [invocation]);
          stops++;
          // What a kill leaves is what is committed: read it on another connection, which never sees the
          // open transaction (BigQuery rolls an unfinished one back).
          const left = await stateOf(il);
          const key = JSON.stringify([...left]);
          if (checked.has(key)) continue;
          checked.set(key, stops);
          expect(await rerunFrom(il, tag, stops), `${tag} stopped after statement ${stops} (${invocation.done ? "the end" : invocation.currentAction}), then rerun`).to.deep.equal([]);
        }
      } finally {
        il.close([invocation]);
      }
      console.log(`      ${tag}: stopped after each of ${stops} statements; ${checked.size} distinct states left, each rerun to a clean run's result`);
      expect(stops).to.equal(plans[tag].reduce((n, a) => n + a.statements.length, 0));
    });
  }

  /** Where, in the daily invocation's statements, each action the realtime one also runs starts. */
  function sharedActionStarts(): number[] {
    const shared = new Set(plans.realtime.map((a) => a.name));
    const starts: number[] = [];
    let at = 0;
    for (const a of plans.daily) {
      if (shared.has(a.name) && a.statements.length > 0) starts.push(at);
      at += a.statements.length;
    }
    return starts;
  }

  /** Copies the committed state into its own warehouse, reruns the invocation there and compares. */
  async function rerunFrom(il: Interleaver, tag: "daily" | "realtime", stop: number): Promise<string[]> {
    const file = path.join(warehouse.dir, `stopped-${tag}-${stop}.duckdb`);
    await il.warehouse.connection.run(`ATTACH '${file}' AS stopped`);
    await il.warehouse.connection.run(`COPY FROM DATABASE "${PROJECT}" TO stopped`);
    await il.warehouse.connection.run("DETACH stopped");
    const rerun = await Interleaver.open(file, PROJECT);
    try {
      await runInTurn(rerun, [tag]);
      return differences(await stateOf(rerun), clean[tag]!);
    } finally {
      rerun.close();
      fs.rmSync(file, { force: true });
    }
  }
});

/**
 * One seeded schedule of two invocations: the realtime one starts at a random statement of the daily
 * one (half the time a few statements before an action both run, where they can collide); from then on each step runs one of them, the choice weighted by the statements each has left
 * (a uniform merge), and now and then both next statements start together on one snapshot. A statement
 * BigQuery would queue behind the other's transaction waits.
 */
async function interleave(il: Interleaver, daily: Invocation, realtime: Invocation, rng: Rng, sharedStarts: number[]): Promise<void> {
  const both = [daily, realtime];
  let offset = rng.chance(0.5) ? Math.max(0, rng.pick(sharedStarts) - rng.int(0, 12)) : rng.int(0, daily.remaining);
  while (!daily.done || !realtime.done) {
    const started = offset <= 0 || daily.done || il.queued(daily, both);
    const ready = both.filter((i) => !i.done && !il.queued(i, both) && (i !== realtime || started));
    if (ready.length === 0) throw new Error("both invocations wait on each other");
    if (ready.length === 2 && il.canStartTogether(daily, realtime) && rng.chance(0.25)) {
      const first = rng.chance(0.5) ? daily : realtime;
      await il.startTogether(first, first === daily ? realtime : daily);
      continue;
    }
    const chosen = ready.length === 1 ? ready[0]! : rng.int(1, daily.remaining + realtime.remaining) <= daily.remaining ? daily : realtime;
    await il.step(chosen, both);
    if (chosen === daily) offset--;
  }
}
