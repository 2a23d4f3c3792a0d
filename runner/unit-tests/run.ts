import { performance } from "node:perf_hooks";
import { ZetaSqlAnalyzer } from "../../fidelity/analyze";
import { TableCatalog, type Column } from "../../fidelity/catalog";
import { fullName } from "../../fidelity/check";
import type { ResultSet } from "../../fidelity/compare";
import { LocalEngine } from "../../fidelity/engines";
import { startZetaSql, type ZetaSqlService } from "../../fidelity/zetasql/service";
import type { CompiledGraph } from "../dataform/compiled-graph";
import { ExecutionSql } from "../dataform/execution-sql";
import { resolveTarget, targetName } from "../dataform/target";
import { graphUnitTests, type UnitTest } from "../dataform/unit-tests";
import type { UnitTestResult } from "../targets/run-result";
import { asBigQueryResult, clientRows, IncomparableError } from "./bigquery-rows";
import { compareRows, rowDiff } from "./compare";

export interface UnitTestOptions {
  /** a running ZetaSQL service to share; without one, a service is started for the tests */
  readonly analyzer?: ZetaSqlService;
  /** each test as it finishes, for progress output */
  readonly onTest?: (result: UnitTestResult, index: number, total: number) => void;
}

/** A failure with Dataform's or the analyzer's message, which ends one test. */
class TestFailure extends Error {}

/** What Dataform reports when a query of a test fails on BigQuery (`Error thrown: … .`). */
const thrown = (error: unknown) => `Error thrown: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}.`;

/**
 * Runs every unit test of a graph locally, as `dataform test` runs them on BigQuery: each query through
 * Google's GoogleSQL analyzer first (a statement BigQuery would reject fails the test), then translated
 * and run on an in-memory DuckDB of its own, the rows read as BigQuery's client would return them and
 * compared by Dataform's rules (compare.ts). Nothing touches a warehouse file.
 */
export async function runUnitTests(graph: CompiledGraph, options: UnitTestOptions = {}): Promise<UnitTestResult[]> {
  const tests = graphUnitTests(graph);
  if (tests.length === 0) return [];
  const service = options.analyzer ?? (await startZetaSql());
  const analyzer = new ZetaSqlAnalyzer(service);
  const results: UnitTestResult[] = [];
  try {
    for (const [index, test] of tests.entries()) {
      const result = await runUnitTest(test, graph, analyzer);
      results.push(result);
      options.onTest?.(result, index, tests.length);
    }
  } finally {
    if (!options.analyzer) await service.stop();
  }
  return results;
}

async function runUnitTest(test: UnitTest, graph: CompiledGraph, analyzer: ZetaSqlAnalyzer): Promise<UnitTestResult> {
  const started = performance.now();
  const result: UnitTestResult = {
    name: test.name,
    fileName: test.fileName,
    kind: test.kind === "dataset" ? "dataset" : test.kind === "incremental" ? test.path : "first run",
    ...(test.kind === "incremental" ? { tested: targetName(test.table.target) } : {}),
    status: "passed",
    durationMs: 0,
    messages: [],
    diff: [],
    bigquerySql: test.kind === "dataset" ? [test.testQuery, test.expectedOutputQuery] : [],
  };
  const defaultProject = graph.projectConfig.defaultDatabase ?? "";
  const engine = await LocalEngine.create(defaultProject, new Date());
  const catalog = new TableCatalog(defaultProject);
  try {
    if (test.kind === "invalid") throw new TestFailure(test.error);
    const query = new Query(analyzer, engine, catalog);
    let actual: ResultSet;
    let expected: ResultSet;
    let ordered = false;
    if (test.kind === "dataset") {
      actual = await query.rows(test.testQuery, "the tested query");
      expected = await query.rows(test.expectedOutputQuery, "the expected rows' query");
      // Row by row only when BigQuery's order is fixed on both sides (compare.ts).
      ordered = (await analyzer.isOrdered(test.testQuery, catalog)) && (await analyzer.isOrdered(test.expectedOutputQuery, catalog));
    } else {
      const script = await incrementalScript(test, graph, query);
      result.bigquerySql = [script.sql, test.expect];
      actual = await script.run();
      expected = await query.rows(test.expect, `"-- expect"`);
    }
    const [actualRows, expectedRows] = [clientRows(actual), clientRows(expected)];
    result.messages = compareRows(actualRows, expectedRows, ordered);
    if (result.messages.length > 0) result.diff = rowDiff(actualRows, expectedRows);
  } catch (error) {
    result.messages = [error instanceof TestFailure || error instanceof IncomparableError ? error.message : thrown(error)];
  } finally {
    engine.close();
  }
  result.status = result.messages.length === 0 ? "passed" : "failed";
  result.durationMs = Math.round(performance.now() - started);
  return result;
}

/** A query of a test: analyzed as BigQuery would, then run locally, its result typed as BigQuery types it. */
class Query {
  constructor(
    readonly analyzer: ZetaSqlAnalyzer,
    readonly engine: LocalEngine,
    readonly catalog: TableCatalog,
  ) {}

  /** BigQuery's columns of each statement of a script; the first rejected statement fails the test, naming `what`. */
  async analyze(sql: string, what: string) {
    const statements = await this.analyzer.analyzeScript(sql, this.catalog);
    const rejected = statements.find((s) => s.error);
    if (rejected) throw new TestFailure(`BigQuery would reject ${what}: ${rejected.error} (Google's GoogleSQL analyzer)`);
    return statements;
  }

  async rows(sql: string, what: string): Promise<ResultSet> {
    const statements = await this.analyze(sql, what);
    const columns = statements.at(-1)?.columns;
    if (statements.length !== 1 || statements[0]!.kind !== "QUERY" || !columns) throw new TestFailure(`${what} must be one query (SELECT or WITH)`);
    return this.read(sql, columns);
  }

  async read(sql: string, columns: Column[]): Promise<ResultSet> {
    let local: ResultSet;
    try {
      local = await this.engine.evaluate([], sql);
    } catch (error) {
      throw new TestFailure(thrown(error));
    }
    try {
      return asBigQueryResult(local, columns);
    } catch (error) {
      throw error instanceof IncomparableError ? new TestFailure(error.message) : error;
    }
  }
}

/**
 * One path of an incremental table, run as the runner runs the action: its inputs (and, for the merge
 * path, its current rows) become the tables it reads, then the exact script Dataform would send (the
 * first-run CREATE, or the MERGE / INSERT into the existing table, from ExecutionSql) runs on them.
 */
async function incrementalScript(test: Extract<UnitTest, { kind: "incremental" }>, graph: CompiledGraph, query: Query) {
  const load = async (target: string, sql: string, what: string): Promise<Column[]> => {
    const rows = await query.rows(sql, what);
    query.catalog.define(target, rows.columns);
    await query.engine.load(target, rows);
    return rows.columns;
  };
  for (const input of test.inputs) await load(fullName(resolveTarget(input.target, graph.projectConfig)), input.query, `"-- input ${input.name}"`);
  const target = fullName(resolveTarget(test.table.target, graph.projectConfig));
  const current = test.current === undefined ? undefined : await load(target, test.current, `"-- current"`);

  const action = { kind: "incremental" as const, name: targetName(test.table.target), table: { ...test.table, disabled: false } };
  let sql: string;
  try {
    const tasks = new ExecutionSql(graph.projectConfig).tasks(action, current && { type: "table", columns: current.map((c) => c.name) });
    sql = tasks.map((t) => t.statement).join(";\n");
  } catch (error) {
    throw new TestFailure((error as Error).message);
  }
  const statements = await query.analyze(sql, `${test.path === "merge" ? "the merge" : "the first-run"} script of ${action.name}`);
  const columns = statements.find((s) => s.creates && fullName(s.creates) === target)?.columns ?? current;
  if (!columns) throw new TestFailure(`the first-run script of ${action.name} does not create ${target}`);
  return {
    sql,
    run: async (): Promise<ResultSet> => {
      const [project, dataset] = target.split(".");
      await query.engine.createDataset(project!, dataset!);
      try {
        await query.engine.run(sql);
      } catch (error) {
        throw new TestFailure(thrown(error));
      }
      return query.read(`SELECT * FROM \`${target}\``, columns);
    },
  };
}
