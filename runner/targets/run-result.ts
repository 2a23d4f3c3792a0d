import type { Action, Selection } from "../dataform/actions";

export type ActionStatus = "successful" | "failed" | "skipped" | "disabled";

/**
 * An assertion's severity, declared by a tag in its config because Dataform has none of its own: ERROR
 * (the default) gates what depends on it; WARN (tag `warn`) fails the run like any failed action but
 * nothing may depend on it, so it holds nothing back.
 */
export type Severity = "ERROR" | "WARN";
const WARN_TAG = "warn";
export const assertionSeverity = (tags: readonly string[]): Severity => (tags.includes(WARN_TAG) ? "WARN" : "ERROR");

/** What one action did; the same record feeds the console, the reports and the tests. */
export interface ActionResult {
  name: string;
  kind: Action["kind"];
  fileName: string;
  tags: string[];
  status: ActionStatus;
  /**
   * Rows the action wrote: a rebuilt table's rows, an incremental run's rows inserted/merged/updated/deleted
   * in its target, an operation's DML rows, an assertion's failing rows (0 for views and declarations).
   * null when the target cannot tell: Dataform's API reports no row counts (see `jobId`).
   */
  rowsAffected: number | null;
  /** BigQuery target: the BigQuery job Dataform ran the action's script as (its statistics hold the DML counts) */
  jobId?: string;
  durationMs: number;
  /** the BigQuery script(s) Dataform would send, one per task */
  bigquerySql: string[];
  /** the DuckDB statements executed (or, in a dry run, that would be) */
  duckdbSql: string[];
  error?: string;
  /** assertions only */
  severity?: Severity;
  /** skipped actions only: the failed actions that held it back, through any skipped ones in between */
  heldBackBy?: string[];
}

/** One unit test (README "Unit tests"): Dataform's own of a table or view, or one path of an incremental table. */
export interface UnitTestResult {
  name: string;
  fileName: string;
  /** `dataset`: a `type: "test"` action; `first run` / `merge`: an incremental table's unit_test operation */
  kind: "dataset" | "first run" | "merge";
  /** the incremental table tested (Dataform's compiled test does not name its dataset) */
  tested?: string;
  status: "passed" | "failed";
  durationMs: number;
  /** why it failed, in Dataform's words where Dataform has them (`Expected 2 rows, but saw 1 rows.`) */
  messages: string[];
  /** rows only the expected or only the actual result has */
  diff: string[];
  /** the BigQuery SQL the test runs: the tested query or script, then the expected rows' query */
  bigquerySql: string[];
}

/** `test <name> (<file>): <what differs>`: the one line a failing test is known by. */
export function unitTestFailure(test: UnitTestResult): string {
  const more = test.messages.length > 1 ? ` (and ${test.messages.length - 1} more)` : "";
  return `test ${test.name} (${test.fileName}): ${test.messages[0] ?? "failed"}${more}`;
}

export const TARGET_NAMES = ["local", "bigquery"] as const;
export type TargetName = (typeof TARGET_NAMES)[number];

export interface RunResult {
  runId: string;
  target: TargetName;
  project: string;
  warehouse?: string;
  dryRun: boolean;
  fullRefresh: boolean;
  /** `--tags` / `--actions` of the run, when given */
  selection?: Pick<Selection, "tags" | "actions">;
  startedAt: string;
  durationMs: number;
  status: "successful" | "failed";
  actions: ActionResult[];
  /** `gigamart test` and `run --run-tests`: the unit tests, run before any action */
  tests?: UnitTestResult[];
}

function newRunId(now: Date): string {
  return now.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
}

type RunHeader = Pick<RunResult, "runId" | "target" | "project" | "dryRun" | "fullRefresh" | "selection" | "startedAt">;

/** What every run records before its first action, whichever target runs it. */
export function runHeader(
  target: TargetName,
  project: string,
  startedAt: Date,
  flags: { dryRun?: boolean; fullRefresh?: boolean; selection?: Selection },
): RunHeader {
  const { tags, actions } = flags.selection ?? {};
  const selection = { ...(tags?.length ? { tags } : {}), ...(actions?.length ? { actions } : {}) };
  return {
    runId: newRunId(startedAt),
    target,
    project,
    dryRun: flags.dryRun === true,
    fullRefresh: flags.fullRefresh === true,
    ...(Object.keys(selection).length ? { selection } : {}),
    startedAt: startedAt.toISOString(),
  };
}

/** An action's record before it runs: nothing written yet, no SQL, and an assertion's severity from its tags. */
export function pendingResult(name: string, kind: ActionResult["kind"], fileName: string, tags: string[]): ActionResult {
  return {
    name,
    kind,
    fileName,
    tags,
    status: "successful",
    rowsAffected: 0,
    durationMs: 0,
    bigquerySql: [],
    duckdbSql: [],
    ...(kind === "assertion" ? { severity: assertionSeverity(tags) } : {}),
  };
}

export function countByStatus(run: RunResult): Record<ActionStatus, number> {
  const counts: Record<ActionStatus, number> = { successful: 0, failed: 0, skipped: 0, disabled: 0 };
  for (const a of run.actions) counts[a.status]++;
  return counts;
}

/**
 * The failed actions behind an action's dependencies: a failed dependency itself, and what held back a
 * skipped one (so results must be resolved in dependency order). Empty when every dependency succeeded.
 */
export function heldBackBy(dependencies: readonly string[], resultOf: (name: string) => ActionResult | undefined): string[] {
  const culprits = new Set<string>();
  for (const d of dependencies) {
    const r = resultOf(d);
    if (r?.status === "failed") culprits.add(d);
    else if (r?.status === "skipped") r.heldBackBy?.forEach((c) => culprits.add(c));
  }
  return [...culprits];
}

/** "skipped: held back by failed ERROR assertion a.b.c, failed table d.e.f" */
export function heldBackMessage(culprits: readonly string[], resultOf: (name: string) => ActionResult | undefined): string {
  if (culprits.length === 0) return "skipped: a dependency did not succeed";
  const named = culprits.map((c) => {
    const r = resultOf(c);
    return `failed ${r?.kind === "assertion" ? `${r.severity ?? "ERROR"} assertion` : (r?.kind ?? "action")} ${c}`;
  });
  return `skipped: held back by ${named.join(", ")}`;
}
