import { execFile } from "node:child_process";
import * as path from "node:path";
import { expect } from "chai";
import { ZetaSqlAnalyzer } from "../../fidelity/analyze";
import { checkGraph, type CheckReport } from "../../fidelity/check";
import { compileProject } from "../../runner/dataform/compile";
import type { CompiledGraph } from "../../runner/dataform/compiled-graph";
import { startZetaSql, type ZetaSqlService } from "../../fidelity/zetasql/service";
import { BROKEN } from "./helpers/broken-fixtures";

const GOOD_PROJECT = path.join(__dirname, "project");
const FIXTURES = path.join(__dirname, "..", "fixtures");

function gigamartCheck(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const cli = path.join(__dirname, "..", "..", "cli", "main.ts");
  return new Promise((resolve) => {
    execFile(process.execPath, ["--require", require.resolve("tsx/cjs"), cli, "check", ...args], (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe("gigamart check", () => {
  let service: ZetaSqlService;
  let analyzer: ZetaSqlAnalyzer;
  const graphs = new Map<string, CompiledGraph>();

  before(async () => {
    service = await startZetaSql();
    analyzer = new ZetaSqlAnalyzer(service);
    const dirs = [GOOD_PROJECT, ...BROKEN.map((b) => path.join(FIXTURES, b.fixture))];
    await Promise.all(dirs.map(async (dir) => graphs.set(dir, await compileProject({ projectDir: dir }))));
  });
  after(() => service.stop());

  describe("on a project BigQuery would accept", () => {
    let report: CheckReport;
    before(async () => {
      report = await checkGraph(graphs.get(GOOD_PROJECT)!, analyzer);
    });

    it("finds no error and counts every statement it analyzed", () => {
      expect(report.errors).to.deep.equal([]);
      expect(report.statementsAnalyzed).to.equal(12);
      expect(report.statementsSkipped).to.deep.equal([]);
    });

    it("reports the output schema of every action, typed as GoogleSQL", () => {
      const schema = (name: string) => report.actions.find((a) => a.name.endsWith(name))?.columns?.map((c) => `${c.name} ${c.type}`);
      expect(report.actions.filter((a) => !a.columns).map((a) => a.name)).to.deep.equal([]);
      expect(schema(".pos_lines")).to.deep.equal([
        "transaction_id STRING",
        "store_id STRING",
        "event_date DATE",
        "line_no INT64",
        "product_id STRING",
        "quantity INT64",
        "net_amount NUMERIC",
      ]);
      expect(schema(".daily_store_sales")).to.deep.equal([
        "store_id STRING",
        "sale_date DATE",
        "transactions INT64",
        "net_sales NUMERIC",
        "units_per_transaction FLOAT64",
      ]);
      expect(schema(".refresh_stats")).to.deep.equal(["store_id STRING", "line_count INT64"]);
    });

    it("types bronze declarations from the ingestion contracts and others from typed column docs", () => {
      const declaration = (name: string) => report.actions.find((a) => a.name.endsWith(name))!;
      expect(declaration(".raw_pos_transactions").schemaFrom).to.equal("contract");
      expect(declaration(".raw_pos_transactions").columns).to.deep.include({
        name: "lines",
        type: "ARRAY<STRUCT<line_no INT64, product_id STRING, quantity INT64, unit_price NUMERIC, discount NUMERIC>>",
      });
      expect(declaration(".store_budget")).to.include({ schemaFrom: "column docs" });
    });

    it("analyzes an incremental table's first run and its merge into the table that run created", () => {
      const incremental = report.actions.find((a) => a.name.endsWith(".daily_store_sales"))!;
      expect(incremental.scripts.map((s) => [s.path, s.statements.map((st) => st.kind)])).to.deep.equal([
        ["create", ["DECLARE", "CREATE_TABLE_AS_SELECT"]],
        ["incremental", ["DECLARE", "MERGE"]],
      ]);
    });
  });

  it("analyzes the insert-overwrite script of an incremental table: temp table, BEGIN block, DECLARE and MERGE", async () => {
    const graph = structuredClone(graphs.get(GOOD_PROJECT)!);
    const table = graph.tables!.find((t) => t.target.name === "daily_store_sales")!;
    table.incrementalStrategy = "INSERT_OVERWRITE";
    const report = await checkGraph(graph, analyzer);
    expect(report.errors).to.deep.equal([]);
    const incremental = report.actions.find((a) => a.name.endsWith(".daily_store_sales"))!.scripts[1];
    expect(incremental.statements.map((s) => s.kind)).to.deep.equal(["DECLARE", "CREATE_TABLE_AS_SELECT", "DECLARE", "MERGE", "DROP"]);
  });

  for (const { fixture, line } of BROKEN) {
    it(`fails ${fixture} with one line naming the file, the action and ZetaSQL's message`, async () => {
      const report = await checkGraph(graphs.get(path.join(FIXTURES, fixture))!, analyzer);
      expect(report.errors).to.have.length(1);
      expect(report.errors[0]).to.match(line);
    });
  }

  it("does not analyze the dependents of a failing action, so only the real mistake is reported", async () => {
    const graph = structuredClone(graphs.get(path.join(FIXTURES, "broken-duckdb-cast"))!);
    const broken = graph.tables![0];
    graph.tables!.push({
      ...broken,
      target: { ...broken.target, name: "downstream" },
      canonicalTarget: { ...broken.target, name: "downstream" },
      fileName: "definitions/downstream.sqlx",
      query: "select * from `gigamart-dev.giga_curated.pos_days`",
      dependencyTargets: [broken.target],
    });
    const report = await checkGraph(graph, analyzer);
    expect(report.errors).to.have.length(1);
    expect(report.actions.find((a) => a.name.endsWith(".downstream"))?.notAnalyzed).to.equal("depends on gigamart-dev.giga_curated.pos_days, whose schema is unknown");
  });

  it("fails a declaration it cannot type, naming its file", async () => {
    const graph = structuredClone(graphs.get(GOOD_PROJECT)!);
    graph.declarations!.push({ target: { database: "gigamart-dev", schema: "ext", name: "mystery" }, fileName: "definitions/mystery.sqlx" });
    const report = await checkGraph(graph, analyzer);
    expect(report.errors).to.deep.equal([
      'definitions/mystery.sqlx: gigamart-dev.ext.mystery: no schema for declaration mystery: it is not a bronze table of ingestion/contracts and its column docs do not start with types ("INT64: ...")',
    ]);
  });

  it("exits 0 on a good project and non-zero with the error line on a broken one", async () => {
    const [good, bad] = await Promise.all([
      gigamartCheck(["--project-dir", GOOD_PROJECT, "--format", "json"]),
      gigamartCheck(["--project-dir", path.join(FIXTURES, "broken-misspelled-function")]),
    ]);
    expect(good.code, good.stderr).to.equal(0);
    expect(JSON.parse(good.stdout).analysis.statementsAnalyzed).to.equal(12);
    expect(bad.code).to.not.equal(0);
    expect(bad.stderr).to.match(/^definitions\/refresh_store_totals\.sqlx: gigamart-dev\.giga_curated\.refresh_store_totals: Function not found: coalese/m);
    expect(bad.stderr).to.match(/gigamart: ZetaSQL analysis: 2 actions, \d+ statements? analyzed with BigQuery's language features, 1 error/);
  });
});
