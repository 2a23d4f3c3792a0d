import * as path from "node:path";
import { expect } from "chai";
import { ZetaSqlAnalyzer } from "../../fidelity/analyze";
import { contractSchema } from "../../fidelity/sources";
import { sourceFixture } from "../../fidelity/fixtures";
import { compareGraph, upsert, type SemanticReport } from "../../fidelity/semantic";
import { startZetaSql, type ZetaSqlService } from "../../fidelity/zetasql/service";
import { compileProject } from "../../runner/dataform/compile";
import type { CompiledGraph } from "../../runner/dataform/compiled-graph";

describe("result comparison with the GoogleSQL reference engine", () => {
  let service: ZetaSqlService;
  let report: SemanticReport;
  let graph: CompiledGraph;

  before(async () => {
    const [compiled, started] = await Promise.all([compileProject({ projectDir: path.join(__dirname, "project") }), startZetaSql()]);
    graph = compiled;
    service = started;
    report = await compareGraph(graph, service, new ZetaSqlAnalyzer(service));
  });
  after(() => service.stop());

  it("gets equal results from both engines for every table, view and assertion query", () => {
    expect(report.errors).to.deep.equal([]);
    expect(report.models.filter((m) => m.status === "equal").map((m) => m.name.split(".").pop())).to.deep.equal([
      "pos_lines",
      "daily_store_sales",
      "daily_store_sales",
      "product_dim",
      "top_stores",
      "no_negative_sales",
      "giga_curated_pos_lines_assertions_rowConditions",
    ]);
    expect(report.compared).to.equal(7);
  });

  it("compares on inputs that produce rows, not on empty tables", () => {
    const rows = Object.fromEntries(report.models.filter((m) => m.path !== "incremental").map((m) => [m.name.split(".").pop(), m.rows]));
    expect(rows.pos_lines).to.be.greaterThan(3);
    expect(rows.daily_store_sales).to.be.greaterThan(1);
  });

  it("compares an incremental table's first run and the rows a later run merges into it", () => {
    const runs = report.models.filter((m) => m.name.endsWith(".daily_store_sales"));
    expect(runs.map((m) => [m.path, m.status])).to.deep.equal([["create", "equal"], ["incremental", "equal"]]);
    // The later run reads the table the first run built (its DECLARE default selects max(sale_date) from it).
    expect(runs[1].rows).to.be.greaterThan(0);
  });

  it("matches rows in order when the query orders them", () => {
    const top = report.models.find((m) => m.name.endsWith(".top_stores"))!;
    expect(top).to.include({ ordered: true, rows: 2, status: "equal" });
    expect(report.models.find((m) => m.name.endsWith(".pos_lines"))!.ordered).to.equal(false);
  });

  it("fails a model the local target cannot run, naming its file", async () => {
    const broken = structuredClone(graph);
    const table = broken.tables!.find((t) => t.target.name === "product_dim")!;
    broken.tables!.push({
      ...table,
      target: { ...table.target, name: "precise_prices" },
      fileName: "definitions/precise_prices.sqlx",
      query: "select product_id, cast(list_price as bignumeric) / 3 as third from `gigamart-dev.giga_raw.raw_product_master`",
    });
    const result = await compareGraph(broken, service, new ZetaSqlAnalyzer(service));
    expect(result.errors).to.have.length(1);
    expect(result.errors[0]).to.match(/^definitions\/precise_prices\.sqlx: gigamart-dev\.giga_curated\.precise_prices: DuckDB: .*BIGNUMERIC/);
  });

  it("evaluates tables written as dataset.table or as dotted parts, as BigQuery resolves them", async () => {
    const extended = structuredClone(graph);
    const table = extended.tables!.find((t) => t.target.name === "product_dim")!;
    extended.tables!.push({
      ...table,
      target: { ...table.target, name: "product_pairs" },
      fileName: "definitions/product_pairs.sqlx",
      query:
        "select a.product_id, count(b.product_id) as same_category from giga_raw.raw_product_master as a " +
        "left join `gigamart-dev`.giga_raw.raw_product_master as b on a.category = b.category and a.product_id != b.product_id group by a.product_id",
    });
    const result = await compareGraph(extended, service, new ZetaSqlAnalyzer(service));
    expect(result.models.find((m) => m.name.endsWith(".product_pairs"))).to.include({ status: "equal" });
  });

  it("says which parts the reference engine cannot evaluate", () => {
    const notes = Object.fromEntries(report.models.map((m) => [m.name.split(".").pop(), m.notes.join(" ")]));
    expect(notes.daily_store_sales).to.match(/not compared: the MERGE\/INSERT itself \(the reference engine does not evaluate MERGE\)/);
    expect(notes.refresh_stats).to.match(/operations are scripts/);
  });

  it("generates source fixtures with NULLs, empty arrays, negative quantities, leap days, Kolkata midnight and duplicate keys", () => {
    const fixture = sourceFixture("raw_pos_transactions", contractSchema("raw_pos_transactions")!);
    const column = (name: string) => fixture.rows.map((r) => r[fixture.columns.findIndex((c) => c.name === name)]);
    const lines = column("lines") as { quantity: bigint | null }[][];
    expect(column("customer_id")).to.include(null);
    expect(lines.some((l) => l.length === 0)).to.equal(true);
    expect(lines.flat().some((l) => l.quantity !== null && l.quantity < 0n)).to.equal(true);
    expect(column("event_ts")).to.include("2024-02-29 18:45:00+00");
    expect(column("event_date")).to.include("2024-02-29");
    const ids = column("transaction_id").filter((id) => id !== null);
    expect(new Set(ids).size).to.be.lessThan(ids.length);
    expect(column("payment_type")).to.include("UNKNOWN_VALUE");
  });

  it("merges a later run's rows into the table on its unique key before dependents read it", () => {
    const columns = [{ name: "id", type: "STRING" }, { name: "v", type: "INT64" }];
    const table = { columns, rows: [["a", 1n], ["b", 2n]] };
    const incoming = { columns, rows: [["b", 20n], ["c", 3n]] };
    expect(upsert(table, incoming, ["id"]).rows).to.deep.equal([["a", 1n], ["b", 20n], ["c", 3n]]);
    expect(upsert(table, incoming, []).rows).to.have.length(4);
  });

  it("lands a second batch for later runs: re-sent keys, other values, a newer ingestion time", () => {
    const columns = contractSchema("raw_pos_transactions")!;
    const first = sourceFixture("raw_pos_transactions", columns);
    const second = sourceFixture("raw_pos_transactions", columns, { batch: 1, ingestedAt: "2026-11-27 12:00:00+00" });
    const at = (name: string) => columns.findIndex((c) => c.name === name);
    expect(second.rows.every((r) => r[at("ingestion_ts")] === "2026-11-27 12:00:00+00")).to.equal(true);
    const firstIds = new Set(first.rows.map((r) => r[at("transaction_id")]));
    expect(second.rows.some((r) => firstIds.has(r[at("transaction_id")]))).to.equal(true);
    expect(second.rows.map((r) => r[at("total_amount")])).to.not.deep.equal(first.rows.map((r) => r[at("total_amount")]));
  });
});
