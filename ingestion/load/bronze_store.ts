// Bronze in the local warehouse: tables created from the contracts, bulk loads of NDJSON chunks
// written by the UDF, and the ingest manifest — all through the runner's Warehouse (one DuckDB file
// ATTACHed as the project's catalog, dataset = schema).
import { Warehouse, sqlString } from "../../runner/local/warehouse";
import type { DuckDBConnection } from "@duckdb/node-api";
import { bronzeTables, duckDbDdl, duckDbType, ingestManifest, posDeadLetter, type BronzeTable } from "../contracts";

const quote = (identifier: string): string => `"${identifier.replace(/"/g, '""')}"`;

/** Largest bronze row (JSON text) DuckDB's reader accepts: a 1 MB line plus its raw_payload copy fits. */
const MAX_ROW_BYTES = 64 * 1024 * 1024;

export interface ManifestRow {
  source: string;
  source_file: string;
  file_version: number;
  size_bytes: number;
  crc32c: string;
  status: "LOADED" | "UNREADABLE";
  error: string | null;
  lines_read: number;
  bronze_rows: number;
  header_lines: number;
  bronze_table: string;
  run_id: string;
  udf_version: string;
  ingestion_ts: string;
}

export interface LatestVersion {
  version: number;
  crc32c: string;
  status: string;
}

export class BronzeStore {
  private constructor(
    private readonly warehouse: Warehouse,
    readonly project: string,
    readonly dataset: string,
  ) {}

  static async open(file: string, project: string, dataset: string, memoryLimit: string): Promise<BronzeStore> {
    const warehouse = await Warehouse.open(file);
    try {
      await warehouse.connection.run(`SET memory_limit = ${sqlString(memoryLimit)}`);
      // Bronze row order carries no meaning; letting DuckDB reorder keeps big loads streaming.
      await warehouse.connection.run("SET preserve_insertion_order = false");
      await warehouse.attach(project);
      await warehouse.createSchema(project, dataset);
      for (const t of bronzeTables) {
        await warehouse.connection.run(duckDbDdl(t, project, dataset));
        await warehouse.recordTableOptions(
          { database: project, schema: dataset, name: t.name },
          {
            partitionBy: t.partition?.column ?? t.partition?.expression,
            clusterBy: [...t.clusterBy],
            description: t.description,
            columnDescriptions: Object.fromEntries(t.columns.map((c) => [c.name, c.description])),
          },
          false,
        );
      }
    } catch (e) {
      warehouse.close();
      throw e;
    }
    return new BronzeStore(warehouse, project, dataset);
  }

  tableName(t: BronzeTable): string {
    return `${quote(this.project)}.${quote(this.dataset)}.${quote(t.name)}`;
  }

  /** Latest manifest entry per landing file. */
  async latestVersions(): Promise<Map<string, LatestVersion>> {
    const rows = (
      await this.warehouse.connection.runAndReadAll(
        `SELECT source_file, max(file_version) AS version, arg_max(crc32c, file_version) AS crc32c, arg_max(status, file_version) AS status
         FROM ${this.tableName(ingestManifest)} GROUP BY source_file`,
      )
    ).getRowObjectsJson();
    return new Map(rows.map((r) => [String(r.source_file), { version: Number(r.version), crc32c: String(r.crc32c), status: String(r.status) }]));
  }

  async begin(): Promise<void> {
    await this.warehouse.connection.run("BEGIN TRANSACTION");
  }

  async commit(): Promise<void> {
    await this.warehouse.connection.run("COMMIT");
  }

  async rollback(): Promise<void> {
    await this.warehouse.connection.run("ROLLBACK");
  }

  /** Bulk-loads an NDJSON file of UDF rows into a bronze table. */
  async loadNdjson(t: BronzeTable, ndjsonFile: string): Promise<void> {
    const columns = t.columns.map((c) => `${sqlString(c.name)}: ${sqlString(duckDbType(c))}`).join(", ");
    await this.warehouse.connection.run(
      `INSERT INTO ${this.tableName(t)} BY NAME SELECT * FROM read_json(${sqlString(ndjsonFile)}, ` +
        `format = 'newline_delimited', columns = {${columns}}, maximum_object_size = ${MAX_ROW_BYTES})`,
    );
  }

  /** Bulk-loads NDJSON dead-letter rows whose payloadBytes is base64 (JSON has no bytes). */
  async loadDeadLetterNdjson(ndjsonFile: string): Promise<void> {
    const columns = posDeadLetter.columns.map((c) => `${sqlString(c.name)}: ${sqlString(c.type === "BYTES" ? "VARCHAR" : duckDbType(c))}`).join(", ");
    const select = posDeadLetter.columns.map((c) => (c.type === "BYTES" ? `from_base64(${quote(c.name)}) AS ${quote(c.name)}` : quote(c.name))).join(", ");
    await this.warehouse.connection.run(
      `INSERT INTO ${this.tableName(posDeadLetter)} BY NAME SELECT ${select} FROM read_json(${sqlString(ndjsonFile)}, ` +
        `format = 'newline_delimited', columns = {${columns}}, maximum_object_size = ${MAX_ROW_BYTES * 2})`,
    );
  }

  /** Another connection to the same warehouse, e.g. to read while a stream writes. */
  session(): Promise<DuckDBConnection> {
    return this.warehouse.session();
  }

  async recordManifest(row: ManifestRow): Promise<void> {
    const names = ingestManifest.columns.map((c) => c.name);
    const values = names.map((n) => {
      const v = row[n as keyof ManifestRow];
      return v === null ? "NULL" : typeof v === "number" ? String(v) : sqlString(v);
    });
    await this.warehouse.connection.run(
      `INSERT INTO ${this.tableName(ingestManifest)} (${names.map(quote).join(", ")}) VALUES (${values.join(", ")})`,
    );
  }

  close(): void {
    this.warehouse.close();
  }
}

