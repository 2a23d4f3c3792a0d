import { actionFile, actionTarget, graphActions, inDependencyOrder } from "../runner/dataform/actions";
import type { CompiledGraph } from "../runner/dataform/compiled-graph";
import { resolveTarget } from "../runner/dataform/target";
import type { ScriptStatement, ZetaSqlAnalyzer } from "./analyze";
import type { CheckReport } from "./check";
import { compareResults, showValue, type ResultSet } from "./compare";
import { LocalEngine, ReferenceEngine } from "./engines";
import { sourceFixture } from "./fixtures";
import { declarationSchema } from "./sources";
import { formatTimestamp, type SqlValue } from "./zetasql/values";
import type { ZetaSqlService } from "./zetasql/service";

export interface ModelComparison {
  name: string;
  file: string;
  kind: string;
  /** For an incremental table: its first run, or the rows a later run merges in. */
  path?: "create" | "incremental";
  status: "equal" | "different" | "not compared";
  rows?: number;
  ordered?: boolean;
  differences: string[];
  /** Why a model (or a part of it) was not compared, naming the feature. */
  notes: string[];
}

export interface SemanticReport {
  models: ModelComparison[];
  compared: number;
  mismatches: number;
  /** One line each: `<file>: <action>: <difference>`. */
  errors: string[];
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err)).split("\n")[0];

/** The table after a later run: its rows with the new ones merged in on `uniqueKey` (appended without one). */
export function upsert(table: ResultSet, incoming: ResultSet, uniqueKey: string[]): ResultSet {
  const sameShape = incoming.columns.map((c) => c.name).join() === table.columns.map((c) => c.name).join();
  if (!sameShape) return table;
  const keyAt = uniqueKey.map((k) => table.columns.findIndex((c) => c.name === k));
  const keyOf = (row: SqlValue[]) => showValue(keyAt.map((i) => row[i]));
  const replaced = new Set(uniqueKey.length > 0 ? incoming.rows.map(keyOf) : []);
  return { columns: table.columns, rows: [...table.rows.filter((row) => !replaced.has(keyOf(row))), ...incoming.rows] };
}

/**
 * Evaluates every table, view and assertion query on fixture inputs with the GoogleSQL reference engine
 * and with the local runner's DuckDB translation, and compares the results. Each model reads the same
 * inputs on both engines: the source fixtures, and upstream models' reference results, so a difference
 * is always the model's own.
 */
export async function compareGraph(
  graph: CompiledGraph,
  service: ZetaSqlService,
  analyzer: ZetaSqlAnalyzer,
  options: { analysis?: CheckReport } = {},
): Promise<SemanticReport> {
  const analyzed = new Map((options.analysis?.actions ?? []).map((a) => [a.name, a]));
  const project = graph.projectConfig;
  const defaultProject = project.defaultDatabase ?? "";
  // One instant for both engines' CURRENT_TIMESTAMP() and friends (see clock.ts).
  const now = new Date(Math.floor(Date.now() / 1000) * 1000);
  const reference = new ReferenceEngine(service, analyzer, defaultProject, now);
  const local = await LocalEngine.create(defaultProject, now);
  const models: ModelComparison[] = [];
  const secondBatches: (() => Promise<void>)[] = [];
  const laterRuns: (() => Promise<unknown>)[] = [];
  const load = async (fullName: string, data: ResultSet) => {
    reference.load(fullName, data);
    await local.load(fullName, data);
  };

  /** Evaluates one query on both engines into `model`; returns the reference result when there is one. */
  const compareQuery = async (model: ModelComparison, preOperations: string[], query: string): Promise<ResultSet | undefined> => {
    // Pre-operations that write elsewhere (a log, a temp table) are side effects the runner's tests cover;
    // the query sees only the variables they DECLARE.
    let declarations: ScriptStatement[];
    try {
      const statements = (await Promise.all(preOperations.map((p) => analyzer.splitScript(p)))).flat();
      declarations = statements.filter((s) => s.kind === "DECLARE");
      const others = [...new Set(statements.filter((s) => s.kind !== "DECLARE").map((s) => s.kind))];
      if (others.length) model.notes.push(`pre-operations not evaluated (side effects): ${others.join(", ")}`);
    } catch (err) {
      model.notes.push(`pre-operations: ${message(err)}`);
      return undefined;
    }
    // The two engines run in different processes: evaluate on both at once.
    const [expected, actual] = await Promise.allSettled([reference.evaluate(declarations, query), local.evaluate(declarations, query)]);
    if (expected.status === "rejected") {
      model.notes.push(`reference engine: ${message(expected.reason)}`);
      return undefined;
    }
    model.rows = expected.value.rows.length;
    model.ordered = expected.value.ordered;
    model.differences =
      actual.status === "rejected" ? [`DuckDB: ${message(actual.reason)}`] : compareResults(expected.value, actual.value, expected.value.ordered);
    model.status = model.differences.length === 0 ? "equal" : "different";
    return expected.value;
  };

  try {
    for (const action of inDependencyOrder(graphActions(graph))) {
      const fullName = resolveTarget(actionTarget(action), project).replace(/`/g, "");
      if (action.kind === "declaration") {
        const schema = declarationSchema(action.declaration);
        if ("error" in schema) continue;
        const first = sourceFixture(action.declaration.target.name, schema.columns);
        await load(fullName, first);
        const ingestedAt = formatTimestamp(BigInt(now.getTime() / 1000 - 60), 0);
        const second = sourceFixture(action.declaration.target.name, schema.columns, { batch: 1, ingestedAt });
        secondBatches.push(() => load(fullName, { columns: schema.columns, rows: [...first.rows, ...second.rows] }));
        continue;
      }
      const model: ModelComparison = {
        name: action.name,
        file: actionFile(action),
        kind: action.kind,
        ...(action.kind === "incremental" && { path: "create" as const }),
        status: "not compared",
        differences: [],
        notes: [],
      };
      models.push(model);
      if (action.kind === "operation") {
        model.notes.push("operations are scripts, not queries: covered by the runner's own tests");
        // Its output (schema from the analysis) is there for its dependents, empty as on a first run.
        const columns = analyzed.get(action.name)?.columns;
        if (columns) await load(fullName, { columns, rows: [] });
        continue;
      }
      const preOperations = action.kind === "assertion" ? [] : (action.table.preOps ?? []);
      const query = action.kind === "assertion" ? action.assertion.query : action.table.query;
      const expected = await compareQuery(model, preOperations, query);
      if (expected) {
        try {
          await load(fullName, expected);
        } catch (err) {
          model.notes.push(`its result is not an input for dependents on DuckDB: ${message(err)}`);
        }
      }
      if (action.kind === "incremental") {
        // A later run merges the incremental query's rows into the table the first run built (now loaded).
        const later: ModelComparison = { name: model.name, file: model.file, kind: model.kind, path: "incremental", status: "not compared", differences: [], notes: [] };
        models.push(later);
        later.notes.push("compared: the rows a later run merges; not compared: the MERGE/INSERT itself (the reference engine does not evaluate MERGE)");
        if (action.table.where) later.notes.push("not compared: the legacy `where` option");
        else if (expected) {
          const table = action.table;
          const built = expected;
          laterRuns.push(async () => {
            const merged = await compareQuery(later, table.incrementalPreOps ?? [], table.incrementalQuery || query);
            // Dependents' later runs read this table after the merge: the reference rows upserted on uniqueKey.
            if (merged) {
              await load(fullName, upsert(built, merged, table.uniqueKey ?? [])).catch((err) =>
                later.notes.push(`dependents read its first-run rows: ${message(err)}`),
              );
            }
          });
        } else later.notes.push("not compared: its first run has no reference result");
      }
    }
    // Later runs happen once a second batch has landed in every source: newer rows, re-sent keys.
    for (const loadSecondBatch of secondBatches) await loadSecondBatch();
    for (const laterRun of laterRuns) await laterRun();
  } finally {
    local.close();
  }

  const mismatched = models.filter((m) => m.status === "different");
  return {
    models,
    compared: models.filter((m) => m.status !== "not compared").length,
    mismatches: mismatched.length,
    errors: mismatched.flatMap((m) => m.differences.map((d) => `${m.file}: ${m.name}${m.path === "incremental" ? " (incremental)" : ""}: ${d}`)),
  };
}
