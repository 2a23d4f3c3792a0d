import { requestJson } from "../../cloud/api";
import { googleCloudApi } from "../../cloud/connect";
import { RecordingCloudApi } from "../../cloud/recording-api";
import type { GigaMartConfig } from "../../config/load";
import type { Selection } from "../dataform/actions";
import type { CompiledGraph } from "../dataform/compiled-graph";
import { DEFAULT_REPORTS_DIR, writeReports } from "../report/write";
import { bigqueryTarget } from "./bigquery";
import { startZetaSql } from "../../fidelity/zetasql/service";
import { runLocal } from "./local";
import { runUnitTests } from "../unit-tests/run";
import { dryRunText, progressLine, summaryLine, testLine } from "./progress";
import { runHeader, unitTestFailure, type ActionResult, type RunResult, type TargetName, type UnitTestResult } from "./run-result";

export { TARGET_NAMES, type TargetName } from "./run-result";

/** What every run takes, whichever target runs it; where the graph comes from is the target's own business. */
export interface RunRequest {
  /** Dataform's `--actions/--tags/--include-deps/--include-dependents` */
  readonly selection?: Selection;
  readonly fullRefresh?: boolean;
  /** execute nothing: the local target returns each action's SQL, BigQuery reports the requests it would send */
  readonly dryRun?: boolean;
  /** each action as it reaches its final state, for progress output */
  readonly onAction?: (result: ActionResult, index: number, total: number) => void;
  /** Dataform's `run --run-tests`: the unit tests first, and none of the run if one fails (local target only) */
  readonly runTests?: boolean;
  readonly onTest?: (result: UnitTestResult, index: number, total: number) => void;
}

/** Somewhere a compiled Dataform graph runs; both answer with the same RunResult. */
export interface RunTarget {
  readonly name: TargetName;
  run(request: RunRequest): Promise<RunResult>;
}

export interface TargetSetup {
  /** GigaMart's environment config: the BigQuery target runs its Dataform repository */
  readonly config?: GigaMartConfig;
  /** the local target compiles the project here; on BigQuery, Dataform compiles its release configuration */
  readonly compile: () => Promise<CompiledGraph>;
  readonly warehouseFile: string;
  /** a BigQuery dry run sends nothing, so it needs no credentials */
  readonly dryRun?: boolean;
}

/** The target `--target` names, wired to print what it does. */
export async function openTarget(name: TargetName, setup: TargetSetup): Promise<RunTarget> {
  if (name === "local") {
    // The analyzer gate's service starts while the project compiles, the two slow steps of a start.
    const starting = startZetaSql();
    starting.catch(() => undefined);
    const graph = await setup.compile().catch(async (error: unknown) => {
      await starting.then((service) => service.stop(), () => undefined);
      throw error;
    });
    return {
      name,
      run: async (request) => {
        const analyzer = await starting;
        try {
          return await runLocal({ graph, warehouseFile: setup.warehouseFile, analyzer, ...request });
        } finally {
          await analyzer.stop();
        }
      },
    };
  }
  if (!setup.config) throw new Error("--target bigquery needs GigaMart's environment config (--env)");
  return bigqueryTarget({
    config: setup.config,
    api: setup.dryRun ? new RecordingCloudApi() : await googleCloudApi(),
    onRequest: setup.dryRun ? (request) => process.stdout.write(requestJson(request) + "\n") : undefined,
    onPoll: (state, finished, total) => process.stderr.write(`workflow invocation ${state}: ${finished}/${total} actions finished\n`),
  });
}

export type ReportedRunOptions = Omit<RunRequest, "onAction" | "onTest"> & {
  readonly reportsDir?: string;
  /** where the SQL of a dry run goes (default stdout) and the progress and verdict (default stderr) */
  readonly out?: NodeJS.WritableStream;
  readonly err?: NodeJS.WritableStream;
};

/**
 * Runs on a target with progress lines on stderr, then writes the reports and the verdict; a dry run
 * prints its SQL instead and writes nothing. Throws the first failure, so the command exits non-zero.
 */
export async function runAndReport(target: RunTarget, options: ReportedRunOptions): Promise<RunResult> {
  const { out = process.stdout, err = process.stderr } = options;
  if (options.runTests && target.name !== "local") {
    throw new Error(`--run-tests runs the unit tests on the local target; before a run on ${target.name}, run \`gigamart test\``);
  }
  const onAction = options.dryRun ? undefined : (result: ActionResult, i: number, n: number) => err.write(progressLine(result, i, n));
  const onTest = (result: UnitTestResult, i: number, n: number) => err.write(testLine(result, i, n));
  const run = await target.run({ selection: options.selection, fullRefresh: options.fullRefresh, dryRun: options.dryRun, runTests: options.runTests, onAction, onTest });
  if (run.dryRun) {
    if (run.status !== "successful") throw new Error(failure(run, true));
    out.write(dryRunText(run));
    return run;
  }
  return reported(run, options.reportsDir, err, true);
}

/** The first failure (a failing unit test first): its one line, then the test's messages and row diff. */
function failure(run: RunResult, abortsRun = false): string {
  const failedTest = run.tests?.find((t) => t.status === "failed");
  if (!failedTest) return run.actions.find((a) => a.status === "failed")?.error ?? "run failed";
  // `run --run-tests` stops before any action, as Dataform's "Unit tests did not pass; aborting run."
  const aborted = abortsRun ? ["unit tests did not pass; no action was run"] : [];
  return [unitTestFailure(failedTest), ...[...failedTest.messages, ...failedTest.diff].map((l) => `  ${l}`), ...aborted].join("\n");
}

/** Writes the reports and the verdict; throws the first failure, so the command exits non-zero. */
function reported(run: RunResult, reportsDir: string | undefined, err: NodeJS.WritableStream, abortsRun = false): RunResult {
  err.write(summaryLine(run, writeReports(run, reportsDir ?? DEFAULT_REPORTS_DIR)));
  if (run.status !== "successful") throw new Error(failure(run, abortsRun));
  return run;
}

export interface UnitTestRun {
  readonly graph: CompiledGraph;
  readonly reportsDir?: string;
  readonly err?: NodeJS.WritableStream;
}

/** `gigamart test`, as `dataform test`: every unit test of the graph, progress on stderr, then the reports and the verdict. */
export async function testAndReport(options: UnitTestRun): Promise<RunResult> {
  const { graph, err = process.stderr } = options;
  const startedAt = new Date();
  const tests = await runUnitTests(graph, { onTest: (result, i, n) => err.write(testLine(result, i, n)) });
  // Dataform's own words, and exit code.
  if (tests.length === 0) throw new Error(`No unit tests found: no config { type: "test" } action and no operation tagged unit_test`);
  return reported(
    {
      ...runHeader("local", graph.projectConfig.defaultDatabase ?? "", startedAt, {}),
      durationMs: Date.now() - startedAt.getTime(),
      status: tests.every((t) => t.status === "passed") ? "successful" : "failed",
      actions: [],
      tests,
    },
    options.reportsDir,
    err,
  );
}
