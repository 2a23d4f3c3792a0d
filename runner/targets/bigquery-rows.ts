// Rows affected on BigQuery. Dataform's WorkflowInvocationAction carries only the script's BigQuery job;
// the counts are on that job's children, one per statement of the script (jobs.list with parentJobId),
// and a rebuilt table's rows on the table itself (tables.get numRows): BigQuery counts no CTAS rows.
import type { CloudApi, CloudRequest } from "../../cloud/api";
import type { ActionResult } from "./run-result";

interface TableReference {
  projectId?: string;
  datasetId?: string;
  tableId?: string;
}

/** A child job as jobs.list (projection "full") lists it: the fields read here. */
interface ChildJob {
  configuration?: { query?: { destinationTable?: TableReference } };
  statistics?: { query?: { statementType?: string; numDmlAffectedRows?: string; ddlTargetTable?: TableReference } };
}

const DML = new Set(["INSERT", "UPDATE", "DELETE", "MERGE"]);
const CREATES = new Set(["CREATE_TABLE_AS_SELECT", "CREATE_TABLE"]);

const referenceOf = (name: string): Required<TableReference> => {
  const [projectId, datasetId, tableId] = name.split(".") as [string, string, string];
  return { projectId, datasetId, tableId };
};
const same = (a: TableReference | undefined, name: string) => `${a?.projectId}.${a?.datasetId}.${a?.tableId}` === name;

/** jobs.list of a script job's children. The Dataform account ran them: listing another account's jobs takes `allUsers`. */
export function childJobsRequest(project: string, parentJobId: string, pageToken?: string): CloudRequest {
  return { api: "bigquery", method: "jobs.list", request: { projectId: project, parentJobId, allUsers: true, projection: "full", ...(pageToken ? { pageToken } : {}) } };
}

export function tableRowsRequest(name: string): CloudRequest {
  // BASIC, the default, leaves out the storage statistics numRows is one of
  return { api: "bigquery", method: "tables.get", request: { ...referenceOf(name), view: "STORAGE_STATS" } };
}

async function childJobs(api: CloudApi, project: string, jobId: string): Promise<ChildJob[]> {
  const jobs: ChildJob[] = [];
  let pageToken: string | undefined;
  do {
    const page = ((await api.get(childJobsRequest(project, jobId, pageToken))) ?? {}) as { jobs?: ChildJob[]; nextPageToken?: string };
    jobs.push(...(page.jobs ?? []));
    pageToken = page.nextPageToken;
  } while (pageToken);
  return jobs;
}

const tableRows = async (api: CloudApi, name: string): Promise<number> => Number(((await api.get(tableRowsRequest(name))) as { numRows?: string } | undefined)?.numRows ?? 0);

/**
 * The rows an action affected, counted as the local target counts them (README, "Rows affected"): a
 * rebuilt table its rows; an incremental run the rows its DML changed in its target; an operation its
 * DML rows; an assertion its failing rows; a view 0. Null for what did not succeed or fail an assertion.
 */
export async function bigQueryRowsAffected(api: CloudApi, project: string, result: ActionResult): Promise<number | null> {
  if (result.kind === "assertion") {
    if (result.status === "successful") return 0;
    const failing = /returned (\d+) row/.exec(result.error ?? "");
    return failing ? Number(failing[1]) : null;
  }
  if (result.status !== "successful") return null;
  if (result.kind === "view" || result.kind === "declaration") return 0;
  if (result.kind === "table") return tableRows(api, result.name);
  if (!result.jobId) return null;
  const children = await childJobs(api, project, result.jobId);
  // A first run or full refresh of an incremental table creates it: its rows are the table's.
  if (result.kind === "incremental" && children.some((j) => CREATES.has(j.statistics?.query?.statementType ?? "") && same(j.statistics?.query?.ddlTargetTable, result.name))) {
    return tableRows(api, result.name);
  }
  return children
    .filter((j) => DML.has(j.statistics?.query?.statementType ?? ""))
    .filter((j) => result.kind === "operation" || same(j.configuration?.query?.destinationTable, result.name))
    .reduce((sum, j) => sum + Number(j.statistics?.query?.numDmlAffectedRows ?? 0), 0);
}
