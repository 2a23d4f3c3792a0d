import { expect } from "chai";
import { planChange, type Plan } from "../../analyst/plan/plan";
import { compileRevisions } from "../../analyst/plan/revisions";
import { projectLineage } from "../../analyst/lineage/project-lineage";
import type { ColumnLineage } from "../../analyst/lineage/types";
import { ZetaSqlAnalyzer } from "../../fidelity/analyze";
import { startZetaSql, type ZetaSqlService } from "../../fidelity/zetasql/service";
import { gigamart } from "../cli/gigamart";
import { RepoCopy } from "../support/repo-copy";

const P = "gigamart-dev";
const mart = (t: string) => `${P}.giga_mart.${t}`;
const curated = (t: string) => `${P}.giga_curated.${t}`;
const assertion = (t: string) => `${P}.giga_assertions.${t}`;
const checks = (dataset: string, table: string) => [assertion(`${dataset}_${table}_assertions_rowConditions`), assertion(`${dataset}_${table}_assertions_uniqueKey_0`)];

// Lineage as the lineage producer would report it, written by hand: a scorecard that copies the mart
// column the change drops and bands it, and the category mart copying product_dim's category.
const LINEAGE: ColumnLineage[] = [
  { output: { table: mart("daily_store_sales"), column: "average_basket" }, sources: [{ column: { table: curated("sales_fact"), column: "net_amount" }, derivation: "transform" }] },
  { output: { table: mart("store_scorecard"), column: "basket" }, sources: [{ column: { table: mart("daily_store_sales"), column: "average_basket" }, derivation: "copy" }] },
  { output: { table: mart("store_scorecard"), column: "basket_band" }, sources: [{ column: { table: mart("store_scorecard"), column: "basket" }, derivation: "transform" }] },
  { output: { table: mart("store_scorecard"), column: "net" }, sources: [{ column: { table: mart("daily_store_sales"), column: "net_sales" }, derivation: "copy" }] },
  { output: { table: mart("daily_category_sales"), column: "category" }, sources: [{ column: { table: curated("product_dim"), column: "category" }, derivation: "copy" }] },
];

describe("gigamart plan, on a copy of the repo with one commit as the base", function () {
  this.timeout(10 * 60_000);
  let repo: RepoCopy;
  let service: ZetaSqlService;
  let plan: Plan;
  let revisions: Awaited<ReturnType<typeof compileRevisions>>;

  before(async () => {
    repo = RepoCopy.create();
    // One edit of each kind, each in its own action.
    repo.edit(
      "definitions/gold/daily_store_sales.sqlx",
      "f.transaction_id, null)) as unknown_customer_transactions,\n  -- NUMERIC already in BigQuery; the cast keeps it money on the local engine too, where a division is a float\n  cast(round(safe_divide(sum(f.net_amount), count(distinct f.transaction_id)), 2) as numeric) as average_basket\n",
      "f.transaction_id, null)) as unknown_customer_transactions\n",
    );
    repo.edit("definitions/gold/customer_360.sqlx", "select\n  *,\n  transactions as frequency,", "select\n  *,\n  lifetime_net_sales > 1000 as is_high_value,\n  transactions as frequency,");
    repo.edit("definitions/silver/product_dim.sqlx", " as p\nunion all", " as p\nwhere p.product_id is not null\nunion all");
    repo.edit("definitions/gold/inventory_kpi.sqlx", 'partitionBy: "snapshot_date"', 'partitionBy: "date_trunc(snapshot_date, month)"');
    repo.edit("definitions/gold/daily_category_sales.sqlx", 'uniqueKey: ["sales_date", "store_id", "category", "channel"]', 'uniqueKey: ["sales_date", "store_id", "category"]');
    service = await startZetaSql();
    revisions = await compileRevisions({ projectDir: repo.dir, env: "dev" });
    plan = await planChange({ base: revisions.base, head: revisions.head, analyzer: new ZetaSqlAnalyzer(service), lineage: async () => LINEAGE });
  });

  after(async () => {
    await service?.stop();
    repo?.remove();
  });

  const change = (name: string) => plan.changes.find((c) => c.name === name);

  it("with the project's own column lineage, names the downstream columns computed from the changed ones, down to the marts", async () => {
    const real = await planChange({ base: revisions.base, head: revisions.head, analyzer: new ZetaSqlAnalyzer(service), lineage: (graph) => projectLineage(graph, service) });
    expect(real.columnLineage).to.equal(true);
    const columns = (name: string) => real.changes.find((c) => c.name === name)!.downstreamColumns!.map((c) => `${c.table}.${c.column}`);
    // product_dim's filter is a data change: every column of it may move, and what is computed from its category
    expect(columns(curated("product_dim"))).to.include.members([`${mart("daily_category_sales")}.category`]);
    // the dropped mart column feeds no other table: only the mart's own row-condition check reads it
    expect(columns(mart("daily_store_sales"))).to.deep.equal([`${assertion("giga_mart_daily_store_sales_assertions_rowConditions")}.average_basket`]);
  });

  it("lists exactly the edited actions as changed, a table whose key assertion changed among them", () => {
    expect(plan.changes.map((c) => c.name)).to.deep.equal([
      assertion("giga_mart_daily_category_sales_assertions_uniqueKey_0"),
      curated("product_dim"),
      mart("customer_360"),
      mart("daily_category_sales"),
      mart("daily_store_sales"),
      mart("inventory_kpi"),
    ]);
  });

  it("classifies a changed key as breaking", () => {
    expect(change(mart("daily_category_sales"))).to.include({ classification: "breaking" });
    expect(change(mart("daily_category_sales"))!.reasons).to.deep.equal(["key: sales_date, store_id, category, channel -> sales_date, store_id, category"]);
    expect(change(assertion("giga_mart_daily_category_sales_assertions_uniqueKey_0"))).to.include({ classification: "data" });
  });

  it("classifies a dropped mart column as breaking", () => {
    expect(change(mart("daily_store_sales"))).to.include({ change: "modified", classification: "breaking" });
    expect(change(mart("daily_store_sales"))!.reasons).to.deep.equal(["column removed: average_basket"]);
  });

  it("classifies an added column as non-breaking, with its GoogleSQL type", () => {
    expect(change(mart("customer_360"))).to.include({ classification: "non-breaking" });
    expect(change(mart("customer_360"))!.schema!.added).to.deep.equal([{ name: "is_high_value", type: "BOOL" }]);
  });

  it("classifies a changed filter as data", () => {
    expect(change(curated("product_dim"))).to.include({ classification: "data" });
    expect(change(curated("product_dim"))!.reasons).to.deep.equal(["logic only"]);
  });

  it("classifies a changed partitioning as breaking", () => {
    expect(change(mart("inventory_kpi"))).to.include({ classification: "breaking" });
    expect(change(mart("inventory_kpi"))!.reasons).to.deep.equal(["partitioning: snapshot_date -> date_trunc(snapshot_date, month)"]);
  });

  it("reports every downstream action with the changed actions it is reached from", () => {
    const fromProduct = [curated("product_dim")];
    const expected: Record<string, string[]> = {
      // product_dim, read by the facts and the category mart
      [curated("inventory_snapshot_fact")]: fromProduct,
      [curated("sales_fact")]: fromProduct,
      [assertion("sales_fact_references_resolve")]: fromProduct,
      [assertion("sales_fact_reconciles_with_bronze")]: fromProduct,
      ...Object.fromEntries(
        [...checks("giga_curated", "product_dim"), ...checks("giga_curated", "inventory_snapshot_fact"), ...checks("giga_curated", "sales_fact")].map((a) => [a, fromProduct]),
      ),
      [assertion("giga_mart_daily_category_sales_assertions_rowConditions")]: [curated("product_dim"), mart("daily_category_sales")],
      // the edited marts are also downstream of sales_fact
      ...Object.fromEntries(checks("giga_mart", "daily_store_sales").map((a) => [a, [curated("product_dim"), mart("daily_store_sales")]])),
      ...Object.fromEntries(checks("giga_mart", "customer_360").map((a) => [a, [curated("product_dim"), mart("customer_360")]])),
      ...Object.fromEntries(checks("giga_mart", "inventory_kpi").map((a) => [a, [curated("product_dim"), mart("inventory_kpi")]])),
    };
    expect(Object.fromEntries(plan.affected.map((a) => [a.name, a.via]))).to.deep.equal(expected);
  });

  it("names the marts affected, edited or downstream", () => {
    expect(plan.marts).to.deep.equal([mart("customer_360"), mart("daily_category_sales"), mart("daily_store_sales"), mart("inventory_kpi")]);
  });

  it("follows column lineage from a dropped column to every column computed from it", () => {
    expect(change(mart("daily_store_sales"))!.downstreamColumns).to.deep.equal([
      { table: mart("store_scorecard"), column: "basket" },
      { table: mart("store_scorecard"), column: "basket_band" },
    ]);
    expect(change(curated("product_dim"))!.downstreamColumns).to.deep.equal([{ table: mart("daily_category_sales"), column: "category" }]);
  });

  it("prints each changed action's classification as JSON from the command, against the merge base with main", () => {
    const result = gigamart(["plan", "--project-dir", repo.dir, "--env", "dev", "--format", "json"]);
    expect(result.code, result.stderr).to.equal(0);
    const json = JSON.parse(result.stdout);
    expect(json.base.commit).to.equal(repo.git("rev-parse", "main").trim());
    expect(Object.fromEntries(json.changes.map((c: { name: string; classification: string }) => [c.name, c.classification]))).to.deep.equal({
      [assertion("giga_mart_daily_category_sales_assertions_uniqueKey_0")]: "data",
      [curated("product_dim")]: "data",
      [mart("customer_360")]: "non-breaking",
      [mart("daily_category_sales")]: "breaking",
      [mart("daily_store_sales")]: "breaking",
      [mart("inventory_kpi")]: "breaking",
    });
    expect(json.columnLineage).to.equal(true);
    const actionLevel = JSON.parse(gigamart(["plan", "--project-dir", repo.dir, "--env", "dev", "--no-columns", "--format", "json"]).stdout);
    expect(actionLevel.columnLineage).to.equal(false);
  });
});
