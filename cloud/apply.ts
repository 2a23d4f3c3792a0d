import type { CloudApi } from "./api";
import { substitute, type PlanEntry } from "./plan";

/**
 * IAM is eventually consistent: a service account created a moment ago can be unknown to a grant
 * or a job for a minute. Such answers are retried; any other failure stops the apply at once.
 */
export interface RetryPolicy {
  readonly attempts: number;
  readonly delayMs: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export const PROPAGATION_RETRY: RetryPolicy = { attempts: 6, delayMs: 10_000 };

function isPropagationDelay(e: unknown): boolean {
  return /service account .*(does not exist|not found)|principal .* does not exist/i.test((e as Error).message ?? "");
}

export interface AppliedStep {
  readonly entry: PlanEntry;
  readonly response: unknown;
}

/**
 * Sends the plan's creates and updates in dependency order (plan() orders them); keeps send
 * nothing, so applying a plan of keeps changes nothing. Stops at the first failure, naming the resource.
 */
export async function applyPlan(
  entries: readonly PlanEntry[],
  api: CloudApi,
  onStep?: (step: AppliedStep) => void,
  retry: RetryPolicy = PROPAGATION_RETRY,
): Promise<AppliedStep[]> {
  const sleep = retry.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const names = new Map<string, string>();
  const steps: AppliedStep[] = [];
  for (const entry of entries) {
    if (!entry.request) continue;
    const request = substitute(entry.request, names);
    let response: unknown;
    for (let attempt = 1; ; attempt++) {
      try {
        response = await api.apply(request);
        break;
      } catch (e) {
        if (attempt >= retry.attempts || !isPropagationDelay(e)) throw new Error(`${entry.action} ${entry.id} failed: ${(e as Error).message}`);
        await sleep(retry.delayMs);
      }
    }
    const created = (response as { name?: unknown } | undefined)?.name;
    if (entry.placeholder && typeof created === "string") names.set(entry.placeholder, created);
    const step = { entry, response };
    steps.push(step);
    onStep?.(step);
  }
  return steps;
}
