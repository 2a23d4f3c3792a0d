// What a change costs on BigQuery, offline: each changed action's next run priced on the base and on the
// working tree against the same warehouse, and each workflow configuration's month on both.
import type { ZetaSqlService } from "../../fidelity/zetasql/service";
import type { CompiledGraph } from "../../runner/dataform/compiled-graph";
import { CostEstimator, type EstimateOptions } from "../cost/estimate";
import type { Plan } from "./plan";

export interface ActionCostDelta {
  name: string;
  /** bytes the next run bills; null where the action does not exist on that side */
  base_bytes_billed: number | null;
  head_bytes_billed: number | null;
  delta_bytes_billed: number;
}

export interface WorkflowCostDelta {
  name: string;
  base_usd_per_month: number;
  head_usd_per_month: number;
  delta_usd_per_month: number;
}

export interface CostDelta {
  actions: ActionCostDelta[];
  workflows: WorkflowCostDelta[];
}

/** One side's reading, from an estimator opened (the whole graph analyzed, the warehouse measured) and closed for it. */
async function priced<T>(graph: CompiledGraph, service: ZetaSqlService, options: EstimateOptions, read: (e: CostEstimator) => Promise<T>): Promise<T> {
  const estimator = await CostEstimator.open(graph, service, options);
  try {
    return await read(estimator);
  } finally {
    estimator.close();
  }
}

export async function costDelta(plan: Plan, base: CompiledGraph, head: CompiledGraph, service: ZetaSqlService, options: EstimateOptions): Promise<CostDelta> {
  const billed = async (e: CostEstimator, name: string) => (e.report.actions.some((a) => a.name === name) ? (await e.action(name)).bytes_billed : null);
  const changed = plan.changes.filter((c) => c.kind !== "declaration").map((c) => c.name);
  const side = (e: CostEstimator) => Promise.all([Promise.all(changed.map((name) => billed(e, name))), e.workflows()]);
  const [baseActions, baseMonths] = await priced(base, service, options, side);
  const [headActions, headMonths] = await priced(head, service, options, side);
  return {
    actions: changed.map((name, i) => ({
      name,
      base_bytes_billed: baseActions[i] ?? null,
      head_bytes_billed: headActions[i] ?? null,
      delta_bytes_billed: (headActions[i] ?? 0) - (baseActions[i] ?? 0),
    })),
    workflows: headMonths.map((w) => {
      const before = baseMonths.find((b) => b.name === w.name)?.usd_per_month ?? 0;
      return { name: w.name, base_usd_per_month: before, head_usd_per_month: w.usd_per_month, delta_usd_per_month: w.usd_per_month - before };
    }),
  };
}
