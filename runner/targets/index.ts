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
import { dryRunText, progressLine, summaryLine } from "./progress";
import type { ActionResult, RunResult, TargetName } from "./run-result";

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

export type ReportedRunOptions = Omit<RunRequest, "onAction"> & {
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
  const onAction = options.dryRun ? undefined : (result: ActionResult, i: number, n: number) => err.write(progressLine(result, i, n));
  const run = await target.run({ selection: options.selection, fullRefresh: options.fullRefresh, dryRun: options.dryRun, onAction });
  if (run.dryRun) {
    out.write(dryRunText(run));
    return run;
  }
  err.write(summaryLine(run, writeReports(run, options.reportsDir ?? DEFAULT_REPORTS_DIR)));
  if (run.status !== "successful") throw new Error(run.actions.find((a) => a.status === "failed")?.error ?? "run failed");
  return run;
}
