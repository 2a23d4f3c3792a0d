import type { GigaMartConfig } from "../config/load";
import type { CloudApi } from "./api";
import { applyPlan, type AppliedStep } from "./apply";
import { googleCloudApi, googleCloudApiIfCredentials } from "./connect";
import { desiredState, type DeployInputs } from "./desired";
import { plan, readCurrent, type PlanEntry } from "./plan";

export interface DeployOptions {
  /** The environment's loaded config (`config/load.ts`). */
  readonly config: GigaMartConfig;
  readonly dryRun: boolean;
  readonly udfBundle: DeployInputs["udfBundle"];
  /** Defaults to the real Google APIs when credentials exist. */
  readonly api?: CloudApi & { projectNumber?(project: string): Promise<string> };
  /** Called with the plan before anything is applied, so a person sees what is about to change. */
  readonly onPlan?: (plan: Pick<DeployResult, "stateKnown" | "entries">) => void;
  readonly onStep?: (step: AppliedStep) => void;
}

export interface DeployResult {
  /** False when no credentials let us read what exists: the plan then assumes nothing does. */
  readonly stateKnown: boolean;
  readonly entries: readonly PlanEntry[];
  readonly applied: readonly AppliedStep[];
}

export const UNKNOWN_STATE_NOTE =
  "no Google credentials found: current state is unknown and treated as empty, so every resource shows as create";

/**
 * Plans the environment against what exists, then (unless a dry run) applies creates and updates
 * in dependency order. Without credentials only a dry run is possible.
 */
export async function deploy(options: DeployOptions): Promise<DeployResult> {
  const { config } = options;
  const api = options.api ?? (options.dryRun ? await googleCloudApiIfCredentials() : await googleCloudApi());
  const projectNumber = api?.projectNumber ? await api.projectNumber(config.gcp.project) : undefined;
  const desired = desiredState(config, { udfBundle: options.udfBundle, projectNumber });
  const current = api ? await readCurrent(desired, api) : new Map();
  const entries = plan(desired, current, api !== undefined);
  options.onPlan?.({ stateKnown: api !== undefined, entries });
  const applied = options.dryRun || !api ? [] : await applyPlan(entries, api, options.onStep);
  return { stateKnown: api !== undefined, entries, applied };
}
