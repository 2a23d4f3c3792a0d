import type { CloudApi } from "./api";
import { substitute, type PlanEntry } from "./plan";

export interface AppliedStep {
  readonly entry: PlanEntry;
  readonly response: unknown;
}

/**
 * Sends the plan's creates and updates in dependency order (plan() orders them); keeps send
 * nothing, so applying a plan of keeps changes nothing. Stops at the first failure, naming the resource.
 */
export async function applyPlan(entries: readonly PlanEntry[], api: CloudApi, onStep?: (step: AppliedStep) => void): Promise<AppliedStep[]> {
  const names = new Map<string, string>();
  const steps: AppliedStep[] = [];
  for (const entry of entries) {
    if (!entry.request) continue;
    let response: unknown;
    try {
      response = await api.apply(substitute(entry.request, names));
    } catch (e) {
      throw new Error(`${entry.action} ${entry.id} failed: ${(e as Error).message}`);
    }
    const created = (response as { name?: unknown } | undefined)?.name;
    if (entry.placeholder && typeof created === "string") names.set(entry.placeholder, created);
    const step = { entry, response };
    steps.push(step);
    onStep?.(step);
  }
  return steps;
}
