// The BigQuery target's side of the run history: once its workflow invocation has ended, one query
// job runs the same script the local target runs (statements.ts) in the environment's monitoring
// dataset, the one Dataform writes dq_check_results to (schema suffix included).
import type { CloudRequest } from "../../cloud/api";
import type { Names } from "../../cloud/desired/names";
import type { RunResult } from "../targets/run-result";
import { historyScript } from "./statements";

/** BigQuery jobs.insert (REST) of the run's history script. The job id is the run's, so a retried insert is a no-op. */
export function historyJobRequest(n: Names, run: RunResult): CloudRequest {
  return {
    api: "bigquery",
    method: "jobs.insert",
    request: {
      projectId: n.project,
      body: {
        jobReference: { projectId: n.project, jobId: `gigamart-run-history-${run.runId}`, location: n.region },
        configuration: { query: { query: historyScript({ project: n.project, dataset: n.datasets.monitoring }, run), useLegacySql: false } },
      },
    },
  };
}
