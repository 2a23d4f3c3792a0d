import { performance } from "node:perf_hooks";
import type { DuckDBConnection } from "@duckdb/node-api";
import { type Action, actionDependencies, actionTarget, compiledAction, selectActions, graphActions } from "../dataform/actions";
import type { CompiledGraph, Target } from "../dataform/compiled-graph";
import { ExecutionSql, type RunOptions, type TableState, type Task } from "../dataform/execution-sql";
import { targetName } from "../dataform/target";
import { initTranslator, translateScript, type TranslateContext, type TranslatedStatement } from "../translate";
import { duckdbTable, Warehouse } from "../local/warehouse";
import type { ZetaSqlService } from "../../fidelity/zetasql/service";
import type { RunRequest } from ".";
import { runUnitTests } from "../unit-tests/run";
import { refuseWhatBigQueryRejects } from "./analyzer-gate";
import { historyLocation, prepareHistory, recordRun } from "../history/local";
import { type ActionResult, heldBackBy, heldBackMessage, pendingResult, runHeader, type RunResult } from "./run-result";

/** What the local target runs: a graph compiled here, on a DuckDB file. */
export interface LocalSource {
  readonly graph: CompiledGraph;
  readonly warehouseFile: string;
  /** a running ZetaSQL service for the analyzer gate, shared across runs; without it a run starts its own when it must analyze */
  readonly analyzer?: ZetaSqlService;
}

export type LocalRunOptions = LocalSource & RunRequest;

type FullTarget = Target & { database: string };

/** BigQuery's message for what DuckDB would silently accept. */
export const MERGE_DUPLICATE_MESSAGE = "UPDATE/MERGE must match at most one source row for each target row";

function withProject(target: Target, graph: CompiledGraph): FullTarget {
  return { ...target, database: target.database || graph.projectConfig.defaultDatabase || "" };
}

/** Everything a failure message needs: which action, in which file, and what went wrong. */
function failure(action: Action, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return `${compiledAction(action).fileName}: ${action.name}: ${message.split("\n")[0]}`;
}

/** One translated statement, with the checks BigQuery makes that DuckDB would not (exported for tests/support/interleaving.ts). */
export async function runStatement(session: DuckDBConnection, statement: TranslatedStatement): Promise<number> {
  if (statement.duplicateMatchGuard) {
    const duplicates = await session.runAndReadAll(statement.duplicateMatchGuard);
    if (duplicates.currentRowCount > 0) throw new Error(MERGE_DUPLICATE_MESSAGE);
  }
  const result = await session.run(statement.duckdb);
  return statement.kind === "query" || statement.kind === "variable" ? 0 : Math.max(0, result.rowsChanged);
}

/** True when a translated DML statement changes `table` (its DuckDB path): INSERT INTO, MERGE INTO, UPDATE or DELETE FROM it. */
function writesTo(statement: TranslatedStatement, table: string): boolean {
  if (statement.kind !== "dml" && statement.kind !== "merge") return false;
  const verb = /^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|MERGE\s+INTO|UPDATE|DELETE\s+FROM)\s+/i.exec(statement.duckdb);
  const rest = verb ? statement.duckdb.slice(verb[0].length) : "";
  return rest.startsWith(table) && /^(\s|\(|$)/.test(rest.slice(table.length));
}

/** What the local target sends for one action: Dataform's BigQuery tasks for the target's current state, and the DuckDB statements of each. */
export interface LocalScripts {
  tasks: Task[];
  /** per task: a task is its own BigQuery job, so each is translated on its own */
  translated: TranslatedStatement[][];
}

/** The one place an action's BigQuery tasks become DuckDB statements (the golden SQL files are written from it too). */
export function localScripts(
  action: Action,
  graph: CompiledGraph,
  executionSql: ExecutionSql,
  state: TableState | undefined,
  options: RunOptions & Pick<TranslateContext, "partitionFilterColumn"> = {},
): LocalScripts {
  const tasks = executionSql.tasks(action, state, options);
  const context = { defaultProject: withProject(compiledAction(action).target, graph).database, partitionFilterColumn: options.partitionFilterColumn };
  return { tasks, translated: tasks.map((task) => translateScript(task.statement, context)) };
}

/** An assertion task: Dataform fails the action when the first column of the first row is > 0. */
async function runAssertion(session: DuckDBConnection, statement: TranslatedStatement): Promise<number> {
  const rows = (await session.runAndReadAll(statement.duckdb)).getRows();
  const value = rows[0]?.[0];
  return value === null || value === undefined ? 0 : Number(value);
}

/**
 * Runs a compiled Dataform graph on a DuckDB warehouse the way Dataform's CLI runs it on BigQuery:
 * dependency order, one script per action (pre-operations, the DDL/DML, post-operations), dependents of
 * a failure skipped, everything else still run. First, the analyzer gate: a statement BigQuery would
 * reject refuses the whole run (RunRefused) before anything executes, dry runs included.
 */
export async function runLocal(options: LocalRunOptions): Promise<RunResult> {
  const { graph } = options;
  const started = performance.now();
  const startedAt = new Date();
  await initTranslator();
  const actions = selectActions(graphActions(graph), options.selection ?? {});
  const header = () => ({
    ...runHeader("local", graph.projectConfig.defaultDatabase ?? "", startedAt, options),
    warehouse: options.warehouseFile,
    durationMs: Math.round(performance.now() - started),
  });
  // Dataform's `run --run-tests`: the unit tests first; one failure aborts the run before any action.
  const tests = options.runTests ? await runUnitTests(graph, { analyzer: options.analyzer, onTest: options.onTest }) : undefined;
  if (tests?.some((t) => t.status === "failed")) return { ...header(), status: "failed", actions: [], tests };
  await refuseWhatBigQueryRejects(graph, actions, options.warehouseFile, options.analyzer);
  const executionSql = new ExecutionSql(graph.projectConfig);
  const warehouse = await Warehouse.open(options.warehouseFile, { readOnly: options.dryRun });
  const results: ActionResult[] = [];
  const history = options.dryRun ? undefined : historyLocation(graph);
  try {
    const projects = new Set(actions.map((a) => withProject(actionTarget(a), graph).database));
    for (const project of projects) await warehouse.attach(project);
    if (!options.dryRun) {
      // Dataform's runner creates every dataset the run writes to before the first action.
      const schemas = new Map(actions.filter((a) => a.kind !== "declaration").map((a) => withProject(actionTarget(a), graph)).map((t) => [`${t.database}.${t.schema}`, t]));
      for (const t of schemas.values()) await warehouse.createSchema(t.database, t.schema);
      if (history) await prepareHistory(warehouse, history);
    }

    const done = new Map<string, ActionResult>();
    for (const [index, action] of actions.entries()) {
      const result = await runAction(action, graph, executionSql, warehouse, options, done);
      done.set(action.name, result);
      results.push(result);
      options.onAction?.(result, index, actions.length);
    }
    const run: RunResult = {
      ...header(),
      status: results.some((r) => r.status === "failed" || r.status === "skipped") ? "failed" : "successful",
      actions: results,
      ...(tests ? { tests } : {}),
    };
    if (history) await recordRun(warehouse, history, run);
    return run;
  } finally {
    warehouse.close();
  }
}

async function runAction(
  action: Action,
  graph: CompiledGraph,
  executionSql: ExecutionSql,
  warehouse: Warehouse,
  options: LocalRunOptions,
  done: Map<string, ActionResult>,
): Promise<ActionResult> {
  const compiled = compiledAction(action);
  const target = withProject(compiled.target, graph);
  const result = pendingResult(action.name, action.kind, compiled.fileName, compiled.tags ?? []);
  const started = performance.now();
  const resultOf = (name: string) => done.get(name);
  const culprits = heldBackBy(actionDependencies(action), resultOf);
  if (culprits.length > 0) return { ...result, status: "skipped", heldBackBy: culprits, error: heldBackMessage(culprits, resultOf) };
  if (compiled.disabled) return { ...result, status: "disabled" };

  if (action.kind === "declaration") {
    if (!options.dryRun && !(await warehouse.tableState(target))) {
      return { ...result, status: "failed", error: failure(action, `declared source ${targetName(target)} does not exist in the warehouse`) };
    }
    return result;
  }

  let tasks: Task[];
  let translated: TranslatedStatement[][];
  let rebuilds = false;
  try {
    const state = action.kind === "operation" || action.kind === "assertion" ? undefined : await warehouse.tableState(target);
    ({ tasks, translated } = localScripts(action, graph, executionSql, state, { fullRefresh: options.fullRefresh, partitionFilterColumn: warehouse.partitionFilterColumn }));
    rebuilds = (action.kind === "table" || action.kind === "incremental") && !executionSql.writesIncrementally(action.table, state, options);
  } catch (error) {
    return { ...result, status: "failed", error: failure(action, error), durationMs: Math.round(performance.now() - started) };
  }
  result.bigquerySql = tasks.map((t) => t.statement);
  result.duckdbSql = translated.flat().map((s) => s.duckdb);
  if (options.dryRun) return result;

  const session = await warehouse.session();
  // An incremental run's rows are those its DML wrote to the target, not the lock and log rows its script also writes.
  const counts = action.kind === "incremental" ? (statement: TranslatedStatement) => writesTo(statement, duckdbTable(target)) : () => true;
  try {
    for (const [i, task] of tasks.entries()) {
      for (const statement of translated[i]!) {
        if (task.type === "assertion") {
          const found = await runAssertion(session, statement);
          result.rowsAffected = found;
          if (found > 0) throw new Error(`Assertion failed: query returned ${found} row(s).`);
        } else {
          const changed = await runStatement(session, statement);
          if (counts(statement)) result.rowsAffected = (result.rowsAffected ?? 0) + changed;
        }
      }
    }
    if (rebuilds) {
      // DuckDB, like BigQuery, counts no affected rows for CREATE TABLE AS; the rows written are the table.
      const count = await session.runAndReadAll(`SELECT count(*) FROM ${duckdbTable(target)}`);
      result.rowsAffected = Number(count.getRows()[0]![0]);
    }
    if (action.kind === "table" || action.kind === "incremental" || action.kind === "view") {
      const bq = action.table.bigquery;
      const columns = action.table.actionDescriptor?.columns ?? [];
      await warehouse.recordTableOptions(
        target,
        {
          partitionBy: bq?.partitionBy,
          clusterBy: bq?.clusterBy,
          requirePartitionFilter: bq?.requirePartitionFilter,
          description: action.table.actionDescriptor?.description,
          columnDescriptions: Object.fromEntries(columns.filter((c) => c.description).map((c) => [c.path.join("."), c.description!])),
        },
        action.kind === "view",
      );
    }
  } catch (error) {
    result.status = "failed";
    result.error = failure(action, error);
  } finally {
    session.closeSync();
    result.durationMs = Math.round(performance.now() - started);
  }
  return result;
}
