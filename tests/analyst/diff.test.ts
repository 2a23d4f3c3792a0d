import { expect } from "chai";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { diffChange, type DiffReport } from "../../analyst/diff/diff";
import { formatDiffMarkdown } from "../../analyst/diff/markdown";
import { costDelta } from "../../analyst/plan/cost-delta";
import { planChange, type Plan } from "../../analyst/plan/plan";
import { loadConfig } from "../../config/load";
import { compileRevisions } from "../../analyst/plan/revisions";
import { ZetaSqlAnalyzer } from "../../fidelity/analyze";
import { addDays, landAndIngest } from "../../demo/landing-days";
import { startZetaSql, type ZetaSqlService } from "../../fidelity/zetasql/service";
import { generateLanding } from "../../ingestion/generate";
import type { CompiledGraph } from "../../runner/dataform/compiled-graph";
import { gigamart } from "../cli/gigamart";
import { failures, PROJECT, TestWarehouse } from "../models/pipeline";
import { RepoCopy } from "../support/repo-copy";

const START = "2026-11-01";
const DAYS = 2;
const STORE = "S002";
const MART = `${PROJECT}.giga_mart.daily_store_sales`;

const checksum = (dir: string) =>
  fs.readdirSync(dir).filter((f) => f.includes(".duckdb")).sort().map((f) => `${f}:${createHash("sha256").update(fs.readFileSync(path.join(dir, f))).digest("hex")}`);

describe("gigamart diff, beside the current tables of a small warehouse", function () {
  this.timeout(10 * 60_000);
  let warehouse: TestWarehouse;
  let repo: RepoCopy;
  let head: CompiledGraph;
  let service: ZetaSqlService;
  let storeRows: number;
  let filesBefore: string[];
  let filtered: DiffReport;
  let unchanged: DiffReport;
  let plan: Plan;

  before(async () => {
    warehouse = await TestWarehouse.create();
    const generated = path.join(warehouse.dir, "generated");
    await generateLanding({ outDir: generated, days: DAYS, startDate: START, seed: 11, stores: 3, products: 20, customers: 40, transactionsPerStoreDay: 15, ordersPerDay: 8 });
    for (let d = 0; d < DAYS; d++) await landAndIngest(generated, path.join(warehouse.dir, "landing"), addDays(START, d), warehouse.file, PROJECT);
    const run = await warehouse.run(["daily_store_sales", "daily_category_sales"]);
    expect(run.status, failures(run)).to.equal("successful");
    const [row] = await warehouse.query<{ n: string }>(`SELECT CAST(count(*) AS VARCHAR) AS n FROM "${PROJECT}".giga_mart.daily_store_sales WHERE store_id = '${STORE}'`);
    storeRows = Number(row!.n);

    repo = RepoCopy.create();
    repo.edit("definitions/gold/daily_store_sales.sqlx", "where not f.is_cancelled\n", `where not f.is_cancelled and coalesce(f.store_id, '') != '${STORE}'\n`);
    const revisions = await compileRevisions({ projectDir: repo.dir, env: "dev" });
    head = revisions.head;
    service = await startZetaSql();
    filesBefore = checksum(warehouse.dir);
    plan = await planChange({ base: revisions.base, head, analyzer: new ZetaSqlAnalyzer(service), warehouseFile: warehouse.file });
    filtered = await diffChange({ head, actions: ["daily_store_sales"], warehouseFile: warehouse.file, analyzer: service, sampleSize: 100 });
    unchanged = await diffChange({ head, actions: ["daily_category_sales"], warehouseFile: warehouse.file, analyzer: service });
  });

  after(async () => {
    await service?.stop();
    repo?.remove();
    warehouse?.remove();
  });

  it("prices the change on the warehouse: a filter on a column the mart already reads bills the same bytes, every month the same", async () => {
    const revisions = await compileRevisions({ projectDir: repo.dir, env: "dev" });
    const cost = await costDelta(plan, revisions.base, head, service, { warehouseFile: warehouse.file, config: loadConfig("dev") });
    expect(cost.actions.map((a) => a.name)).to.deep.equal([MART]);
    const [mart] = cost.actions;
    expect(mart!.base_bytes_billed).to.be.greaterThan(0);
    expect(mart!.head_bytes_billed).to.equal(mart!.base_bytes_billed);
    expect(mart!.delta_bytes_billed).to.equal(0);
    expect(cost.workflows.map((w) => w.name)).to.include("daily");
    for (const w of cost.workflows) expect(w.delta_usd_per_month, w.name).to.equal(0);
  });

  it("reports exactly the filtered store's rows as removed, and nothing else changed", () => {
    expect(storeRows, "the store has sales").to.be.greaterThan(0);
    expect(filtered.tables.map((t) => [t.table, t.status])).to.deep.equal([[MART, "compared"]]);
    const c = filtered.tables[0]!.comparison!;
    expect(c.key).to.deep.equal(["sales_date", "store_id", "channel"]);
    expect({ added: c.added, removed: c.removed, changed: c.changed }).to.deep.equal({ added: 0, removed: storeRows, changed: 0 });
    expect(c.rows.before - c.rows.after).to.equal(storeRows);
    expect(c.sample.removed.map((r) => r.store_id)).to.deep.equal(Array(storeRows).fill(STORE));
    expect(c.columns.filter((col) => col.changed !== 0).map((col) => col.name)).to.deep.equal([]);
    expect(c.schema).to.deep.equal({ added: [], removed: [], retyped: [] });
  });

  it("shows each column's sum or distinct count before and after", () => {
    const stores = filtered.tables[0]!.comparison!.columns.find((col) => col.name === "store_id")!;
    expect(stores).to.include({ measure: "distinct" });
    expect(Number(stores.before) - Number(stores.after)).to.equal(1);
    const net = filtered.tables[0]!.comparison!.columns.find((col) => col.name === "net_sales")!;
    expect(net.measure).to.equal("sum");
    expect(Number(net.before)).to.be.greaterThan(Number(net.after));
  });

  it("reports no difference for an unchanged model", () => {
    expect(unchanged.tables.map((t) => [t.table, t.status, t.identical])).to.deep.equal([[`${PROJECT}.giga_mart.daily_category_sales`, "compared", true]]);
    const c = unchanged.tables[0]!.comparison!;
    expect({ added: c.added, removed: c.removed, changed: c.changed }).to.deep.equal({ added: 0, removed: 0, changed: 0 });
  });

  it("writes a Markdown report naming the table and its counts", () => {
    const markdown = formatDiffMarkdown(filtered);
    expect(markdown).to.include("| `giga_mart.daily_store_sales` | differs |");
    expect(markdown).to.include(`0 added, ${storeRows} removed, 0 changed`);
    expect(formatDiffMarkdown(unchanged)).to.include("| `giga_mart.daily_category_sales` | no difference |");
  });

  it("prints per table added, removed and changed counts as JSON from the command", () => {
    const result = gigamart(["diff", "daily_store_sales", "--project-dir", repo.dir, "--env", "dev", "--warehouse", warehouse.file, "--format", "json"]);
    expect(result.code, result.stderr).to.equal(0);
    const json = JSON.parse(result.stdout);
    expect(json.tables.map((t: { table: string; comparison: { added: number; removed: number; changed: number } }) => [t.table, t.comparison.added, t.comparison.removed, t.comparison.changed])).to.deep.equal([
      [MART, 0, storeRows, 0],
    ]);
    expect(result.stderr).to.match(/^diff: building \d+ actions in a scratch copy/m);
  });

  it("plans the filter as a data change with the warehouse typing what it does not touch", () => {
    expect(plan.changes.map((c) => [c.name, c.classification, c.reasons])).to.deep.equal([[MART, "data", ["logic only"]]]);
    expect(plan.affected.map((a) => a.name)).to.deep.equal([
      `${PROJECT}.giga_assertions.giga_mart_daily_store_sales_assertions_rowConditions`,
      `${PROJECT}.giga_assertions.giga_mart_daily_store_sales_assertions_uniqueKey_0`,
    ]);
  });

  it("leaves every file of the current warehouse byte for byte as it was", () => {
    expect(checksum(warehouse.dir)).to.deep.equal(filesBefore);
  });
});
