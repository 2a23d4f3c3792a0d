// Everything the bronze contracts are turned into: template schema files, DDL for both engines,
// and Dataform column docs. Pure functions of bronze.ts.
import type { BronzeColumn, BronzeTable } from "./bronze";
import type { BigQueryType } from "./types";

export interface BigQuerySchemaField {
  name: string;
  type: BigQueryType;
  mode: BronzeColumn["mode"];
  description: string;
  fields?: BigQuerySchemaField[];
}

function schemaField(c: BronzeColumn): BigQuerySchemaField {
  return {
    name: c.name,
    type: c.type,
    mode: c.mode,
    description: c.description,
    ...(c.fields ? { fields: c.fields.map(schemaField) } : {}),
  };
}

/** The `JSONPath` file of GCS_Text_to_BigQuery_Flex: `{"BigQuery Schema": [...]}`. */
export function bigQuerySchemaFile(table: BronzeTable): { "BigQuery Schema": BigQuerySchemaField[] } {
  return { "BigQuery Schema": table.columns.map(schemaField) };
}

/** The same schema as text, as uploaded next to the UDF bundle (stable bytes for checksums). */
export function bigQuerySchemaFileText(table: BronzeTable): string {
  return JSON.stringify(bigQuerySchemaFile(table), null, 2) + "\n";
}

const bqString = (s: string): string => JSON.stringify(s);

function bigQueryType(c: BronzeColumn, withOptions: boolean): string {
  const base =
    c.type === "RECORD"
      ? `STRUCT<${(c.fields ?? []).map((f) => `${f.name} ${bigQueryType(f, withOptions)}`).join(", ")}>`
      : c.type;
  const typed = c.mode === "REPEATED" ? `ARRAY<${base}>` : base;
  const notNull = c.mode === "REQUIRED" ? " NOT NULL" : "";
  const options = withOptions ? ` OPTIONS(description=${bqString(c.description)})` : "";
  return `${typed}${notNull}${options}`;
}

/** BigQuery DDL; `ifNotExists` for idempotent provisioning. */
export function bigQueryDdl(table: BronzeTable, project: string, dataset: string, ifNotExists = true): string {
  const cols = table.columns.map((c) => `  ${c.name} ${bigQueryType(c, true)}`).join(",\n");
  const partition = table.partition ? `\nPARTITION BY ${table.partition.column ?? table.partition.expression}` : "";
  const cluster = table.clusterBy.length ? `\nCLUSTER BY ${table.clusterBy.join(", ")}` : "";
  return (
    `CREATE TABLE ${ifNotExists ? "IF NOT EXISTS " : ""}\`${project}.${dataset}.${table.name}\` (\n${cols}\n)` +
    `${partition}${cluster}\nOPTIONS(description=${bqString(table.description)})`
  );
}

const DUCKDB_TYPES: Record<Exclude<BigQueryType, "RECORD">, string> = {
  STRING: "VARCHAR",
  BYTES: "BLOB",
  INT64: "BIGINT",
  // BigQuery NUMERIC is (38,9); DuckDB's bare DECIMAL is (18,3) and would round money.
  NUMERIC: "DECIMAL(38,9)",
  FLOAT64: "DOUBLE",
  BOOL: "BOOLEAN",
  DATE: "DATE",
  // BigQuery TIMESTAMP is an absolute instant.
  TIMESTAMP: "TIMESTAMPTZ",
};

const duckIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** DuckDB type of a column, e.g. `STRUCT("line_no" BIGINT, ...)[]` for a REPEATED RECORD. */
export function duckDbType(c: BronzeColumn): string {
  const base =
    c.type === "RECORD"
      ? `STRUCT(${(c.fields ?? []).map((f) => `${duckIdent(f.name)} ${duckDbType(f)}`).join(", ")})`
      : DUCKDB_TYPES[c.type];
  return c.mode === "REPEATED" ? `${base}[]` : base;
}

/** DuckDB DDL: catalog = the BigQuery project (the ATTACHed warehouse), schema = the dataset. */
export function duckDbDdl(table: BronzeTable, project: string, dataset: string): string {
  const cols = table.columns
    .map((c) => `  ${duckIdent(c.name)} ${duckDbType(c)}${c.mode === "REQUIRED" ? " NOT NULL" : ""}`)
    .join(",\n");
  return `CREATE TABLE IF NOT EXISTS ${duckIdent(project)}.${duckIdent(dataset)}.${duckIdent(table.name)} (\n${cols}\n)`;
}

/** Dataform column descriptors (`columns:` of a declaration): nested records carry their own columns. */
export type DataformColumnDocs = { [column: string]: string | { description: string; columns: DataformColumnDocs } };

export function dataformColumnDocs(table: BronzeTable): DataformColumnDocs {
  const docs = (columns: readonly BronzeColumn[]): DataformColumnDocs =>
    Object.fromEntries(
      columns.map((c) => [c.name, c.fields ? { description: c.description, columns: docs(c.fields) } : c.description]),
    );
  return docs(table.columns);
}
