import { type Action, actionDependencies } from "../../runner/dataform/actions";
import type { ColumnLineage, ColumnRef } from "../lineage/types";

/**
 * Every action that depends on one of `changed`, directly or through others, each with the changed actions
 * it is reached from. An assertion is reached but not passed through: what waits on it as a quality gate
 * reads no row of it, and reads the checked table itself when its data depends on it.
 */
export function downstreamActions(actions: readonly Action[], changed: readonly string[]): Map<string, Set<string>> {
  const assertions = new Set(actions.filter((a) => a.kind === "assertion").map((a) => a.name));
  const dependents = new Map<string, string[]>();
  for (const action of actions) {
    for (const dependency of actionDependencies(action)) dependents.set(dependency, [...(dependents.get(dependency) ?? []), action.name]);
  }
  const reached = new Map<string, Set<string>>();
  for (const origin of changed) {
    const queue = [origin];
    while (queue.length > 0) {
      for (const next of dependents.get(queue.pop()!) ?? []) {
        if (next === origin || reached.get(next)?.has(origin)) continue;
        reached.set(next, (reached.get(next) ?? new Set()).add(origin));
        if (!assertions.has(next)) queue.push(next);
      }
    }
  }
  for (const origin of changed) reached.delete(origin);
  return reached;
}

/**
 * The end products among the affected actions: tables and views that no other table or view reads
 * (only assertions, if anything, depend on them), i.e. what dashboards and analysts read.
 */
export function endProducts(actions: readonly Action[], names: Iterable<string>): string[] {
  const read = new Set(
    actions.filter((a) => a.kind === "table" || a.kind === "view" || a.kind === "incremental").flatMap((a) => actionDependencies(a)),
  );
  const byName = new Map(actions.map((a) => [a.name, a]));
  return [...names].filter((n) => {
    const kind = byName.get(n)?.kind;
    return (kind === "table" || kind === "view" || kind === "incremental") && !read.has(n);
  });
}

const key = (ref: ColumnRef) => `${ref.table}\u0000${ref.column}`.toLowerCase();

/**
 * The permanent-table columns computed, directly or through other columns, from any of `changed`:
 * the transitive closure of column lineage, in the order reached (breadth first), `changed` left out.
 */
export function downstreamColumns(lineage: readonly ColumnLineage[], changed: readonly ColumnRef[]): ColumnRef[] {
  const readers = new Map<string, ColumnRef[]>();
  for (const entry of lineage) {
    for (const source of entry.sources) readers.set(key(source.column), [...(readers.get(key(source.column)) ?? []), entry.output]);
  }
  const seen = new Set(changed.map(key));
  const found: ColumnRef[] = [];
  for (let frontier = [...changed]; frontier.length > 0; ) {
    const next: ColumnRef[] = [];
    for (const column of frontier) {
      for (const output of readers.get(key(column)) ?? []) {
        if (seen.has(key(output))) continue;
        seen.add(key(output));
        found.push(output);
        next.push(output);
      }
    }
    frontier = next;
  }
  return found;
}
