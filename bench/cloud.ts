import { performance } from "node:perf_hooks";
import { requestJson } from "../cloud/api";
import { desiredState } from "../cloud/desired";
import { plan, readCurrent } from "../cloud/plan";
import { readUdfBundle } from "../cloud/udf-bundle";
import { loadConfig } from "../config/load";
import { apiWhereEverythingExists } from "../tests/cloud/existing";

/** Planning a whole environment: desired state, a plan against nothing and against a matching project. */
export async function run(): Promise<Record<string, unknown>> {
  const config = loadConfig("prod");
  const udfBundle = readUdfBundle();
  const rounds = 50;
  const t0 = performance.now();
  for (let i = 0; i < rounds; i++) desiredState(config, { udfBundle });
  const desiredMs = (performance.now() - t0) / rounds;
  const desired = desiredState(config, { udfBundle });
  const t1 = performance.now();
  for (let i = 0; i < rounds; i++) plan(desired, new Map());
  const emptyPlanMs = (performance.now() - t1) / rounds;
  const current = await readCurrent(desired, apiWhereEverythingExists(desired));
  const t2 = performance.now();
  for (let i = 0; i < rounds; i++) plan(desired, current);
  const matchingPlanMs = (performance.now() - t2) / rounds;
  return {
    resources: desired.length,
    desired_state_ms: Number(desiredMs.toFixed(2)),
    plan_against_nothing_ms: Number(emptyPlanMs.toFixed(2)),
    plan_against_matching_ms: Number(matchingPlanMs.toFixed(2)),
    plan_json_bytes: requestJson(plan(desired, new Map())).length,
    // A deploy's time is the API round trips; planning must stay negligible beside them.
    meets_target: matchingPlanMs < 100,
  };
}
