import * as fs from "node:fs";
import * as path from "node:path";
import type { RunResult } from "../targets/run-result";
import { junitXml } from "./junit";
import { markdownSummary } from "./markdown";

export const DEFAULT_REPORTS_DIR = ".gigamart/reports";

export interface WrittenReports {
  dir: string;
  junit: string;
  markdown: string;
  json: string;
}

/**
 * Writes `<dir>/<runId>/{junit.xml,summary.md,run.json}` and the same three files to `<dir>/latest/`,
 * the place CI and people look without knowing the run id. run.json keeps every statement executed.
 */
export function writeReports(run: RunResult, dir = DEFAULT_REPORTS_DIR): WrittenReports {
  const files = { "junit.xml": junitXml(run), "summary.md": markdownSummary(run), "run.json": JSON.stringify(run, null, 2) + "\n" };
  for (const folder of [path.join(dir, run.runId), path.join(dir, "latest")]) {
    fs.mkdirSync(folder, { recursive: true });
    for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(folder, name), content);
  }
  const latest = path.join(dir, "latest");
  return { dir: latest, junit: path.join(latest, "junit.xml"), markdown: path.join(latest, "summary.md"), json: path.join(latest, "run.json") };
}
