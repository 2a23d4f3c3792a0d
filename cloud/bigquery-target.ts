import type { GigaMartConfig } from "../config/load";
import { assertionSeverity, heldBackBy, heldBackMessage, newRunId, type ActionResult, type ActionStatus, type RunResult } from "../runner/local/run-result";
import type { CloudApi, CloudRequest } from "./api";
import { codeCompilationConfig } from "./desired/dataform";
import { namesFor } from "./desired/names";

export interface BigQueryRunOptions {
  readonly config: GigaMartConfig;
  readonly api: CloudApi;
  /** Compile from the environment's release configuration (default) or from a Dataform workspace. */
  readonly workspace?: string;
  readonly tags?: readonly string[];
  /** Action names as `dataset.name` or `project.dataset.name`. */
  readonly actions?: readonly string[];
  readonly includeDependencies?: boolean;
  readonly includeDependents?: boolean;
  readonly fullRefresh?: boolean;
  /** Build the requests and report them through onRequest; send nothing. */
  readonly dryRun?: boolean;
  readonly pollIntervalMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => Date;
  readonly onRequest?: (request: CloudRequest) => void;
  /** Each action as it reaches a final state, in the order Dataform finishes them. */
  readonly onAction?: (result: ActionResult, index: number, total: number) => void;
  readonly onPoll?: (state: string, finished: number, total: number) => void;
}

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
  return {
    ...(kind === "assertion" ? { severity: assertionSeverity(tags) } : {}),
    name: targetName(action.target),
    kind,
    fileName: compiled?.filePath ?? "",
    tags,
    status,
    // Dataform reports no row counts; the BigQuery job (bigqueryAction.jobId) has them.
    rowsAffected: 0,
    durationMs: start !== undefined && end !== undefined ? Math.max(0, end - start) : 0,
    bigquerySql: action.bigqueryAction?.sqlScript ? [action.bigqueryAction.sqlScript] : [],
    duckdbSql: [],
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

function invocationConfig(o: BigQueryRunOptions, serviceAccount: string): Record<string, unknown> {
  const includedTargets = (o.actions ?? []).map((a) => {
    const parts = a.split(".");
    if (parts.length < 2 || parts.length > 3) throw new Error(`--actions: '${a}' is not dataset.name or project.dataset.name`);
    const [name, schema, database] = parts.reverse() as [string, string, string?];
    return { ...(database ? { database } : {}), schema, name };
  });
  return {
    ...(includedTargets.length ? { includedTargets } : {}),
    ...(o.tags?.length ? { includedTags: [...o.tags] } : {}),
    transitiveDependenciesIncluded: o.includeDependencies === true,
    transitiveDependentsIncluded: o.includeDependents === true,
    fullyRefreshIncrementalTablesEnabled: o.fullRefresh === true,
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
  const selection = invocationConfig(o, n.dataformSa);
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
  const base = { runId: newRunId(started), target: "bigquery" as const, project: n.project, dryRun: o.dryRun === true, fullRefresh: o.fullRefresh === true, startedAt: started.toISOString() };
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
  // Actions that never finished (the invocation failed or was cancelled first) are reported too.
  results.forEach((r) => {
    if (!reported.has(r.name)) {
      reported.add(r.name);
      o.onAction?.(r, reported.size - 1, results.length);
    }
  });
  return {
    ...base,
    durationMs: now().getTime() - started.getTime(),
    status: state === "SUCCEEDED" && results.every((r) => r.status !== "failed") ? "successful" : "failed",
    actions: results,
  };
}
