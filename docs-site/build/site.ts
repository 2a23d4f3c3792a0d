// Builds the static site: the data of each page from the compiled graph, its analysis and the
// warehouse, written as `data/<page>.js` (a script sets a global, which file:// allows where fetch()
// does not), the bundled app, and one HTML file per page.
import * as fs from "node:fs";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import type { GigaMartConfig } from "../../config/load";
import { actionDependencies, graphActions } from "../../runner/dataform/actions";
import type { CompiledGraph } from "../../runner/dataform/compiled-graph";
import { DATA_GLOBAL, PAGES, type PageName, type Pages, type Site } from "../site-data";
import { graphAnalysis } from "./analysis";
import { bundleApp } from "./bundle";
import { catalogTables } from "./catalog";
import { readWarehouse, type WarehouseData } from "./warehouse-data";

export interface SiteOptions {
  graph: CompiledGraph;
  projectDir: string;
  project: string;
  config?: GigaMartConfig;
  /** the local warehouse; undefined: the run, monitoring and mart pages say there is none */
  warehouseFile?: string;
  outDir: string;
  log?: (line: string) => void;
}

export interface BuiltSite {
  outDir: string;
  files: string[];
  /** seconds per step (the bundle runs beside the analysis and the reads); compiling is the caller's */
  seconds: Record<"analysis" | "warehouse" | "bundle" | "write" | "total", number>;
}

const EMPTY_WAREHOUSE: WarehouseData = { runs: [], actions: [], assertions: [], checks: [], volume: [], loads: [], marts: { storeSales: [], categoryMix: [], stockOuts: [] } };

const html = (title: string, page: PageName) => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · GigaMart docs</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="assets/style.css">
</head>
<body>
<noscript>This page is drawn by its script; enable JavaScript.</noscript>
<script src="data/${page}.js"></script>
<script src="assets/${page}.js"></script>
</body>
</html>
`;

/** Marks a folder as a site this builds: only such a folder (or an empty one) is written over. */
export const SITE_MARKER = ".gigamart-docs";

function prepareOutDir(dir: string): void {
  if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0 && !fs.existsSync(path.join(dir, SITE_MARKER))) {
    throw new Error(`${dir}: not empty and not a docs site (no ${SITE_MARKER}); give an empty or new --out folder`);
  }
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, SITE_MARKER), "written by gigamart docs; the next build replaces this folder's pages, assets/ and data/\n");
}

export async function buildSite(options: SiteOptions): Promise<BuiltSite> {
  prepareOutDir(options.outDir);
  const log = options.log ?? (() => {});
  const seconds = (from: number) => Number(((performance.now() - from) / 1000).toFixed(3));
  const started = performance.now();
  const assets = path.join(options.outDir, "assets");
  // The bundle does not depend on the data: built while the analyzer works.
  fs.rmSync(assets, { recursive: true, force: true });
  const bundled = bundleApp(PAGES.map((p) => p.page), assets).then(() => seconds(started));
  const analysis = await graphAnalysis(options.graph, log);
  const analysisSeconds = seconds(started);
  const readStarted = performance.now();
  const datasets = { raw: options.config?.datasets.raw ?? "giga_raw", mart: options.config?.datasets.mart ?? "giga_mart", monitoring: options.config?.datasets.monitoring ?? "giga_monitoring" };
  const warehouse = options.warehouseFile ? await readWarehouse(options.warehouseFile, options.project, datasets) : EMPTY_WAREHOUSE;
  const warehouseSeconds = seconds(readStarted);
  const bundleSeconds = await bundled;
  const writeStarted = performance.now();

  const site: Site = { project: options.project, builtAt: Date.now(), ...(options.warehouseFile && { warehouse: path.resolve(options.warehouseFile) }) };
  const tables = catalogTables(options.graph, analysis, options.projectDir, options.config);
  const actions = graphActions(options.graph);
  const pages: Pages = {
    catalog: { site, tables },
    lineage: {
      site,
      actions: tables.map((t) => ({ name: t.name, kind: t.kind, dataset: t.dataset })),
      edges: actions.flatMap((a) => actionDependencies(a).map((from) => ({ from, to: a.name }))),
      columns: analysis.lineage,
    },
    runs: { site, runs: warehouse.runs, actions: warehouse.actions, assertions: warehouse.assertions, checks: warehouse.checks },
    monitoring: {
      site,
      volume: warehouse.volume,
      loads: warehouse.loads,
      freshnessLimits: options.config?.monitoring.freshness_minutes ?? {},
      freshness: warehouse.checks.filter((c) => c.check_name.startsWith("freshness")),
    },
    marts: { site, ...warehouse.marts },
  };
  const dataDir = path.join(options.outDir, "data");
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(dataDir, { recursive: true });
  const files: string[] = [];
  for (const { page, file, title } of PAGES) {
    fs.writeFileSync(path.join(dataDir, `${page}.js`), `window.${DATA_GLOBAL} = ${JSON.stringify(pages[page])};\n`);
    fs.writeFileSync(path.join(options.outDir, file), html(title, page));
    files.push(path.join(options.outDir, file));
  }
  return {
    outDir: options.outDir,
    files,
    seconds: { analysis: analysisSeconds, warehouse: warehouseSeconds, bundle: bundleSeconds, write: seconds(writeStarted), total: seconds(started) },
  };
}
