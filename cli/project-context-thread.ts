// `gigamart query` reads its project's settings on a thread of their own, validated exactly as every
// command validates them: the validation's modules (zod, YAML, cron parsing: about 12 MB of the process)
// then leave with the thread instead of staying beside the rows the query streams (README "Memory of
// `gigamart query`").
import { Worker } from "node:worker_threads";
import type { ProjectDirFlags } from "./project-options";

/** What `query` needs of a ProjectContext (cli/project.ts). */
export interface QueryContext {
  project: string;
  location: string;
  warehouseFile: string;
}

const SOURCE = `
const { workerData, parentPort } = require("node:worker_threads");
require("tsx/cjs/api").register();
try {
  const { project, location, warehouseFile } = require(workerData.module).projectContext(workerData.flags);
  parentPort.postMessage({ context: { project, location, warehouseFile } });
} catch (err) {
  parentPort.postMessage({ error: err instanceof Error ? err.message : String(err) });
}`;

export function projectContextOnThread(flags: ProjectDirFlags): Promise<QueryContext> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(SOURCE, { eval: true, workerData: { module: require.resolve("./project"), flags: { projectDir: flags.projectDir, env: flags.env } } });
    worker.once("message", (m: { context: QueryContext } | { error: string }) => ("error" in m ? reject(new Error(m.error)) : resolve(m.context)));
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`reading the project's settings: the thread ended (exit code ${code}) without an answer`)));
  });
}
