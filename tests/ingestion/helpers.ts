import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import type { RunContext } from "../../ingestion/udf/context";

/** Sets the global run context the UDF reads (a fresh object each time, as the context file does). */
export function setUdfContext(ctx: RunContext): void {
  (globalThis as { GIGAMART_CONTEXT?: RunContext }).GIGAMART_CONTEXT = { ...ctx };
}

export function clearUdfContext(): void {
  delete (globalThis as { GIGAMART_CONTEXT?: RunContext }).GIGAMART_CONTEXT;
}

export const FIXED_CONTEXT: RunContext = { source_file: "test/file", run_id: "run-1", ingestion_ts: "2026-11-27T10:00:00Z" };

const tempDirs: string[] = [];
process.on("exit", () => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** A fresh folder, removed when the test process exits. */
export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `gigamart-ingest-test-${prefix}-`));
  tempDirs.push(dir);
  return dir;
}

export function writeFiles(root: string, files: Record<string, string | Buffer>): void {
  for (const [name, content] of Object.entries(files)) {
    const full = path.join(root, name);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, content);
  }
}

/** Reads query results from a warehouse file the loader has closed. */
export async function queryWarehouse(file: string, project: string, sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  try {
    await connection.run(`ATTACH '${file.replace(/'/g, "''")}' AS "${project}" (READ_ONLY)`);
    return (await connection.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** Whether Rhino, the JVM JavaScript engine standing in for Dataflow's Nashorn, is installed. */
export function hasRhino(): boolean {
  try {
    execFileSync("rhino", ["-e", "1"], { stdio: "ignore", timeout: 60_000 });
    return true;
  } catch {
    return false;
  }
}
