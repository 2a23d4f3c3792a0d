import * as fs from "node:fs";
import * as path from "node:path";
import type { Command } from "commander";
import { compileHead } from "../../analyst/plan/revisions";
import { serveSite } from "../../docs-site/build/serve";
import { buildSite } from "../../docs-site/build/site";
import { projectOptions, type ProjectFlags } from "../project-options";

interface DocsFlags extends ProjectFlags {
  out?: string;
  warehouse?: string;
  serve?: boolean;
  port: string;
}

export function register(program: Command): void {
  projectOptions(
    program
      .command("docs")
      .description("a static documentation site of the warehouse: catalog, lineage, runs, monitoring and mart charts (no server, no network needed)"),
  )
    .option("--out <dir>", "where the site is written (default: docs/ beside the reports folder, .gigamart/docs)")
    .option("--warehouse <file>", "local DuckDB warehouse whose run history, monitoring and marts are shown (default: config warehouse.local_file)")
    .option("--serve", "then serve the site on localhost until interrupted")
    .option("--port <n>", "port of --serve", "8765")
    .action(async (flags: DocsFlags) => {
      const { graph, context } = await compileHead(flags);
      const outDir = path.resolve(flags.out ?? path.join(path.dirname(context.reportsDir), "docs"));
      const warehouseFile = path.resolve(flags.warehouse ?? context.warehouseFile);
      const hasWarehouse = fs.existsSync(warehouseFile);
      if (flags.warehouse && !hasWarehouse) throw new Error(`${warehouseFile}: no warehouse here (run \`gigamart run\` or \`npm run demo\` first)`);
      if (!hasWarehouse) process.stderr.write(`docs: ${warehouseFile}: no warehouse yet; the run, monitoring and mart pages will be empty\n`);
      const built = await buildSite({
        graph,
        projectDir: context.dir,
        project: context.project,
        config: context.config,
        warehouseFile: hasWarehouse ? warehouseFile : undefined,
        outDir,
        log: (line) => process.stderr.write(`${line}\n`),
      });
      const s = built.seconds;
      process.stderr.write(`docs: built in ${s.total.toFixed(1)} s (analysis ${s.analysis.toFixed(1)} s, warehouse ${s.warehouse.toFixed(1)} s, bundle ${s.bundle.toFixed(1)} s)\n`);
      process.stdout.write(`${path.join(outDir, "index.html")}\n`);
      if (!flags.serve) return;
      const port = Number(flags.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port ${flags.port}: not a port number`);
      const server = await serveSite(outDir, port);
      const address = server.address();
      process.stderr.write(`docs: serving ${outDir} on http://127.0.0.1:${typeof address === "object" && address ? address.port : port}/ (Ctrl-C stops)\n`);
    });
}
