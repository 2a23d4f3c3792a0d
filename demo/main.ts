import * as fs from "node:fs";
import * as path from "node:path";
import { dataformVars } from "../config/dataform-vars";
import { loadConfig } from "../config/load";
import { compileProject } from "../runner/dataform/compile";
import { runLocal } from "../runner/local/execute";
import { countByStatus } from "../runner/local/run-result";
import { Warehouse } from "../runner/local/warehouse";
import { writeReports } from "../runner/report/write";

const REPO = path.resolve(__dirname, "..");

/**
 * `npm run demo`: the whole project on the embedded default (DuckDB), from an empty warehouse, with a
 * summary a person reads in ten seconds. Exits non-zero when an action or assertion fails.
 */
async function main() {
  const config = loadConfig("dev");
  const warehouseFile = path.resolve(REPO, config.warehouse.local_file);
  fs.rmSync(warehouseFile, { force: true });
  fs.rmSync(`${warehouseFile}.wal`, { force: true });

  process.stderr.write(`compiling ${REPO} with @dataform/core…\n`);
  const graph = await compileProject({ projectDir: REPO, defaultDatabase: config.gcp.project, vars: dataformVars(config) });
  const run = await runLocal({
    graph,
    warehouseFile,
    onAction: (a, i, n) => process.stderr.write(`[${i + 1}/${n}] ${a.status.padEnd(10)} ${a.kind.padEnd(11)} ${a.name}${a.error ? `\n      ${a.error}` : ""}\n`),
  });
  const reports = writeReports(run, path.resolve(REPO, ".gigamart/reports"));

  const warehouse = await Warehouse.open(warehouseFile, { readOnly: true });
  await warehouse.attach(config.gcp.project);
  const tables = (
    await warehouse.connection.runAndReadAll(
      `SELECT table_schema, table_name, estimated_size FROM duckdb_tables() WHERE database_name = '${config.gcp.project}' AND schema_name NOT LIKE '\\_%' ESCAPE '\\' ORDER BY 1, 2`,
    )
  ).getRowObjectsJson();
  warehouse.close();

  const counts = countByStatus(run);
  const assertions = run.actions.filter((a) => a.kind === "assertion");
  const lines = [
    "",
    `GigaMart demo — ${run.status === "successful" ? "PASSED" : "FAILED"} in ${(run.durationMs / 1000).toFixed(1)}s (warehouse ${path.relative(REPO, warehouseFile)})`,
    `  actions: ${counts.successful} successful, ${counts.failed} failed, ${counts.skipped} skipped, ${counts.disabled} disabled`,
    `  assertions: ${assertions.filter((a) => a.status === "successful").length} passed, ${assertions.filter((a) => a.status === "failed").length} failed`,
    "  tables:",
    ...tables.map((t) => `    ${t.table_schema}.${t.table_name}: ${t.estimated_size} rows`),
    `  reports: ${path.relative(REPO, reports.markdown)}, ${path.relative(REPO, reports.junit)}`,
    `  try: npx gigamart query "select fiscal_year, count(*) as days from giga_curated.date_dim group by 1 order by 1 limit 3"`,
    "",
  ];
  process.stdout.write(lines.join("\n"));
  if (run.status !== "successful") process.exitCode = 1;
}

main().catch((e) => {
  process.stderr.write(`demo: ${e instanceof Error ? e.message : e}\n`);
  process.exit(1);
});
