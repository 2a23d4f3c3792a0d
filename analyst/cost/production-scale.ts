// Local tables scaled to production volumes: a bronze table by its configured rows per day over its rows
// per day measured locally (per partition day, so a catch-up load of many days counts each day; per
// load day for an unpartitioned full extract), and every table built from bronze by its largest bronze ancestor.
import { fullName } from "../../fidelity/check";
import { actionDependencies, actionTarget, graphActions } from "../../runner/dataform/actions";
import type { CompiledGraph } from "../../runner/dataform/compiled-graph";
import { resolveTarget } from "../../runner/dataform/target";
import { NULL_PARTITION, tableRows, type TableSize } from "./table-sizes";

export interface ScaleFactor {
  table: string;
  factor: number;
  /** the bronze tables (and their configured rows per day) the factor comes from */
  from: string[];
}

export function productionScale(graph: CompiledGraph, sizes: ReadonlyMap<string, TableSize>, rowsPerDay: Readonly<Record<string, number>>): Map<string, ScaleFactor> {
  const actions = graphActions(graph);
  const byName = new Map(actions.map((a) => [a.name, a]));
  const tableOf = (name: string) => fullName(resolveTarget(actionTarget(byName.get(name)!), graph.projectConfig)).toLowerCase();
  const bronze = new Map<string, number>();
  for (const action of actions) {
    const table = tableOf(action.name);
    const wanted = rowsPerDay[actionTarget(action).name];
    const size = sizes.get(table);
    if (action.kind !== "declaration" || wanted === undefined || !size) continue;
    const days = size.partitionColumn ? [...size.partitions.keys()].filter((k) => k !== NULL_PARTITION).length : size.loadDays;
    const rows = tableRows(size);
    if (days && rows > 0) bronze.set(action.name, wanted / (rows / days));
  }
  const ancestors = new Map<string, Set<string>>();
  const bronzeAncestors = (name: string): Set<string> => {
    const known = ancestors.get(name);
    if (known) return known;
    const found = new Set<string>(bronze.has(name) ? [name] : []);
    ancestors.set(name, found);
    for (const dep of actionDependencies(byName.get(name)!)) if (byName.has(dep)) for (const b of bronzeAncestors(dep)) found.add(b);
    return found;
  };
  const factors = new Map<string, ScaleFactor>();
  for (const action of actions) {
    const from = [...bronzeAncestors(action.name)];
    if (from.length === 0) continue;
    const factor = Math.max(...from.map((b) => bronze.get(b)!));
    factors.set(tableOf(action.name), { table: tableOf(action.name), factor, from: from.map((b) => `${byName.get(b)!.name} (${rowsPerDay[actionTarget(byName.get(b)!).name]}/day)`) });
  }
  return factors;
}
