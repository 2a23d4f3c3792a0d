import { type Action, actionDependencies, actionFile, actionTarget, graphActions } from "../../runner/dataform/actions";
import type { CompiledGraph } from "../../runner/dataform/compiled-graph";
import { resolveTarget } from "../../runner/dataform/target";
import type { ZetaSqlAnalyzer } from "../../fidelity/analyze";
import type { Column } from "../../fidelity/catalog";
import { checkGraph, type CheckScope, fullName } from "../../fidelity/check";
import { existingSchemas } from "../../runner/targets/analyzer-gate";
import type { ColumnLineage, ColumnRef } from "../lineage/types";
import { classify, type Classification, definition, schemaChange, schemaChanged, type SchemaChange } from "./classify";
import { downstreamActions, downstreamColumns, endProducts } from "./downstream";
import { tableKey } from "./table-key";

/**
 * Column lineage of a compiled graph's actions that `scope` analyzes (at least: the changed actions and
 * everything downstream of them); the lineage producer (analyst/lineage) plugs in here.
 */
export type LineageOf = (graph: CompiledGraph, scope: CheckScope) => Promise<ColumnLineage[]>;

export interface ChangedAction {
  name: string;
  file: string;
  kind: Action["kind"];
  change: "modified" | "added" | "removed";
  classification: Classification;
  reasons: string[];
  schema?: SchemaChange;
  /** the permanent-table columns computed from this action's changed columns (only with column lineage) */
  downstreamColumns?: ColumnRef[];
}

export interface AffectedAction {
  name: string;
  file: string;
  kind: Action["kind"];
  /** an end product: a table or view no other table or view reads */
  mart: boolean;
  /** the changed actions it depends on */
  via: string[];
  /** its own output schema change, carried from upstream (e.g. a `select *`) */
  schema?: SchemaChange;
  /** what Google's analyzer says of its statements after the change (a reader the change breaks) */
  errors?: string[];
}

export interface Plan {
  changes: ChangedAction[];
  affected: AffectedAction[];
  /** the affected end products, changed ones included */
  marts: string[];
  /** whether `downstreamColumns` was computed (column lineage given) */
  columnLineage: boolean;
}

export interface PlanInputs {
  base: CompiledGraph;
  head: CompiledGraph;
  analyzer: ZetaSqlAnalyzer;
  /** without it, the plan reports affected actions and marts, not columns */
  lineage?: LineageOf;
  /**
   * A local warehouse (read only) whose tables type every action the change does not touch, as a run's
   * analyzer gate types what it does not rebuild; only the changed actions and their downstream (and
   * anything the warehouse lacks) are analyzed. Without it, the head graph is analyzed whole.
   */
  warehouseFile?: string;
}

interface Schemas {
  columns: Map<string, Column[]>;
  errors: Map<string, string[]>;
}

/**
 * Each action's output schema as Google's analyzer resolves it (`gigamart check`'s own analysis). With
 * `analyze`, just those actions are analyzed and every other one is typed from `existing` (by table name).
 */
async function outputSchemas(graph: CompiledGraph, analyzer: ZetaSqlAnalyzer, scope: { analyze?: Set<string>; existing: Map<string, Column[]> }): Promise<Schemas> {
  const report = await checkGraph(graph, analyzer, scope);
  const analyzed = report.actions.filter((a) => !scope.analyze || scope.analyze.has(a.name));
  return {
    columns: new Map(analyzed.flatMap((a) => (a.columns ? [[a.name, a.columns] as const] : []))),
    errors: new Map(analyzed.filter((a) => a.errors.length > 0 || a.notAnalyzed).map((a) => [a.name, a.errors.length > 0 ? a.errors : [`not analyzed: ${a.notAnalyzed}`]])),
  };
}

/**
 * The head graph's scope: with a warehouse, the touched actions plus every table or view it does not
 * hold, the rest typed from it; without one, the touched actions and everything upstream of them.
 */
async function headScope(head: CompiledGraph, touched: Set<string>, warehouseFile: string | undefined): Promise<{ analyze?: Set<string>; existing: Map<string, Column[]> }> {
  if (!warehouseFile) {
    const byName = new Map(graphActions(head).map((a) => [a.name, a]));
    const analyze = new Set<string>();
    for (const queue = [...touched]; queue.length > 0; ) {
      const name = queue.pop()!;
      if (analyze.has(name) || !byName.has(name)) continue;
      analyze.add(name);
      queue.push(...actionDependencies(byName.get(name)!));
    }
    return { analyze, existing: new Map() };
  }
  const existing = await existingSchemas(head, touched, warehouseFile);
  const missing = graphActions(head).filter((a) => (a.kind === "table" || a.kind === "view" || a.kind === "incremental") && !existing.has(tableName(head, a)));
  return { analyze: new Set([...touched, ...missing.map((a) => a.name)]), existing };
}

const tableName = (graph: CompiledGraph, action: Action) => fullName(resolveTarget(actionTarget(action), graph.projectConfig));

const executable = (graph: CompiledGraph) => new Map(graphActions(graph).filter((a) => a.kind !== "declaration").map((a) => [a.name, a]));

/**
 * The actions whose definition (what Dataform sends for them) or key differs between two graphs, by name:
 * a table's `assertions.uniqueKey` compiles into an assertion, yet it is the table's key that changed.
 */
export function changedActions(base: CompiledGraph, head: CompiledGraph): { modified: string[]; added: string[]; removed: string[] } {
  const [before, after] = [executable(base), executable(head)];
  const identity = (graph: CompiledGraph, action: Action) => JSON.stringify([definition(action), tableKey(graph, action)]);
  return {
    modified: [...after.keys()].filter((name) => before.has(name) && identity(base, before.get(name)!) !== identity(head, after.get(name)!)),
    added: [...after.keys()].filter((name) => !before.has(name)),
    removed: [...before.keys()].filter((name) => !after.has(name)),
  };
}

/**
 * What a change does: each action whose definition differs between the base and the head graph,
 * classified from the GoogleSQL output schemas of both; then every action downstream and the marts
 * among them; with column lineage, the downstream columns computed from the changed columns.
 */
export async function planChange(inputs: PlanInputs): Promise<Plan> {
  const { base, head } = inputs;
  const [before, after] = [executable(base), executable(head)];
  const { modified, added, removed } = changedActions(base, head);
  const headReach = downstreamActions([...after.values()], [...modified, ...added]);
  const baseReach = downstreamActions([...before.values()], removed);
  const touched = new Set([...modified, ...added, ...removed, ...headReach.keys(), ...baseReach.keys()]);
  const scope = await headScope(head, touched, inputs.warehouseFile);
  const headSchemas = await outputSchemas(head, inputs.analyzer, scope);
  // What the change does not touch has one schema on both sides: the base is typed from the head.
  const known = new Map(scope.existing);
  for (const action of graphActions(base)) {
    const columns = headSchemas.columns.get(action.name);
    if (columns && !touched.has(action.name)) known.set(tableName(base, action), columns);
  }
  const baseScope = { analyze: touched, existing: known };
  const baseSchemas = await outputSchemas(base, inputs.analyzer, baseScope);

  const changes: ChangedAction[] = [];
  for (const [name, action] of after) {
    const old = before.get(name);
    const common = { name, file: actionFile(action), kind: action.kind };
    if (!old) changes.push({ ...common, change: "added", classification: "non-breaking", reasons: ["new action"] });
    else if (modified.includes(name)) {
      // Nothing reads an assertion's or an operation's output by schema: its change is its logic.
      const readable = action.kind !== "operation" && action.kind !== "assertion";
      const classified = readable
        ? classify(
            { action: old, columns: baseSchemas.columns.get(name), key: tableKey(base, old) },
            { action, columns: headSchemas.columns.get(name), key: tableKey(head, action) },
          )
        : { classification: "data" as const, reasons: ["logic only"] };
      const unknown = readable && !headSchemas.columns.has(name);
      // A table whose new SQL Google's analyzer rejects is one BigQuery would not build: nothing can read it.
      if (unknown) Object.assign(classified, { classification: "breaking", reasons: [...(headSchemas.errors.get(name) ?? ["output schema unknown"]), ...classified.reasons] });
      changes.push({ ...common, change: "modified", ...classified });
    }
  }
  for (const name of removed) {
    const action = before.get(name)!;
    changes.push({ name, file: actionFile(action), kind: action.kind, change: "removed", classification: "breaking", reasons: ["action removed"] });
  }

  const changed = new Set(changes.map((c) => c.name));
  const affected: AffectedAction[] = [];
  const heads = [...after.values()];
  const headMarts = new Set(endProducts(heads, after.keys()));
  for (const name of [...headReach.keys(), ...baseReach.keys()]) {
    if (changed.has(name) || affected.some((a) => a.name === name)) continue;
    const action = after.get(name) ?? before.get(name)!;
    const [from, to] = [baseSchemas.columns.get(name), headSchemas.columns.get(name)];
    const schema = from && to && action.kind !== "assertion" ? schemaChange(from, to) : undefined;
    const errors = headSchemas.errors.get(name);
    affected.push({
      name,
      file: actionFile(action),
      kind: action.kind,
      mart: headMarts.has(name),
      via: [...new Set([...(headReach.get(name) ?? []), ...(baseReach.get(name) ?? [])])].sort(),
      ...(schema && schemaChanged(schema) && { schema }),
      ...(errors && after.has(name) && { errors }),
    });
  }
  affected.sort((a, b) => a.name.localeCompare(b.name));

  if (inputs.lineage) {
    // Each side in the scope its schemas were typed in: the change's columns move only downstream of it.
    const [baseLineage, headLineage] = await Promise.all([inputs.lineage(base, baseScope), inputs.lineage(head, scope)]);
    for (const change of changes) {
      const refs = (graph: CompiledGraph, action: Action | undefined, columns: readonly Column[]) =>
        action ? columns.map((c) => ({ table: tableName(graph, action), column: c.name })) : [];
      const [old, now] = [before.get(change.name), after.get(change.name)];
      const s = change.schema;
      const fromBase = change.change === "removed" ? (baseSchemas.columns.get(change.name) ?? []) : (s?.removed ?? []);
      const fromHead =
        change.change === "removed"
          ? []
          : s && schemaChanged(s)
            ? [...s.added, ...s.retyped.map((r) => ({ name: r.name, type: r.to }))]
            : (headSchemas.columns.get(change.name) ?? []);
      const found = [...downstreamColumns(baseLineage, refs(base, old, fromBase)), ...downstreamColumns(headLineage, refs(head, now, fromHead))];
      const unique = new Map(found.map((c) => [`${c.table}.${c.column}`.toLowerCase(), c]));
      change.downstreamColumns = [...unique.values()];
    }
  }

  const marts = [...new Set([...changes.filter((c) => headMarts.has(c.name)).map((c) => c.name), ...affected.filter((a) => a.mart).map((a) => a.name)])].sort();
  return { changes: changes.sort((a, b) => a.name.localeCompare(b.name)), affected, marts, columnLineage: !!inputs.lineage };
}
