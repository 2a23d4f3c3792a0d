// A workflow configuration's run on the local warehouse, each action costed as BigQuery would bill it
// when its turn comes: the actions run in waves of dependency depth, and each wave is estimated on the
// warehouse as the waves before it left it (so sales_fact reads the rows staging just added, as on
// BigQuery), not on the state before the whole run, which `gigamart cost` reads.
import { expect } from "chai";
import { PIPELINE_TAGS, workflowSelection } from "../../cloud/desired/dataform";
import { CostEstimator, type ActionCost } from "../../analyst/cost/estimate";
import type { GigaMartConfig } from "../../config/schema";
import type { ZetaSqlService } from "../../fidelity/zetasql/service";
import { actionDependencies, graphActions, selectActions } from "../../runner/dataform/actions";
import type { CompiledGraph } from "../../runner/dataform/compiled-graph";
import { runLocal } from "../../runner/targets/local";
import { failures } from "../models/pipeline";

/** Runs the tag's selection wave by wave and returns each action's cost as estimated just before it ran. */
export async function costedRun(
  graph: CompiledGraph,
  service: ZetaSqlService,
  options: { warehouseFile: string; config: GigaMartConfig; tag: (typeof PIPELINE_TAGS)[number]; production?: boolean },
): Promise<ActionCost[]> {
  const selected = selectActions(graphActions(graph), workflowSelection(options.config, options.tag)).filter((a) => a.kind !== "declaration");
  const byName = new Map(selected.map((a) => [a.name, a]));
  const depth = new Map<string, number>();
  const depthOf = (name: string): number => {
    if (!depth.has(name)) depth.set(name, 1 + Math.max(-1, ...actionDependencies(byName.get(name)!).filter((d) => byName.has(d)).map(depthOf)));
    return depth.get(name)!;
  };
  selected.forEach((a) => depthOf(a.name));
  const costs: ActionCost[] = [];
  for (let wave = 0; wave <= Math.max(...depth.values()); wave++) {
    const actions = selected.filter((a) => depth.get(a.name) === wave).map((a) => a.name);
    const estimator = await CostEstimator.open(graph, service, { warehouseFile: options.warehouseFile, config: options.config, production: options.production });
    try {
      for (const name of actions) costs.push(await estimator.action(name));
    } finally {
      estimator.close();
    }
    const run = await runLocal({ graph, warehouseFile: options.warehouseFile, selection: { actions } });
    expect(run.status, failures(run)).to.equal("successful");
  }
  return costs;
}
