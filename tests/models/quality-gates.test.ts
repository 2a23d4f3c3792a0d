import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { XMLParser } from "fast-xml-parser";
import { loadConfig } from "../../config/load";
import { PIPELINE_TAGS, workflowSelection } from "../../cloud/desired/dataform";
import { addDays, landAndIngest, morningAfter } from "../../demo/landing-days";
import { generateLanding } from "../../ingestion/generate";
import { type Action, actionDependencies, actionTags, graphActions, selectActions } from "../../runner/dataform/actions";
import type { CompiledGraph } from "../../runner/dataform/compiled-graph";
import { runLocal } from "../../runner/targets/local";
import { Warehouse } from "../../runner/local/warehouse";
import { assertionSeverity, type ActionResult, type RunResult } from "../../runner/targets/run-result";
import { gigamart } from "../cli/gigamart";
import { failures, PROJECT, projectGraph, TestWarehouse } from "./pipeline";

// Quality gates: a mart (definitions/gold) is rebuilt only when the ERROR assertions of the silver
// tables it reads pass. Dataform skips the dependents of a failed action in a workflow invocation
// (https://cloud.google.com/dataform/docs/dependencies, checked 2026-12-01), so the gate is a plain
// Dataform dependency and holds the same on BigQuery; the local runner skips dependents the same way.

const START = "2026-11-10";
const DAYS = 2;
const GATED_MARTS = ["customer_360", "daily_category_sales", "daily_store_sales", "inventory_kpi"].map((m) => `${PROJECT}.giga_mart.${m}`);
const assertion = (name: string) => `${PROJECT}.giga_assertions.${name}`;
const SALES_FACT_UNIQUE_KEY = assertion("giga_curated_sales_fact_assertions_uniqueKey_0");
const SALES_FACT = `"${PROJECT}".giga_curated.sales_fact`;

const isSilver = (name: string) => name.split(".").at(-2) === "giga_curated";
const isGold = (a: Action) => a.name.split(".").at(-2) === "giga_mart";
const severity = (a: Action) => (a.kind === "assertion" ? assertionSeverity(actionTags(a)) : undefined);

/** The ERROR assertions over a silver table the mart reads: the ones it must wait for. */
function gatesOf(mart: Action, actions: Action[]): Action[] {
  const silverInputs = actionDependencies(mart).filter(isSilver);
  return actions.filter((a) => severity(a) === "ERROR" && actionDependencies(a).some((d) => silverInputs.includes(d)));
}

describe("quality gates in the compiled graph (real dataform compile)", function () {
  this.timeout(120_000);
  let actions: Action[];
  before(async () => {
    actions = graphActions(await projectGraph());
  });

  it("makes every mart depend on each ERROR assertion of the silver tables it reads", () => {
    const marts = actions.filter(isGold).filter((a) => a.kind !== "assertion");
    expect(marts.map((m) => m.name.split(".").at(-1))).to.include.members(GATED_MARTS.map((m) => m.split(".").at(-1)));
    for (const mart of marts) {
      const missing = gatesOf(mart, actions).map((g) => g.name).filter((g) => !actionDependencies(mart).includes(g));
      expect(missing, `${mart.name} does not wait for`).to.deep.equal([]);
    }
    const gated = marts.filter((m) => gatesOf(m, actions).length > 0).map((m) => m.name);
    expect(gated.sort()).to.deep.equal([...GATED_MARTS].sort());
  });

  it("lets nothing depend on a WARN assertion, and declares at least one", () => {
    const warn = actions.filter((a) => severity(a) === "WARN").map((a) => a.name);
    expect(warn).to.include(assertion("customer_dim_scd2_versions_change_attributes"));
    for (const a of actions) {
      expect(actionDependencies(a).filter((d) => warn.includes(d)), `${a.name} depends on a WARN assertion`).to.deep.equal([]);
    }
  });

  it("has each workflow configuration run the gates of the marts it rebuilds, wherever it rebuilds what they check", () => {
    const config = loadConfig("prod");
    for (const tag of PIPELINE_TAGS) {
      // The invocation config exactly as deploy sends it, selected by Dataform's rules (includedTags,
      // transitive dependencies or dependents as configured).
      const included = selectActions(actions, workflowSelection(config, tag)).map((a) => a.name);
      for (const mart of actions.filter((a) => isGold(a) && included.includes(a.name))) {
        for (const gate of gatesOf(mart, actions)) {
          const rebuiltHere = actionDependencies(gate).some((d) => included.includes(d) && isSilver(d));
          if (rebuiltHere) expect(included, `workflow config '${tag}' rebuilds ${mart.name} without running ${gate.name}`).to.include(gate.name);
        }
      }
    }
  });
});

type Snapshot = Record<string, unknown[]>;

describe("quality gates on a real DuckDB warehouse", function () {
  this.timeout(20 * 60_000);
  let base: TestWarehouse;
  let graph: CompiledGraph;

  const daily = (file: string): Promise<RunResult> => runLocal({ graph, warehouseFile: file, selection: { tags: ["daily"] } });

  before(async () => {
    graph = await projectGraph();
    base = await TestWarehouse.create();
    const generated = path.join(base.dir, "generated");
    await generateLanding({
      outDir: generated, days: DAYS, startDate: START, seed: 11, stores: 2, products: 12, customers: 30,
      transactionsPerStoreDay: 8, ordersPerDay: 6, maxLateDays: 1,
      rates: { duplicatePos: 0.05, latePos: 0.05, crmChange: 0.2, ecomCancel: 0.1, ecomReturn: 0.1 },
    });
    for (let d = 0; d < DAYS; d++) {
      const date = addDays(START, d);
      await landAndIngest(generated, path.join(base.dir, "landing"), date, base.file, PROJECT, morningAfter(date));
      const run = await daily(base.file);
      expect(run.status, `day ${d}: ${failures(run)}`).to.equal("successful");
    }
  });
  after(() => base?.remove());

  /** A copy of the clean warehouse, so each test spoils its own. */
  let warehouse: TestWarehouse;
  beforeEach(async () => {
    warehouse = await TestWarehouse.create();
    fs.copyFileSync(base.file, warehouse.file);
  });
  afterEach(() => warehouse.remove());

  /** Changes the warehouse behind the pipeline's back, as a faulty load or a manual fix would. */
  async function spoil(sql: string): Promise<void> {
    const w = await Warehouse.open(warehouse.file);
    try {
      await w.attach(PROJECT);
      await w.connection.run(sql);
    } finally {
      w.close();
    }
  }

  /** Every giga_mart table and view, row by row. */
  async function marts(): Promise<Snapshot> {
    const tables = await warehouse.query<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables WHERE table_catalog = '${PROJECT}' AND table_schema = 'giga_mart' ORDER BY 1`,
    );
    expect(tables.map((t) => t.name)).to.include.members(["customer_360", "daily_store_sales", "daily_category_sales", "inventory_kpi", "pos_sales_today"]);
    const snapshot: Snapshot = {};
    for (const { name } of tables) snapshot[name] = await warehouse.query(`SELECT * FROM "${PROJECT}".giga_mart."${name}" ORDER BY ALL`);
    return snapshot;
  }

  const byName = (run: RunResult, name: string): ActionResult => {
    const found = run.actions.find((a) => a.name === name);
    expect(found, `${name} in the run`).to.not.equal(undefined);
    return found!;
  };

  function expectHeldBack(run: RunResult, culprit: string, marts = GATED_MARTS) {
    expect(byName(run, culprit)).to.include({ status: "failed", severity: "ERROR" });
    for (const mart of marts) {
      const result = byName(run, mart);
      expect(result.status, mart).to.equal("skipped");
      expect(result.heldBackBy, mart).to.include(culprit);
      expect(result.error, mart).to.contain(`failed ERROR assertion ${culprit}`);
      // The mart's own assertions wait on the skipped mart: the culprit is named through it.
      const own = byName(run, assertion(`giga_mart_${mart.split(".").at(-1)}_assertions_uniqueKey_0`));
      expect(own, `${own.name}`).to.include({ status: "skipped" });
      expect(own.heldBackBy, own.name).to.include(culprit);
    }
    expect(byName(run, `${PROJECT}.giga_mart.pos_sales_today`).status, "the bronze-only view is not gated").to.equal("successful");
    expect(run.status).to.equal("failed");
  }

  it("fails the next run on sales_fact's uniqueKey assertion when a row is duplicated, and leaves every giga_mart table unchanged", async () => {
    const before = await marts();
    await spoil(`INSERT INTO ${SALES_FACT} SELECT * FROM ${SALES_FACT} WHERE channel = 'POS' ORDER BY sales_line_id LIMIT 1`);
    const reports = path.join(warehouse.dir, "reports");
    // Through the command a user runs: console output, run.json, summary.md and junit.xml.
    const cli = gigamart(["run", "--tags", "daily", "--warehouse", warehouse.file, "--reports", reports]);
    expect(cli.code).to.not.equal(0);
    expect(cli.stderr).to.match(new RegExp(`skip\\s+table\\s+${PROJECT}\\.giga_mart\\.daily_store_sales[^\\n]*\\n\\s+skipped: held back by [^\\n]*${SALES_FACT_UNIQUE_KEY}`));

    const run = JSON.parse(fs.readFileSync(path.join(reports, "latest", "run.json"), "utf8")) as RunResult;
    expectHeldBack(run, SALES_FACT_UNIQUE_KEY);
    expect(await marts()).to.deep.equal(before);

    const summary = fs.readFileSync(path.join(reports, "latest", "summary.md"), "utf8");
    const gateRow = summary.split("\n").find((l) => l.startsWith(`| \`${SALES_FACT_UNIQUE_KEY}\``));
    expect(gateRow, "Quality gates row").to.match(/\| ERROR \|/);
    for (const mart of GATED_MARTS) expect(gateRow).to.contain(`\`${mart}\``);

    const xml = new XMLParser({ ignoreAttributes: false }).parse(fs.readFileSync(path.join(reports, "latest", "junit.xml"), "utf8"));
    const cases = [xml.testsuites.testsuite].flat().flatMap((s: { testcase: unknown }) => [s.testcase].flat()) as Record<string, any>[];
    const store = cases.find((c) => c["@_name"] === `${PROJECT}.giga_mart.daily_store_sales`)!;
    expect(store.skipped["@_message"]).to.contain(SALES_FACT_UNIQUE_KEY);
    expect(cases.find((c) => c["@_name"] === SALES_FACT_UNIQUE_KEY)!.failure["@_type"]).to.equal("ERROR assertion");
  });

  it("reports a failing WARN assertion and fails the run, but rebuilds every mart", async () => {
    // Split one customer's current version in two identical halves: contiguous, one current, keys unique.
    const dim = `"${PROJECT}".giga_curated.customer_dim_scd2`;
    const [victim] = await warehouse.query<{ customer_id: string; profile_versions: number }>(
      `SELECT customer_id, profile_versions FROM "${PROJECT}".giga_mart.customer_360 ORDER BY customer_id LIMIT 1`,
    );
    await spoil(`
      INSERT INTO ${dim} SELECT * REPLACE ('split-' || customer_sk AS customer_sk, effective_from + INTERVAL 1 SECOND AS effective_from)
      FROM ${dim} WHERE customer_id = '${victim!.customer_id}' AND is_current`);
    await spoil(`
      UPDATE ${dim} SET is_current = false, effective_to = effective_from + INTERVAL 1 SECOND
      WHERE customer_id = '${victim!.customer_id}' AND is_current AND customer_sk NOT LIKE 'split-%'`);

    const run = await daily(warehouse.file);
    const warn = byName(run, assertion("customer_dim_scd2_versions_change_attributes"));
    expect(warn).to.include({ status: "failed", severity: "WARN" });
    expect(run.actions.filter((a) => a.status === "failed").map((a) => a.name), "only the WARN assertion fails").to.deep.equal([warn.name]);
    expect(run.actions.filter((a) => a.status === "skipped").map((a) => a.name)).to.deep.equal([]);
    for (const mart of GATED_MARTS) expect(byName(run, mart).status, mart).to.equal("successful");
    expect(run.status).to.equal("failed");
    const [after] = await warehouse.query<{ profile_versions: number }>(
      `SELECT profile_versions FROM "${PROJECT}".giga_mart.customer_360 WHERE customer_id = '${victim!.customer_id}'`,
    );
    expect(Number(after!.profile_versions), "customer_360 was rebuilt from the spoiled dimension").to.equal(Number(victim!.profile_versions) + 1);
  });

  it("holds back every mart that reads sales_fact when a sale points to a product product_dim does not know", async () => {
    const before = await marts();
    await spoil(`UPDATE ${SALES_FACT} SET product_key = 'NO-SUCH-PRODUCT' WHERE sales_line_id = (SELECT min(sales_line_id) FROM ${SALES_FACT})`);
    const run = await daily(warehouse.file);
    const references = assertion("sales_fact_references_resolve");
    expectHeldBack(run, references);
    expect(byName(run, `${PROJECT}.giga_mart.daily_store_sales`).heldBackBy).to.deep.equal([references]);
    expect(await marts()).to.deep.equal(before);
  });

  it("holds back every mart that reads sales_fact when a POS line is missing from it (reconciliation with bronze)", async () => {
    const before = await marts();
    await spoil(`DELETE FROM ${SALES_FACT} WHERE sales_line_id = (SELECT min(sales_line_id) FROM ${SALES_FACT} WHERE channel = 'POS')`);
    const run = await daily(warehouse.file);
    const reconciliation = assertion("sales_fact_reconciles_with_bronze");
    expectHeldBack(run, reconciliation);
    expect(byName(run, `${PROJECT}.giga_mart.daily_store_sales`).heldBackBy).to.deep.equal([reconciliation]);
    expect(await marts()).to.deep.equal(before);
  });

  it("fails the run on line accounting when a settled load's manifest and bronze disagree, and waits for a load still settling", async () => {
    const manifest = `"${PROJECT}".giga_raw.ingest_manifest`;
    const accounting = assertion("bronze_accounts_for_every_landed_line");
    // A load that has just started (its Dataflow job may still be writing) is not judged yet.
    await spoil(`INSERT INTO ${manifest} SELECT * REPLACE (now() AS ingestion_ts, bronze_rows + 5 AS bronze_rows, 'fresh' AS run_id)
      FROM ${manifest} WHERE source = 'stores' ORDER BY ingestion_ts DESC LIMIT 1`);
    expect(byName(await daily(warehouse.file), accounting).status, "a settling load").to.equal("successful");
    // One line the manifest counted for the latest settled store-master load never reached bronze.
    await spoil(`UPDATE ${manifest} SET bronze_rows = bronze_rows + 1
      WHERE source = 'stores' AND run_id != 'fresh' AND ingestion_ts = (SELECT max(ingestion_ts) FROM ${manifest} WHERE source = 'stores' AND run_id != 'fresh')`);
    const run = await daily(warehouse.file);
    expect(byName(run, accounting)).to.include({ status: "failed", severity: "ERROR" });
    expect(run.status).to.equal("failed");
  });
});
