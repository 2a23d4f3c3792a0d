import { ZetaSqlAnalyzer } from "../../fidelity/analyze";
import { checkGraph, type ActionCheck, type CheckReport, type CheckScope } from "../../fidelity/check";
import type { ZetaSqlService } from "../../fidelity/zetasql/service";
import type { CompiledGraph } from "../../runner/dataform/compiled-graph";
import { addSources, statementLineage, type ScriptTables, type Sources } from "./statement-lineage";
import type { ColumnLineage, ColumnRef, Derivation } from "./types";

// One analysis per compiled graph: `plan` reads the lineage and the cost of the same two graphs.
const analyses = new WeakMap<CompiledGraph, { service: ZetaSqlService; report: Promise<CheckReport> }>();

/** Every statement BigQuery would receive for the graph, analyzed with the resolved ASTs kept (for lineage and cost). */
export function analyzeWithResolvedStatements(graph: CompiledGraph, service: ZetaSqlService): Promise<CheckReport> {
  const kept = analyses.get(graph);
  if (kept?.service === service) return kept.report;
  const report = analyzeResolved(graph, service, {});
  analyses.set(graph, { service, report });
  return report;
}

function analyzeResolved(graph: CompiledGraph, service: ZetaSqlService, scope: CheckScope): Promise<CheckReport> {
  return checkGraph(graph, new ZetaSqlAnalyzer(service, "UTC", { keepResolved: true }), { ...scope, unitTests: false }).then((r) => {
    if (r.errors.length > 0) throw new Error(`${r.errors[0]}\n  (${r.errors.length} statement(s) rejected by the GoogleSQL analyzer; \`gigamart check\` lists them)`);
    return r;
  });
}

/**
 * The columns one action writes and their sources, from every statement of its scripts: first run and
 * incremental run, pre- and post-operations included (an action may write more than its own table,
 * e.g. a log). A table's own columns are not its upstream: an incremental read of itself is left out.
 */
export function actionLineage(check: ActionCheck): ColumnLineage[] {
  const byTable = new Map<string, Map<string, Sources>>();
  for (const script of check.scripts) {
    const scriptTables: ScriptTables = new Map();
    for (const statement of script.statements) {
      const written = statementLineage(statement, scriptTables);
      if (!written) continue;
      const columns = byTable.get(written.table) ?? new Map<string, Sources>();
      for (const [name, sources] of written.columns) {
        const into = columns.get(name) ?? new Map();
        addSources(into, new Map([...sources].filter(([, s]) => s.column.table !== written.table)));
        columns.set(name, into);
      }
      byTable.set(written.table, columns);
    }
  }
  return [...byTable].flatMap(([table, columns]) =>
    [...columns].map(([column, sources]) => ({
      output: { table, column },
      sources: [...sources.values()].sort((a, b) => `${a.column.table}.${a.column.column}`.localeCompare(`${b.column.table}.${b.column.column}`)),
    })),
  );
}

/** Column lineage of every action of a compiled project, in dependency order. */
/**
 * The column lineage of every action, or with a scope only of the actions it analyzes (the others typed
 * by `scope.existing`): `plan` follows a change through the actions downstream of it, not the whole project.
 */
export async function projectLineage(graph: CompiledGraph, service: ZetaSqlService, scope?: CheckScope): Promise<ColumnLineage[]> {
  const report = await (scope ? analyzeResolved(graph, service, scope) : analyzeWithResolvedStatements(graph, service));
  return mergeLineage(report.actions.filter((a) => !scope?.analyze || scope.analyze.has(a.name)).flatMap(actionLineage));
}

/** One entry per output column: two actions writing one table (a log fed by several) add up. */
export function mergeLineage(entries: ColumnLineage[]): ColumnLineage[] {
  const merged = new Map<string, { output: ColumnRef; sources: Sources }>();
  for (const entry of entries) {
    const k = `${entry.output.table}.${entry.output.column}`;
    const into = merged.get(k) ?? { output: entry.output, sources: new Map() };
    addSources(into.sources, new Map(entry.sources.map((s) => [`${s.column.table}.${s.column.column}`, s])));
    merged.set(k, into);
  }
  return [...merged.values()].map(({ output, sources }) => ({ output, sources: [...sources.values()] }));
}

/**
 * The columns of tables no action writes (bronze sources, declarations) that a column is computed from,
 * through every action between: a copy of a copy is a copy, anything else a transform.
 */
export function originColumns(lineage: ColumnLineage[], column: ColumnRef): { column: ColumnRef; derivation: Derivation }[] {
  const keyOf = (ref: ColumnRef) => `${ref.table}.${ref.column}`.toLowerCase();
  const byOutput = new Map(lineage.map((l) => [keyOf(l.output), l]));
  const memo = new Map<string, Sources>();
  const origins = (entry: ColumnLineage, path: Set<string>): Sources => {
    const k = keyOf(entry.output);
    const known = memo.get(k);
    if (known) return known;
    const found: Sources = new Map();
    path.add(k);
    for (const s of entry.sources) {
      const upstream = byOutput.get(keyOf(s.column));
      if (!upstream) addSources(found, new Map([[keyOf(s.column), s]]));
      else if (!path.has(keyOf(s.column))) addSources(found, origins(upstream, path), s.derivation);
    }
    path.delete(k);
    memo.set(k, found);
    return found;
  };
  const start = byOutput.get(keyOf(column));
  if (!start) throw new Error(`no lineage for ${column.table}.${column.column}: no action writes that column`);
  return [...origins(start, new Set()).values()];
}

/** Every column computed from `column`, directly or through other actions: what a change to it can move. */
export function dependentColumns(lineage: ColumnLineage[], column: ColumnRef): ColumnRef[] {
  const keyOf = (ref: ColumnRef) => `${ref.table}.${ref.column}`.toLowerCase();
  const bySource = new Map<string, ColumnRef[]>();
  for (const l of lineage) for (const s of l.sources) bySource.set(keyOf(s.column), [...(bySource.get(keyOf(s.column)) ?? []), l.output]);
  const found = new Map<string, ColumnRef>();
  const queue = [column];
  while (queue.length > 0) {
    for (const dependent of bySource.get(keyOf(queue.pop()!)) ?? []) {
      if (found.has(keyOf(dependent))) continue;
      found.set(keyOf(dependent), dependent);
      queue.push(dependent);
    }
  }
  return [...found.values()];
}
