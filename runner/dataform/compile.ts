import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseDocument } from "yaml";
import type { CompilationError, CompiledGraph } from "./compiled-graph";

/** The compilation overrides a Dataform release configuration can set, plus vars. */
export interface CompileOptions {
  projectDir: string;
  vars?: Record<string, string>;
  defaultDatabase?: string;
  schemaSuffix?: string;
  tablePrefix?: string;
}

export class CompileError extends Error {
  override name = "CompileError";
  constructor(
    message: string,
    readonly errors: CompilationError[],
  ) {
    super(message);
  }
}

const REPO_ROOT = path.resolve(__dirname, "../..");
const CLI_BUNDLE = require.resolve("@dataform/cli/bundle.js", { paths: [REPO_ROOT] });
const OWN_CORE_DIR = path.dirname(require.resolve("@dataform/core/package.json", { paths: [REPO_ROOT] }));

/** Dataform's CLI takes vars as `--vars=k1=v1,k2=v2`; so do we. */
export function parseVars(spec: string | undefined): Record<string, string> {
  if (!spec) return {};
  const vars: Record<string, string> = {};
  for (const pair of spec.split(",")) {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw new CompileError(`--vars: '${pair}' is not key=value`, []);
    vars[pair.slice(0, eq).trim()] = pair.slice(eq + 1);
  }
  return vars;
}

function formatVars(vars: Record<string, string>): string {
  for (const [k, v] of Object.entries(vars)) {
    if (/[,=]/.test(k) || v.includes(",")) throw new CompileError(`--vars: '${k}=${v}' cannot hold ',' (Dataform's own format)`, []);
  }
  return Object.entries(vars).map(([k, v]) => `${k}=${v}`).join(",");
}

/**
 * What `dataform compile` reads of a project: its settings and the files under definitions/ and
 * includes/ (its sandbox has no file system of its own, so nothing else can be required).
 */
export const DATAFORM_PROJECT_ENTRIES = ["definitions", "includes", "workflow_settings.yaml", "dataform.json", "package.json"];

/**
 * Dataform's CLI compiles only a folder with its own node_modules/@dataform/core (or installs one from
 * the network when workflow_settings.yaml pins dataformCoreVersion). A folder without one is copied
 * beside our own core, so any Dataform v3 project compiles offline with the compiler the repo pins.
 */
function withCore(projectDir: string): { dir: string; cleanup: () => void } {
  if (fs.existsSync(path.join(projectDir, "node_modules", "@dataform", "core", "bundle.js"))) {
    return { dir: projectDir, cleanup: () => undefined };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gigamart-compile-"));
  for (const entry of DATAFORM_PROJECT_ENTRIES) {
    if (fs.existsSync(path.join(projectDir, entry))) fs.cpSync(path.join(projectDir, entry), path.join(dir, entry), { recursive: true });
  }
  const settingsFile = path.join(dir, "workflow_settings.yaml");
  if (fs.existsSync(settingsFile)) {
    const doc = parseDocument(fs.readFileSync(settingsFile, "utf8"));
    if (doc.has("dataformCoreVersion")) {
      doc.delete("dataformCoreVersion");
      fs.writeFileSync(settingsFile, doc.toString());
    }
  }
  const coreVersion = JSON.parse(fs.readFileSync(path.join(OWN_CORE_DIR, "package.json"), "utf8")).version as string;
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ dependencies: { "@dataform/core": coreVersion } }));
  fs.cpSync(OWN_CORE_DIR, path.join(dir, "node_modules", "@dataform", "core"), { recursive: true });
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** One line for the person: the file (with line when Dataform knows it) and the message. */
export function describeCompilationError(error: CompilationError): string {
  const where = error.stack?.match(/^(\/[^\n:]+):(\d+)\n/);
  const line = where ? `:${where[2]}` : "";
  const syntax = error.stack?.match(/\n(SyntaxError: [^\n]+)/);
  const message = syntax ? syntax[1]! : error.message.split("\n")[0]!;
  return `${error.fileName ?? "(project)"}${line}: ${message}`;
}

const MISSING_INPUT = /^Input for dataset "(.+)" has not been provided\. Provided inputs: (.*)$/;
const TESTED_DATASET = /\bdataset\s*:\s*["'`]([^"'`]+)["'`]|\.dataset\(\s*["'`]([^"'`]+)["'`]/;
const INPUT_NAMES = /(?:^|\n)\s*input\s+"([^"]+)"|\.input\(\s*["'`]([^"'`]+)["'`]/g;

/**
 * Dataform's core reports a `type: "test"` action's missing input under index.js, not the test's file
 * (core/actions/test.ts compiles it outside the file's context). The test is the one whose file gives
 * exactly the inputs the message lists and whose dataset reads the missing one; found, the error names it.
 */
function locateMissingInput(error: CompilationError, graph: CompiledGraph, projectDir: string): CompilationError {
  const match = MISSING_INPUT.exec(error.message);
  if (!match) return error;
  const nameOf = (target: string) => (JSON.parse(target) as { name: string }).name;
  const missing = nameOf(match[1]!);
  const provided = (JSON.parse(`[${match[2]}]`) as string[]).map(nameOf).sort();
  const lastPart = (name: string) => name.split(".").at(-1)!;
  const readsMissing = (dataset: string) =>
    (graph.tables ?? []).some((t) => t.target.name === lastPart(dataset) && (t.dependencyTargets ?? []).some((d) => d.name === missing));
  const isTheTest = (file: string) => {
    if (!fs.existsSync(path.join(projectDir, file))) return false;
    const source = fs.readFileSync(path.join(projectDir, file), "utf8");
    const inputs = [...source.matchAll(INPUT_NAMES)].map((m) => lastPart((m[1] ?? m[2])!)).sort();
    const dataset = TESTED_DATASET.exec(source);
    return JSON.stringify(inputs) === JSON.stringify(provided) && !!dataset && readsMissing((dataset[1] ?? dataset[2])!);
  };
  const tests = (graph.tests ?? []).filter((t) => isTheTest(t.fileName));
  if (tests.length !== 1) return error;
  const given = provided.length > 0 ? provided.map((p) => `"${p}"`).join(", ") : "none";
  return { fileName: tests[0]!.fileName, message: `test ${tests[0]!.name}: no input "${missing}", which the tested dataset reads (inputs given: ${given})` };
}

/** Compiles with the real `dataform compile --json`, exactly as Google's service would. */
export async function compileProject(options: CompileOptions): Promise<CompiledGraph> {
  const projectDir = path.resolve(options.projectDir);
  if (!fs.existsSync(path.join(projectDir, "workflow_settings.yaml")) && !fs.existsSync(path.join(projectDir, "dataform.json"))) {
    throw new CompileError(`${projectDir}: not a Dataform project (no workflow_settings.yaml)`, []);
  }
  const args = [CLI_BUNDLE, "compile", ".", "--json"];
  const vars = options.vars ?? {};
  if (Object.keys(vars).length > 0) args.push(`--vars=${formatVars(vars)}`);
  if (options.defaultDatabase) args.push(`--default-database=${options.defaultDatabase}`);
  if (options.schemaSuffix) args.push(`--schema-suffix=${options.schemaSuffix}`);
  if (options.tablePrefix) args.push(`--table-prefix=${options.tablePrefix}`);

  const { dir, cleanup } = withCore(projectDir);
  try {
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, args, { cwd: dir, maxBuffer: 512 * 1024 * 1024 }, (error, out, err) => {
        // Dataform exits 1 on graph errors but still prints the graph; only a missing graph is fatal.
        if (out.trim().startsWith("{")) resolve(out);
        else reject(new CompileError(`dataform compile failed: ${(err || String(error)).trim().split("\n")[0]}`, []));
      });
    });
    const graph = JSON.parse(stdout) as CompiledGraph;
    const errors = (graph.graphErrors?.compilationErrors ?? []).map((e) => locateMissingInput(e, graph, projectDir));
    if (errors.length > 0) {
      // An action's own file says more than the index.js that Dataform reports a failed ref under.
      const ordered = [...errors].sort((a, b) => Number(a.fileName === "index.js") - Number(b.fileName === "index.js"));
      const more = errors.length > 1 ? ` (and ${errors.length - 1} more compilation error${errors.length > 2 ? "s" : ""})` : "";
      throw new CompileError(describeCompilationError(ordered[0]!) + more, errors);
    }
    return graph;
  } finally {
    cleanup();
  }
}
