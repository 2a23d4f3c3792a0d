import { Option, type Command } from "commander";
import * as path from "node:path";
import { startZetaSql, type ZetaSqlService } from "../../fidelity/zetasql/service";
import { InformationSchema } from "../../runner/local/information-schema";
import { withAnalyzerTypes } from "../../runner/local/analyzer-types";
import { checkQuery } from "../../runner/local/query-check";
import { warehouseTables } from "../../runner/local/query-catalog";
import { QUERY_FORMATS, streamSink, writeResult, type QueryFormat, type Sink } from "../../runner/local/query-output";
import { Warehouse } from "../../runner/local/warehouse";
import { initTranslator, translateScript } from "../../runner/translate";
import type { PartitionFilterLookup } from "../../runner/translate/partitionFilter";
import { polyglotStarted, stopPolyglot } from "../../runner/translate/polyglot";
import { projectContextOnThread } from "../project-context-thread";
import { projectDirOptions, type ProjectDirFlags } from "../project-options";

const QUERY_MEMORY_LIMIT = "128MB";
/**
 * How much DuckDB computes ahead of the rows being written. Its default (about 1 MB) cost some 12 MB of
 * the peak on a 1 M-row CSV (its measure seems not to count the chunks' strings); the writing is the
 * slower side, so computing less ahead costs no time (10 KB to 300 KB measured alike).
 */
const QUERY_STREAM_BUFFER = "100KB";

interface QueryFlags extends ProjectDirFlags {
  warehouse?: string;
  format: QueryFormat;
  maxRows: number;
}

/**
 * Runs one BigQuery query on the local warehouse and streams its rows to `sink`: nothing runs before the
 * GoogleSQL analyzer accepts it, then its translation runs on a DuckDB connection that cannot touch files,
 * extensions or its own settings. `dataset.table` resolves in the project's default project, as in BigQuery.
 */
export async function queryWarehouse(
  sql: string,
  options: { file: string; project: string; region: string; format: QueryFormat; maxRows: number; sink: Sink; service?: ZetaSqlService },
): Promise<void> {
  // The largest allocations before the rows stream take turns (README, "Memory of `gigamart query`"):
  // the translator's thread (polyglot's wasm, ~90 MB at its peak) translates the query and ends, unless
  // the caller had started it; then DuckDB opens and the analyzer's client loads, its server process
  // booted meanwhile. A caller that runs many queries passes its own service and starts the translator.
  const ownTranslator = !polyglotStarted();
  let translated = (): void => undefined;
  const connectAfter = new Promise<void>((resolve) => (translated = resolve));
  const starting = options.service ? Promise.resolve(options.service) : startZetaSql({ connectAfter });
  starting.catch(() => undefined);
  const translate = async (text: string, partitionFilterColumn: PartitionFilterLookup): Promise<string> => {
    await initTranslator();
    try {
      return translateScript(text, { defaultProject: options.project, partitionFilterColumn })[0]!.duckdb;
    } finally {
      if (ownTranslator) await stopPolyglot();
    }
  };
  try {
    // Translated before the analyzer has seen it and before the tables' partition-filter requirements
    // are read (the tables it names are noted); a failure waits, so that the analyzer's refusal comes first.
    const named: Parameters<PartitionFilterLookup>[] = [];
    const early = await translate(sql, (...table) => void named.push(table)).then(
      (duckdb) => ({ duckdb }),
      (error: unknown) => ({ error }),
    );
    translated();
    const warehouse = await Warehouse.open(options.file, { readOnly: true });
    try {
      if (!(await warehouse.attach(options.project))) throw new Error(`${options.file}: no warehouse here yet (run \`gigamart run\` or \`npm run demo\` first)`);
      const tables = await warehouseTables(warehouse.connection, options.project);
      const informationSchema = new InformationSchema(tables, options.project, options.region);
      const service = await starting;
      let checked;
      try {
        checked = await checkQuery(sql, service, tables, informationSchema);
      } finally {
        if (!options.service) await service.stop();
      }
      for (const { scope, view } of checked.views) await informationSchema.create(warehouse.connection, scope, view);
      // Translated again only when the first translation cannot stand: INFORMATION_SCHEMA paths now
      // point at local views, or a table it names requires a partition filter.
      const final = checked.sql === sql && !named.some((table) => warehouse.partitionFilterColumn(...table));
      const duckdbSql = final ? unwrap(early) : await translate(checked.sql, warehouse.partitionFilterColumn);
      // DuckDB keeps every block it reads cached up to its memory limit (80% of RAM by default); a query
      // streams, so a small cache only costs re-reads, and sorts or joins beyond it spill to a temp folder.
      await warehouse.connection.run(`SET memory_limit = '${QUERY_MEMORY_LIMIT}'`);
      await warehouse.connection.run(`SET streaming_buffer_size = '${QUERY_STREAM_BUFFER}'`);
      await warehouse.lockDown();
      const typed = await withAnalyzerTypes(warehouse.connection, duckdbSql, checked.columns);
      await writeResult(warehouse.connection, typed, options.format, options.sink, { maxRows: options.maxRows });
    } finally {
      warehouse.close();
    }
  } finally {
    translated();
    if (!options.service) await starting.then((service) => service.stop(), () => undefined);
  }
}

const unwrap = (result: { duckdb: string } | { error: unknown }): string => {
  if ("error" in result) throw result.error;
  return result.duckdb;
};

const positiveInteger = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--max-rows: expected a whole number of at least 1, got "${value}"`);
  return n;
};

export function register(program: Command): void {
  projectDirOptions(
    program
      .command("query")
      .description("run one BigQuery query (checked by the GoogleSQL analyzer) against the local warehouse, read-only")
      .argument("<sql>", "one BigQuery query; tables as project.dataset.table or dataset.table; INFORMATION_SCHEMA.TABLES/COLUMNS/PARTITIONS"),
  )
    .option("--warehouse <file>", "local DuckDB warehouse file (default: config warehouse.local_file; another project: <project-dir>/.gigamart/warehouse.duckdb)")
    .addOption(new Option("--format <format>", "output format: table (first --max-rows rows), json (an array) or csv, streamed").choices(QUERY_FORMATS).default("table"))
    .option("--max-rows <n>", "rows the table format shows; the rest are counted", positiveInteger, 100)
    .action(async (sql: string, flags: QueryFlags) => {
      const context = await projectContextOnThread(flags);
      await queryWarehouse(sql, {
        file: path.resolve(flags.warehouse ?? context.warehouseFile),
        project: context.project,
        region: context.location,
        format: flags.format,
        maxRows: flags.maxRows,
        sink: streamSink(process.stdout),
      });
    });
}
