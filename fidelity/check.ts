import { type Action, actionDependencies, actionFile, actionTarget, graphActions, inDependencyOrder } from "../runner/dataform/actions";
import type { CompiledGraph } from "../runner/dataform/compiled-graph";
import { ExecutionSql, type TableState } from "../runner/dataform/execution-sql";
import { resolveTarget } from "../runner/dataform/target";
import { graphUnitTests, type UnitTest } from "../runner/dataform/unit-tests";
import type { StatementAnalysis, ZetaSqlAnalyzer } from "./analyze";
import { TableCatalog, type Column } from "./catalog";
import { declarationSchema } from "./sources";

/** What one run of an action sends: `create` (first run / full refresh) or `incremental` (merge / insert). */
export interface ScriptCheck {
  /** `test`: the queries of a unit test */
  path: "create" | "incremental" | "test";
  statements: StatementAnalysis[];
}

export interface ActionCheck {
  name: string;
  file: string;
  kind: Action["kind"] | "unit test";
  /** Output schema of the action's target (for a declaration: where its types came from). */
  columns?: Column[];
  schemaFrom?: "contract" | "column docs" | "analysis" | "warehouse";
  scripts: ScriptCheck[];
  /** Why the action was not analyzed (an upstream action failed); the upstream error is the one reported. */
  notAnalyzed?: string;
  /** One line each: `<file>: <action>: <ZetaSQL message>`. */
  errors: string[];
}

export interface CheckReport {
  actions: ActionCheck[];
  statementsAnalyzed: number;
  statementsSkipped: { action: string; reason: string }[];
  errors: string[];
}

/**
 * Which actions to analyze. `gigamart check` analyzes them all; a run analyzes the actions it will
 * execute and types every other one (and a declaration that neither contracts nor docs type) from the
 * table as it already exists, which is what the run's statements will read.
 */
export interface CheckScope {
  /** the action names to analyze; default: every action */
  readonly analyze?: ReadonlySet<string>;
  /** existing tables' columns by `project.dataset.table` */
  readonly existing?: ReadonlyMap<string, Column[]>;
  /** also the unit tests' queries; default: when every action is analyzed (a run executes no unit test) */
  readonly unitTests?: boolean;
}

export const fullName = (quoted: string) => quoted.replace(/`/g, "");

/**
 * Analyzes every statement that the bigquery target would send, action by action in dependency
 * order, against a catalog of the declared sources plus the output schema of each upstream action.
 */
export async function checkGraph(graph: CompiledGraph, analyzer: ZetaSqlAnalyzer, scope: CheckScope = {}): Promise<CheckReport> {
  const project = graph.projectConfig;
  const executionSql = new ExecutionSql(project);
  const catalog = new TableCatalog(project.defaultDatabase ?? "");
  const actions: ActionCheck[] = [];
  // Actions whose output schema is unknown (failed, or undeclared types): their dependents are not analyzed.
  const unresolved = new Set<string>();

  const checkAction = async (action: Action, check: ActionCheck): Promise<void> => {
    const target = fullName(resolveTarget(actionTarget(action), project));
    const existing = scope.existing?.get(target);
    const typeFromExisting = () => {
      catalog.define(target, existing!);
      Object.assign(check, { columns: existing, schemaFrom: "warehouse" });
    };

    if (action.kind === "declaration") {
      const schema = declarationSchema(action.declaration);
      if ("error" in schema && existing) typeFromExisting();
      else if ("error" in schema) {
        check.errors.push(`${check.file}: ${check.name}: ${schema.error}`);
        unresolved.add(action.name);
      } else {
        catalog.define(target, schema.columns);
        Object.assign(check, { columns: schema.columns, schemaFrom: schema.from });
      }
      return;
    }

    if (scope.analyze && !scope.analyze.has(action.name)) {
      if (existing) typeFromExisting();
      else {
        check.notAnalyzed = "not in this run, and its table does not exist yet";
        // An operation need not have an output, so nothing waits on one.
        if (action.kind !== "operation") unresolved.add(action.name);
      }
      return;
    }

    const blocker = actionDependencies(action).find((dependency) => unresolved.has(dependency));
    if (blocker) {
      check.notAnalyzed = `depends on ${blocker}, whose schema is unknown`;
      unresolved.add(action.name);
      return;
    }

    // A disabled action is still what BigQuery would run once enabled, and its schema feeds its dependents.
    const enabled = enable(action);
    const run = async (path: ScriptCheck["path"], state: TableState | undefined) => {
      const scope = catalog.fork();
      const statements: StatementAnalysis[] = [];
      let tasks;
      try {
        tasks = executionSql.tasks(enabled, state);
      } catch (err) {
        check.errors.push(`${check.file}: ${check.name}: ${(err as Error).message}`);
        return statements;
      }
      for (const task of tasks) {
        if (statements.some((s) => s.error)) break;
        for (const result of await analyzer.analyzeScript(task.statement, scope)) {
          statements.push(result);
          if (result.creates && result.columns) scope.define(result.creates, result.columns);
          const label = path === "incremental" ? `${check.name} (incremental)` : check.name;
          if (result.error) check.errors.push(`${check.file}: ${label}: ${result.error}`);
        }
      }
      check.scripts.push({ path, statements });
      return statements;
    };

    const created = await run("create", undefined);
    const definition = created.find((s) => s.creates === target);
    for (const statement of created) {
      // Operations may create their output (or other tables) under any name.
      if (statement.creates && statement.columns && (action.kind === "operation" || statement === definition)) {
        catalog.define(statement.creates, statement.columns);
      }
    }
    if (definition?.columns) Object.assign(check, { columns: definition.columns, schemaFrom: "analysis" });
    if (action.kind === "incremental" && definition?.columns) {
      await run("incremental", { type: "table", columns: definition.columns.map((c) => c.name) });
    }
    if (check.errors.length > 0 || (action.kind !== "operation" && !definition?.columns)) unresolved.add(action.name);
  };

  // Actions of one dependency level do not read each other: analyze them concurrently, level by level.
  const ordered = inDependencyOrder(graphActions(graph));
  const level = new Map<string, number>();
  for (const action of ordered) {
    level.set(action.name, 1 + Math.max(-1, ...actionDependencies(action).map((d) => level.get(d) ?? -1)));
  }
  const checks = ordered.map((action): [Action, ActionCheck] => [
    action,
    { name: action.name, file: actionFile(action), kind: action.kind, scripts: [], errors: [] },
  ]);
  for (let depth = 0; checks.some(([a]) => level.get(a.name)! >= depth); depth++) {
    await Promise.all(checks.filter(([a]) => level.get(a.name) === depth).map(([action, check]) => checkAction(action, check)));
  }
  actions.push(...checks.map(([, check]) => check));
  if (scope.unitTests ?? !scope.analyze) for (const test of graphUnitTests(graph)) actions.push(await checkUnitTest(test, catalog, analyzer));

  const statements = actions.flatMap((a) => a.scripts.flatMap((s) => s.statements.map((st) => ({ action: a.name, st }))));
  return {
    actions,
    statementsAnalyzed: statements.filter(({ st }) => !st.skipped).length,
    statementsSkipped: statements.filter(({ st }) => st.skipped).map(({ action, st }) => ({ action, reason: st.skipped! })),
    errors: actions.flatMap((a) => a.errors),
  };
}

/**
 * A unit test's queries, each one query BigQuery must accept: Dataform's test query and expected rows, or an
 * incremental test's inputs, current rows and expected rows (its merge script is checked with its table).
 */
async function checkUnitTest(test: UnitTest, catalog: TableCatalog, analyzer: ZetaSqlAnalyzer): Promise<ActionCheck> {
  const check: ActionCheck = { name: test.name, file: test.fileName, kind: "unit test", scripts: [], errors: [] };
  if (test.kind === "invalid") {
    check.errors.push(`${test.fileName}: ${test.name}: ${test.error}`);
    return check;
  }
  const queries: [string, string][] =
    test.kind === "dataset"
      ? [["the tested query", test.testQuery], ["the expected rows", test.expectedOutputQuery]]
      : [...test.inputs.map((i): [string, string] => [`-- input ${i.name}`, i.query]), ...(test.current === undefined ? [] : [["-- current", test.current] as [string, string]]), ["-- expect", test.expect]];
  const statements: StatementAnalysis[] = [];
  for (const [what, sql] of queries) {
    for (const result of await analyzer.analyzeScript(sql, catalog)) {
      statements.push(result);
      if (result.error) check.errors.push(`${test.fileName}: ${test.name} (${what}): ${result.error}`);
    }
  }
  check.scripts.push({ path: "test", statements });
  return check;
}

function enable(action: Action): Action {
  switch (action.kind) {
    case "operation":
      return { ...action, operation: { ...action.operation, disabled: false } };
    case "assertion":
      return { ...action, assertion: { ...action.assertion, disabled: false } };
    case "declaration":
      return action;
    default:
      return { ...action, table: { ...action.table, disabled: false } };
  }
}
