import type { CloudApi, CloudRequest } from "../../cloud/api";
import { codeCompilationConfig } from "../../cloud/desired/dataform";
import { namesFor } from "../../cloud/desired/names";
import type { GigaMartConfig } from "../../config/load";
import type { Selection } from "../dataform/actions";
import type { RunRequest, RunTarget } from ".";
import { historyJobRequest } from "../history/bigquery";
import { bigQueryRowsAffected } from "./bigquery-rows";
import { heldBackBy, heldBackMessage, pendingResult, runHeader, type ActionResult, type ActionStatus, type RunResult } from "./run-result";

/**
 * What the BigQuery target runs: the project as Dataform compiles it in the cloud. A dry run builds
 * the requests and reports them through onRequest; it sends nothing. onAction sees each action as it
 * reaches a final state, in the order Dataform finishes them.
 */
export interface BigQuerySource {
  readonly config: GigaMartConfig;
  readonly api: CloudApi;
  /** Compile from the environment's release configuration (default) or from a Dataform workspace. */
  readonly workspace?: string;
  readonly pollIntervalMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => Date;
  readonly onRequest?: (request: CloudRequest) => void;
  readonly onPoll?: (state: string, finished: number, total: number) => void;
}

export type BigQueryRunOptions = BigQuerySource & RunRequest;

export const bigqueryTarget = (source: BigQuerySource): RunTarget => ({ name: "bigquery", run: (request) => runOnBigQuery({ ...source, ...request }) });

interface Target {
  database?: string;
  schema?: string;
  name?: string;
}
type Timestamp = string | { seconds?: string | number; nanos?: number } | null | undefined;

/** A WorkflowInvocationAction as queryWorkflowInvocationActions returns it. */
export interface InvocationAction {
  target?: Target;
  canonicalTarget?: Target;
  state?: string;
  failureReason?: string;
  invocationTiming?: { startTime?: Timestamp; endTime?: Timestamp };
  bigqueryAction?: { sqlScript?: string; jobId?: string };
}

/** A CompilationResultAction as queryCompilationResultActions returns it. */
export interface CompiledAction {
  target?: Target;
  filePath?: string;
  relation?: { relationType?: string; tags?: string[]; dependencyTargets?: Target[] };
  operations?: { tags?: string[]; dependencyTargets?: Target[] };
  assertion?: { tags?: string[]; dependencyTargets?: Target[] };
  declaration?: unknown;
}

const FINISHED = new Set(["SUCCEEDED", "FAILED", "SKIPPED", "DISABLED", "CANCELLED"]);
const RUNNING = new Set(["RUNNING", "CANCELING"]);

const SKIPPED = heldBackMessage([], () => undefined);
const targetName = (t: Target | undefined) => [t?.database, t?.schema, t?.name].filter(Boolean).join(".");

function millis(t: Timestamp): number | undefined {
  if (!t) return undefined;
  if (typeof t === "string") return Date.parse(t);
  return Number(t.seconds ?? 0) * 1000 + Math.round((t.nanos ?? 0) / 1e6);
}

function kindOf(a: CompiledAction | undefined): { kind: ActionResult["kind"]; tags: string[] } {
  if (a?.relation) {
    const kind = a.relation.relationType === "VIEW" || a.relation.relationType === "MATERIALIZED_VIEW" ? "view" : a.relation.relationType === "INCREMENTAL_TABLE" ? "incremental" : "table";
    return { kind, tags: a.relation.tags ?? [] };
  }
  if (a?.assertion) return { kind: "assertion", tags: a.assertion.tags ?? [] };
  if (a?.declaration) return { kind: "declaration", tags: [] };
  return { kind: "operation", tags: a?.operations?.tags ?? [] };
}

/** How Dataform's action states read in the report; what never finished did not run. */
export function actionResult(action: InvocationAction, compiled: CompiledAction | undefined, invocationState: string): ActionResult {
  const state = action.state ?? "PENDING";
  const status: ActionStatus =
    state === "SUCCEEDED" ? "successful" : state === "FAILED" ? "failed" : state === "DISABLED" ? "disabled" : "skipped";
  const error =
    state === "FAILED"
      ? (action.failureReason ?? "failed")
      : state === "SKIPPED"
        ? SKIPPED
        : state === "CANCELLED"
          ? "cancelled"
          : FINISHED.has(state)
            ? undefined
            : `not run: the invocation ended ${invocationState} with this action ${state}`;
  const start = millis(action.invocationTiming?.startTime);
  const end = millis(action.invocationTiming?.endTime);
  const { kind, tags } = kindOf(compiled);
  // Dataform's WorkflowInvocationAction carries no row counts, only the script and the BigQuery job that ran it.
  return {
    ...pendingResult(targetName(action.target), kind, compiled?.filePath ?? "", tags),
    rowsAffected: null,
    ...(action.bigqueryAction?.jobId ? { jobId: action.bigqueryAction.jobId } : {}),
    status,
    durationMs: start !== undefined && end !== undefined ? Math.max(0, end - start) : 0,
    bigquerySql: action.bigqueryAction?.sqlScript ? [action.bigqueryAction.sqlScript] : [],
    ...(error ? { error } : {}),
  };
}

const dependenciesOf = (a: CompiledAction | undefined): string[] =>
  (a?.relation ?? a?.assertion ?? a?.operations)?.dependencyTargets?.map(targetName) ?? [];

/**
 * Names, on each skipped action, the failed actions that held it back: Dataform reports only SKIPPED,
 * so the culprits come from the compiled dependencies, resolved dependencies first.
 */
function nameCulprits(results: ActionResult[], byTarget: Map<string, CompiledAction>): void {
  const byName = new Map(results.map((r) => [r.name, r]));
  const resolved = new Set<string>();
  const resolve = (r: ActionResult) => {
    if (resolved.has(r.name)) return;
    resolved.add(r.name);
    if (r.status !== "skipped" || r.error !== SKIPPED) return;
    const dependencies = dependenciesOf(byTarget.get(r.name));
    dependencies.forEach((d) => byName.has(d) && resolve(byName.get(d)!));
    const culprits = heldBackBy(dependencies, (n) => byName.get(n));
    if (culprits.length > 0) Object.assign(r, { heldBackBy: culprits, error: heldBackMessage(culprits, (n) => byName.get(n)) });
  };
  results.forEach(resolve);
}

/** The run's selection and refresh as Dataform's InvocationConfig: Dataform itself selects the actions. */
function invocationConfig(selection: Selection, fullRefresh: boolean | undefined, serviceAccount: string): Record<string, unknown> {
  const includedTargets = (selection.actions ?? []).map((a) => {
    const parts = a.split(".");
    if (parts.length < 2 || parts.length > 3) throw new Error(`--actions: '${a}' is not dataset.name or project.dataset.name`);
    const [name, schema, database] = parts.reverse() as [string, string, string?];
    return { ...(database ? { database } : {}), schema, name };
  });
  return {
    ...(includedTargets.length ? { includedTargets } : {}),
    ...(selection.tags?.length ? { includedTags: [...selection.tags] } : {}),
    transitiveDependenciesIncluded: selection.includeDependencies === true,
    transitiveDependentsIncluded: selection.includeDependents === true,
    fullyRefreshIncrementalTablesEnabled: fullRefresh === true,
    serviceAccount,
  };
}

/**
 * Runs the project on BigQuery through Dataform: a compilation result from the release
 * configuration (or a workspace), a workflow invocation of the selected tags/actions, polled
 * until it ends; each action's outcome comes back as the local runner reports it.
 */
export async function runOnBigQuery(o: BigQueryRunOptions): Promise<RunResult> {
  const n = namesFor(o.config);
  const now = o.now ?? (() => new Date());
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const started = now();
  const selection = invocationConfig(o.selection ?? {}, o.fullRefresh, n.dataformSa);
  const send = async (request: CloudRequest): Promise<Record<string, any>> => {
    o.onRequest?.(request);
    return o.dryRun ? {} : ((await o.api.apply(request)) as Record<string, any>);
  };
  const compilationResult = o.workspace
    ? { workspace: `${n.repository}/workspaces/${o.workspace}`, codeCompilationConfig: codeCompilationConfig(o.config, n) }
    : { releaseConfig: n.releaseConfig };
  const compiled = await send({ api: "dataform", method: "createCompilationResult", request: { parent: n.repository, compilationResult } });
  const errors = (compiled.compilationErrors ?? []) as { message?: string; path?: string }[];
  if (errors.length > 0) {
    throw new Error(`Dataform compilation failed (${errors.length} error(s)):\n${errors.map((e) => `${e.path ?? "(project)"}: ${e.message}`).join("\n")}`);
  }
  const compilationName = o.dryRun ? "{compilationResult}" : String(compiled.name);
  const invocation = await send({
    api: "dataform",
    method: "createWorkflowInvocation",
    request: { parent: n.repository, workflowInvocation: { compilationResult: compilationName, invocationConfig: selection } },
  });
  const base = runHeader("bigquery", n.project, started, o);
  if (o.dryRun) return { ...base, durationMs: 0, status: "successful", actions: [] };

  const compiledActions = (await o.api.apply({ api: "dataform", method: "queryCompilationResultActions", request: { name: compilationName } })) as CompiledAction[];
  const byTarget = new Map(compiledActions.map((a) => [targetName(a.target), a]));
  const reported = new Set<string>();
  let state = String(invocation.state ?? "RUNNING");
  let actions: InvocationAction[] = [];
  const outcomes = () => {
    const results = actions.map((a) => actionResult(a, byTarget.get(targetName(a.target)), state));
    nameCulprits(results, byTarget);
    return results;
  };
  for (;;) {
    actions = (await o.api.apply({ api: "dataform", method: "queryWorkflowInvocationActions", request: { name: invocation.name } })) as InvocationAction[];
    outcomes().forEach((r, i) => {
      if (FINISHED.has(actions[i]!.state ?? "") && !reported.has(r.name)) {
        reported.add(r.name);
        o.onAction?.(r, reported.size - 1, actions.length);
      }
    });
    o.onPoll?.(state, reported.size, actions.length);
    if (!RUNNING.has(state)) break;
    await sleep(o.pollIntervalMs ?? 10_000);
    state = String(((await o.api.apply({ api: "dataform", method: "getWorkflowInvocation", request: { name: invocation.name } })) as { state?: string }).state);
  }
  const results = outcomes();
  // Counts are read where BigQuery keeps them; without the right to list the Dataform account's jobs
  // (bigquery.jobs.listAll) they stay "not reported", which is no reason to fail a run that succeeded.
  await Promise.all(results.map(async (result) => (result.rowsAffected = await bigQueryRowsAffected(o.api, n.project, result).catch(() => null))));
  // Actions that never finished (the invocation failed or was cancelled first) are reported too.
  results.forEach((r) => {
    if (!reported.has(r.name)) {
      reported.add(r.name);
      o.onAction?.(r, reported.size - 1, results.length);
    }
  });
  const run: RunResult = {
    ...base,
    durationMs: now().getTime() - started.getTime(),
    status: state === "SUCCEEDED" && results.every((r) => r.status !== "failed") ? "successful" : "failed",
    actions: results,
  };
  // The history job waits for its script to finish; a failure is the run's, never hidden.
  try {
    await o.api.apply(historyJobRequest(n, run));
  } catch (error) {
    throw new Error(`run ${run.runId} ended ${state} but its history was not recorded in ${n.datasets.monitoring}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return run;
}
