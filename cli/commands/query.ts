import { stringify } from "csv-stringify/sync";
import Table from "cli-table3";
import { Option, type Command } from "commander";
import { loadConfig } from "../../config/load";
import { ENVIRONMENTS } from "../../config/schema";
import { Warehouse } from "../../runner/local/warehouse";
import { initTranslator, translateScript } from "../../runner/translate";
import { warehouseFile } from "../project";

interface QueryFlags {
  env: string;
  warehouse?: string;
  format: "table" | "json" | "csv";
}

/** Runs BigQuery SQL on the local warehouse; `dataset.table` resolves in the env's project, as in BigQuery. */
export async function queryWarehouse(sql: string, file: string, project: string) {
  await initTranslator();
  const warehouse = await Warehouse.open(file, { readOnly: true });
  try {
    if (!(await warehouse.attach(project))) throw new Error(`${file}: no warehouse here yet (run \`gigamart run\` or \`npm run demo\` first)`);
    const statements = translateScript(sql, { defaultProject: project, partitionFilterColumn: warehouse.partitionFilterColumn });
    if (statements.length === 0) throw new Error("query: no statement given");
    let reader;
    for (const s of statements) reader = await warehouse.connection.runAndReadAll(s.duckdb);
    return { columns: reader!.columnNames(), rows: reader!.getRowObjectsJson() };
  } finally {
    warehouse.close();
  }
}

export function register(program: Command): void {
  program
    .command("query")
    .description("run a BigQuery SQL query against the local warehouse")
    .argument("<sql>", "BigQuery SQL; tables as project.dataset.table or dataset.table")
    .addOption(new Option("--env <env>", "environment (its project names the warehouse catalog)").choices(ENVIRONMENTS).default("dev"))
    .option("--warehouse <file>", "local DuckDB warehouse file (default: config warehouse.local_file)")
    .addOption(new Option("--format <format>", "output format").choices(["table", "json", "csv"]).default("table"))
    .action(async (sql: string, flags: QueryFlags) => {
      const config = loadConfig(flags.env);
      const { columns, rows } = await queryWarehouse(sql, warehouseFile(flags.warehouse, config), config.gcp.project);
      if (flags.format === "json") {
        process.stdout.write(JSON.stringify(rows, null, 2) + "\n");
      } else if (flags.format === "csv") {
        process.stdout.write(stringify(rows.map((r) => columns.map((c) => (typeof r[c] === "object" && r[c] !== null ? JSON.stringify(r[c]) : r[c]))), { header: true, columns }));
      } else {
        const table = new Table({ head: columns });
        for (const r of rows) table.push(columns.map((c) => (r[c] === null ? "NULL" : typeof r[c] === "object" ? JSON.stringify(r[c]) : String(r[c]))));
        process.stdout.write(`${table.toString()}\n(${rows.length} row${rows.length === 1 ? "" : "s"})\n`);
      }
    });
}
