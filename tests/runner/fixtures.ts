import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { compileProject, type CompileOptions } from "../../runner/dataform/compile";
import type { CompiledGraph } from "../../runner/dataform/compiled-graph";

export const FIXTURES = path.resolve(__dirname, "../fixtures");

const compiled = new Map<string, Promise<CompiledGraph>>();

/** Compiles a fixture project once per option set; compilation is the slow part (a Dataform worker). */
export function compileFixture(name: string, options: Omit<CompileOptions, "projectDir"> = {}): Promise<CompiledGraph> {
  const key = JSON.stringify([name, options]);
  if (!compiled.has(key)) compiled.set(key, compileProject({ projectDir: path.join(FIXTURES, name), ...options }));
  return compiled.get(key)!;
}

export function tempDir(prefix = "gigamart-test-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}
