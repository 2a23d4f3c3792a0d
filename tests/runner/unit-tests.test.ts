import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { XMLParser } from "fast-xml-parser";
import { startZetaSql, type ZetaSqlService } from "../../fidelity/zetasql/service";
import { compileProject } from "../../runner/dataform/compile";
import { Warehouse } from "../../runner/local/warehouse";
import { runLocal } from "../../runner/targets/local";
import type { CompiledGraph } from "../../runner/dataform/compiled-graph";
import { unitTestFailure, type UnitTestResult } from "../../runner/targets/run-result";
import { runUnitTests } from "../../runner/unit-tests/run";
import { gigamart } from "../cli/gigamart";
import { compileFixture, FIXTURES, tempDir } from "./fixtures";

const FIXTURE = path.join(FIXTURES, "unit-tests");

/** A copy of the fixture with some files changed (null: removed), compiled for real. */
async function compileVariant(changes: Record<string, string | null>): Promise<CompiledGraph> {
  const dir = path.join(tempDir(), "project");
  fs.cpSync(FIXTURE, dir, { recursive: true });
  for (const [file, content] of Object.entries(changes)) {
    if (content === null) fs.rmSync(path.join(dir, file));
    else fs.writeFileSync(path.join(dir, file), content);
  }
  return compileProject({ projectDir: dir });
}

const edit = (file: string, from: string, to: string) => {
  const text = fs.readFileSync(path.join(FIXTURE, file), "utf8");
  expect(text, `${file} holds ${from}`).to.include(from);
  return { [file]: text.replace(from, to) };
};

/** A graph holding only Dataform tests: the compiled form core/actions/test.ts gives them. */
const testsGraph = (...tests: [name: string, testQuery: string, expectedOutputQuery: string][]): CompiledGraph => ({
  projectConfig: { defaultDatabase: "acme-shop", defaultSchema: "shop" },
  tests: tests.map(([name, testQuery, expectedOutputQuery]) => ({ name, fileName: `definitions/${name}.sqlx`, testQuery, expectedOutputQuery })),
});

const byName = (results: UnitTestResult[], name: string) => {
  const found = results.find((r) => r.name === name);
  expect(found, `no result for ${name}`).to.not.equal(undefined);
  return found!;
};

describe("unit tests", function () {
  let service: ZetaSqlService;
  let fixture: UnitTestResult[];
  before(async () => {
    service = await startZetaSql();
    fixture = await runUnitTests(await compileFixture("unit-tests"), { analyzer: service });
  });
  after(() => service.stop());

  describe("Dataform's type: \"test\" actions", () => {
    it("pass when the tested view's query, run on the given input rows, returns the expected rows", () => {
      const test = byName(fixture, "order_totals_test");
      expect(test.status, test.messages.join("\n")).to.equal("passed");
      expect(test.kind).to.equal("dataset");
    });

    it("pass for a table with two inputs, each ref() replaced by its input", () => {
      const test = byName(fixture, "customer_orders_test");
      expect(test.status, test.messages.join("\n")).to.equal("passed");
      expect(test.bigquerySql[0]).to.include("left join (\n  select 7 as customer_id, 'Asha' as name\n) as c");
    });

    it("fail on a wrong expected row with one line naming the test, its file and the column, in Dataform's words, and a row diff", () => {
      const test = byName(fixture, "order_totals_wrong_test");
      expect(test.status).to.equal("failed");
      expect(unitTestFailure(test)).to.equal(
        `test order_totals_wrong_test (definitions/tests/order_totals_wrong_test.sqlx): For row 0 and column "total": expected ""16"", but saw ""15"".`,
      );
      expect(test.diff).to.deep.equal([
        `- expected {"customer_id":7,"total":"16","orders":2}`,
        `+ actual   {"customer_id":7,"total":"15","orders":2}`,
      ]);
    });

    it("fail to compile, naming the test and its file, when an input the tested dataset reads is missing", async () => {
      const missing = `config { type: "test", dataset: "customer_orders" }\ninput "orders" { select 1 as order_id, 7 as customer_id, numeric '1' as amount }\nselect 1 as order_id\n`;
      const error = await compileVariant({ "definitions/tests/missing_input_test.sqlx": missing }).then(
        () => undefined,
        (e: Error) => e,
      );
      expect(error?.message).to.equal(
        `definitions/tests/missing_input_test.sqlx: test missing_input_test: no input "customers", which the tested dataset reads (inputs given: "orders")`,
      );
    });
  });

  describe("Dataform's comparison rules", () => {
    it("compare values as BigQuery's client returns them: INT64 and FLOAT64 of one value match, NUMERIC and FLOAT64 do not", async () => {
      const [mixed, numeric] = await runUnitTests(
        testsGraph(["int_float", "select 15 as x", "select 15.0 as x"], ["numeric_float", "select numeric '15' as x", "select 15.0 as x"]),
        { analyzer: service },
      );
      expect(mixed!.status, mixed!.messages.join()).to.equal("passed");
      expect(numeric!.messages).to.deep.equal([`For row 0 and column "x": expected type "number", but saw type "object".`]);
    });

    it("compare row counts first, then column names case-insensitively and in any order", async () => {
      const results = await runUnitTests(
        testsGraph(
          ["counts", "select 1 as x union all select 2", "select 1 as x"],
          ["columns", "select 1 as A, 'b' as b", "select 'b' as B, 1 as a"],
          ["names", "select 1 as a", "select 1 as c"],
        ),
        { analyzer: service },
      );
      expect(results.map((r) => r.messages)).to.deep.equal([[`Expected 1 rows, but saw 2 rows.`], [], [`Expected columns "c", but saw "a".`]]);
    });

    it("ignore row order unless both queries have an ORDER BY, since BigQuery fixes no order without one", async () => {
      const results = await runUnitTests(
        testsGraph(
          ["unordered", "select 2 as x union all select 1", "select 1 as x union all select 2"],
          ["ordered", "select x from unnest([2, 1]) as x order by x desc", "select x from unnest([1, 2]) as x order by x"],
        ),
        { analyzer: service },
      );
      expect(results[0]!.status).to.equal("passed");
      expect(results[1]!.messages).to.deep.equal([`For row 0 and column "x": expected "1", but saw "2".`, `For row 1 and column "x": expected "2", but saw "1".`]);
    });

    it("read dates, timestamps and NULL arrays as BigQuery returns them: a NULL array is []", async () => {
      const results = await runUnitTests(
        testsGraph(
          ["null_array", "select cast(null as array<int64>) as a", "select cast([] as array<int64>) as a"],
          ["date_vs_string", "select date '2026-01-01' as d", "select '2026-01-01' as d"],
          ["timestamps", "select timestamp '2026-01-01 10:00:00.5+00' as t", "select timestamp '2026-01-01 10:00:00.5+00' as t"],
        ),
        { analyzer: service },
      );
      expect(results.map((r) => r.messages)).to.deep.equal([[], [`For row 0 and column "d": expected type "string", but saw type "object".`], []]);
    });

    it("convert a FLOAT64 literal DuckDB reads as DECIMAL, keep a NUMERIC division NUMERIC, and fail by name a column DuckDB types differently from BigQuery", async () => {
      const results = await runUnitTests(
        testsGraph(
          ["float_from_numeric", "select 1.5 as x", "select 1.5 as x"],
          ["numeric_division", "select numeric '1' / 4 as q", "select numeric '0.25' as q"],
          ["numeric_sqrt", "select sqrt(numeric '0.25') as q", "select numeric '0.5' as q"],
        ),
        { analyzer: service },
      );
      expect(results[0]!.status, "a FLOAT64 literal DuckDB reads as DECIMAL is converted exactly").to.equal("passed");
      expect(results[1]!.messages, "the translator keeps NUMERIC / INT64 NUMERIC, as BigQuery does").to.deep.equal([]);
      // DuckDB's SQRT of a DECIMAL is a DOUBLE; BigQuery's SQRT of NUMERIC is NUMERIC: never compared as if they were alike.
      expect(results[2]!.messages).to.deep.equal(["column q: DuckDB computes FLOAT64 where BigQuery computes NUMERIC, so its values cannot be compared as Dataform compares them"]);
    });

    it("fail a query BigQuery would reject, with the analyzer's message, before running it", async () => {
      const [test] = await runUnitTests(testsGraph(["duckdb_only", "select list_sum([1, 2]) as s", "select 3 as s"]), { analyzer: service });
      expect(unitTestFailure(test!)).to.match(/^test duckdb_only \(definitions\/duckdb_only\.sqlx\): BigQuery would reject the tested query: Function not found: list_sum/);
    });
  });

  describe("incremental tables, both paths", () => {
    it("run the first-run script (CREATE OR REPLACE TABLE … AS the query) on the given inputs and pass on the expected rows", () => {
      const test = byName(fixture, "order_states_first_run_test");
      expect(test.status, test.messages.join("\n")).to.equal("passed");
      expect(test.kind).to.equal("first run");
      expect(test.bigquerySql[0]).to.include("create or replace table `acme-shop.shop.order_states`");
    });

    it("run the MERGE into the given current rows and pass on the expected rows: a newer version replaces its order, an older one is ignored", () => {
      const test = byName(fixture, "order_states_merge_test");
      expect(test.status, test.messages.join("\n")).to.equal("passed");
      expect(test.kind).to.equal("merge");
      expect(test.bigquerySql[0]).to.include("merge `acme-shop.shop.order_states` DATAFORM_DEST");
      expect(test.bigquerySql[0]).to.include("where updated_at > (select max(updated_at) from `acme-shop.shop.order_states`)");
    });

    it("fail on each path when its expected rows are wrong, naming the test and what differs", async () => {
      const graph = await compileVariant({
        ...edit("definitions/tests/order_states_merge_test.sqlx", "select 1 as order_id, 'shipped' as status", "select 1 as order_id, 'placed' as status"),
        ...edit("definitions/tests/order_states_first_run_test.sqlx", "union all select 2, 'placed', numeric '3.00'", "union all select 2, 'placed', numeric '30.00'"),
      });
      const results = await runUnitTests(graph, { analyzer: service });
      const merge = byName(results, "order_states_merge_test");
      expect(unitTestFailure(merge)).to.equal(
        `test order_states_merge_test (definitions/tests/order_states_merge_test.sqlx): For row 0 and column "status": expected "placed", but saw "shipped".`,
      );
      expect(merge.diff, merge.diff.join("\n")).to.have.length(2);
      expect(merge.diff[0]).to.match(/^- expected \{"order_id":1,"status":"placed","amount":"10.5","updated_at":"2026-01-02T09:00:00[.0]*Z"\}$/);
      const firstRun = byName(results, "order_states_first_run_test");
      expect(unitTestFailure(firstRun)).to.equal(
        `test order_states_first_run_test (definitions/tests/order_states_first_run_test.sqlx): For row 1 and column "amount": expected ""30"", but saw ""3"".`,
      );
    });

    it("fail clearly when an input the incremental table reads is missing", async () => {
      const file = "definitions/tests/order_states_merge_test.sqlx";
      const text = fs.readFileSync(path.join(FIXTURE, file), "utf8");
      const withoutInput = text.replace(/---\n-- input orders\n[\s\S]*?(?=---\n-- expect)/, "");
      expect(withoutInput).to.not.include("-- input");
      const [merge] = (await runUnitTests(await compileVariant({ [file]: withoutInput }), { analyzer: service })).filter((r) => r.name === "order_states_merge_test");
      expect(unitTestFailure(merge!)).to.equal(
        `test order_states_merge_test (${file}): no input for acme-shop.raw.orders, which acme-shop.shop.order_states reads: add a statement "-- input orders" with its rows`,
      );
    });
  });

  describe("a run with its unit tests", () => {
    it("runs the actions after the tests pass, and records both", async () => {
      const graph = await compileVariant({ "definitions/tests/order_totals_wrong_test.sqlx": null });
      const file = path.join(tempDir(), "warehouse.duckdb");
      const warehouse = await Warehouse.open(file);
      try {
        await warehouse.attach("acme-shop");
        for (const sql of [
          `CREATE SCHEMA "acme-shop".raw`,
          `CREATE TABLE "acme-shop".raw.orders AS SELECT 1::BIGINT AS order_id, 7::BIGINT AS customer_id, 10.5::DECIMAL(38,9) AS amount, 'placed' AS status, TIMESTAMPTZ '2026-01-01 10:00:00+00' AS updated_at`,
          `CREATE TABLE "acme-shop".raw.customers AS SELECT 7::BIGINT AS customer_id, 'Asha' AS name`,
        ]) {
          await warehouse.connection.run(sql);
        }
      } finally {
        warehouse.close();
      }
      const run = await runLocal({ graph, warehouseFile: file, analyzer: service, runTests: true });
      expect(run.tests!.map((t) => `${t.name}: ${t.status}`)).to.have.members([
        "order_totals_test: passed",
        "customer_orders_test: passed",
        "order_states_first_run_test: passed",
        "order_states_merge_test: passed",
      ]);
      expect(run.status, run.actions.map((a) => a.error).join("\n")).to.equal("successful");
      expect(run.actions.map((a) => a.name)).to.include.members(["acme-shop.shop.order_states", "acme-shop.shop.customer_orders"]);
      expect(run.actions.map((a) => a.name).some((n) => n.endsWith("_test")), "a unit_test operation ran as an action").to.equal(false);
    });
  });

  describe("the gigamart command", () => {
    it("`gigamart test` fails on the wrong test with its one line first, and writes it to the JUnit report", () => {
      const reports = tempDir();
      const result = gigamart(["test", "--project-dir", FIXTURE, "--reports", reports]);
      expect(result.code).to.equal(1);
      expect(result.firstErrorLine).to.match(/^\[1\/5\] ok {3}test/);
      const verdict = result.stderr.split("\n").find((l) => l.startsWith("gigamart: "));
      expect(verdict).to.equal(`gigamart: test order_totals_wrong_test (definitions/tests/order_totals_wrong_test.sqlx): For row 0 and column "total": expected ""16"", but saw ""15"".`);
      const junit = new XMLParser({ ignoreAttributes: false }).parse(fs.readFileSync(path.join(reports, "latest", "junit.xml"), "utf8"));
      const suite = [junit.testsuites.testsuite].flat().find((s: { "@_name": string }) => s["@_name"] === "local.unit_test");
      expect(suite["@_tests"]).to.equal("5");
      expect(suite["@_failures"]).to.equal("1");
      const run = JSON.parse(fs.readFileSync(path.join(reports, "latest", "run.json"), "utf8"));
      expect(run.tests.map((t: UnitTestResult) => `${t.name}: ${t.status}`)).to.include("order_states_merge_test: passed");
    });

    it("`gigamart run --run-tests` aborts before any action when a test fails, as Dataform's does", () => {
      const dir = tempDir();
      const warehouse = path.join(dir, "warehouse.duckdb");
      const result = gigamart(["run", "--run-tests", "--project-dir", FIXTURE, "--warehouse", warehouse, "--reports", path.join(dir, "reports")]);
      expect(result.code).to.equal(1);
      expect(result.stderr).to.include("gigamart: test order_totals_wrong_test (definitions/tests/order_totals_wrong_test.sqlx): For row 0");
      expect(result.stderr).to.include("unit tests did not pass; no action was run");
      expect(fs.existsSync(warehouse), "the warehouse was opened").to.equal(false);
    });
  });
});
