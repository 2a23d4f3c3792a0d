// What the docs read from Google's analyzer: each action's output columns with their GoogleSQL types,
// and the column lineage with each column's origins. The analysis is a function of the compiled graph
// and of the code that analyzes it, so it is kept per both: a docs build after the demo (or any build
// of an unchanged project) never starts the ZetaSQL service.
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { cachedJson } from "../../analyst/json-cache";
import { analyzeWithResolvedStatements, originColumns, projectLineage } from "../../analyst/lineage/project-lineage";
import type { Column } from "../../fidelity/catalog";
import { startZetaSql } from "../../fidelity/zetasql/service";
import type { CompiledGraph } from "../../runner/dataform/compiled-graph";
import type { LineageColumn } from "../site-data";

const CACHE_DIR = path.join(os.tmpdir(), "gigamart-docs-cache");
const ANALYZER_VERSION = (require("@fivetrandevelopers/zetasql/package.json") as { version: string }).version;
const REPO = path.resolve(__dirname, "../..");
/** The code the analysis and lineage come from: a change to any of it is a new analysis. */
const ANALYSIS_CODE = ["analyst/lineage", "analyst/resolved-tree.ts", "fidelity", "fidelity/zetasql", "runner/dataform", "docs-site/build/analysis.ts"];

function analysisCodeHash(): string {
  const hash = createHash("sha256");
  for (const entry of ANALYSIS_CODE) {
    const full = path.join(REPO, entry);
    const files = fs.statSync(full).isDirectory() ? fs.readdirSync(full).filter((f) => f.endsWith(".ts")).sort().map((f) => path.join(full, f)) : [full];
    for (const file of files) hash.update(`${path.relative(REPO, file)}\0`).update(fs.readFileSync(file));
  }
  return hash.digest("hex");
}

export interface GraphAnalysis {
  /** by action name: its output columns */
  columns: Record<string, Column[]>;
  /** by table (project.dataset.table): the lineage of each column it writes */
  lineage: Record<string, LineageColumn[]>;
}

const ref = (c: { column: { table: string; column: string }; derivation: "copy" | "transform" }) => ({ table: c.column.table, column: c.column.column, derivation: c.derivation });

async function analyze(graph: CompiledGraph, log: (line: string) => void): Promise<GraphAnalysis> {
  log("docs: analyzing every statement with the GoogleSQL analyzer (kept for the next build of this graph)…");
  const service = await startZetaSql();
  try {
    const report = await analyzeWithResolvedStatements(graph, service);
    const columns: GraphAnalysis["columns"] = {};
    for (const a of report.actions) if (a.columns) columns[a.name] = a.columns;
    const all = await projectLineage(graph, service);
    const lineage: GraphAnalysis["lineage"] = {};
    for (const l of all) {
      (lineage[l.output.table] ??= []).push({ column: l.output.column, sources: l.sources.map(ref), origins: originColumns(all, l.output).map(ref) });
    }
    return { columns, lineage };
  } finally {
    await service.stop();
  }
}

/** The analysis of a compiled graph, from the cache when this graph was analyzed before. */
export function graphAnalysis(graph: CompiledGraph, log: (line: string) => void): Promise<GraphAnalysis> {
  return cachedJson(CACHE_DIR, ["docs-analysis", ANALYZER_VERSION, analysisCodeHash(), graph], () => analyze(graph, log));
}
