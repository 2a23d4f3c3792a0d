// Bronze tables (dataset giga_raw), derived from the source contracts plus the common columns.
import { sources } from "./sources";
import type { BigQueryMode, BigQueryType, FieldContract, SourceContract, SourceName } from "./types";

export interface BronzeColumn {
  readonly name: string;
  readonly type: BigQueryType;
  readonly mode: BigQueryMode;
  readonly description: string;
  readonly fields?: readonly BronzeColumn[];
}

export interface BronzeTable {
  readonly name: string;
  readonly description: string;
  /** The source whose UDF fills it; absent for the manifest and the dead letters. */
  readonly source?: SourceName;
  readonly columns: readonly BronzeColumn[];
  readonly partition?: { readonly column?: string; readonly expression?: string };
  readonly clusterBy: readonly string[];
}

export const DQ_STATUSES = ["VALID", "WARN", "INVALID"] as const;
export type DqStatus = (typeof DQ_STATUSES)[number];

/** Columns every source table carries after its typed fields. */
export const commonColumns: readonly BronzeColumn[] = [
  { name: "raw_payload", type: "STRING", mode: "NULLABLE", description: "For WARN and INVALID rows, the line as landed, without BOM and line terminator (a CSV record may span physical lines, joined by LF); null for VALID rows, which their typed columns and record_hash represent fully." },
  { name: "record_hash", type: "STRING", mode: "REQUIRED", description: "Hex SHA-256 of the canonical record: the JSON array of the typed contract values in contract order (nested records as arrays, then CRM raw_extra_attributes, then absent_fields when not empty); of raw_payload when unparseable. Equal for re-sent records." },
  { name: "dq_status", type: "STRING", mode: "REQUIRED", description: "VALID, WARN or INVALID (the worst severity among dq_errors)." },
  { name: "dq_errors", type: "STRING", mode: "REPEATED", description: "Data-quality codes found in the record (ingestion/contracts/dq.ts; the table is in ingestion/README.md)." },
  { name: "absent_fields", type: "STRING", mode: "REPEATED", description: "Contract fields the source did not send (a CSV column missing from the header or past the end of a short record, a JSON member missing from its object; nested as parent.field), in contract order. Their typed columns are NULL but mean 'not sent', not 'became empty': keep the last known value. A field sent as null or empty is not listed." },
  { name: "source_file", type: "STRING", mode: "NULLABLE", description: "Landing file (path under the landing root) or stream the record came from." },
  { name: "ingestion_ts", type: "TIMESTAMP", mode: "REQUIRED", description: "When the ingestion run that loaded the record started (UTC)." },
];

const extraAttributesColumn: BronzeColumn = {
  name: "raw_extra_attributes",
  type: "STRING",
  mode: "NULLABLE",
  description: "Columns not in the contract (schema drift), as a JSON object of column name to text; null when none.",
};

function bronzeColumn(field: FieldContract): BronzeColumn {
  return {
    name: field.name,
    type: field.type,
    // Typed fields are NULLABLE even when the contract requires them: INVALID rows are kept.
    mode: field.repeated ? "REPEATED" : "NULLABLE",
    description: field.required ? `${field.description} Required by the contract.` : field.description,
    ...(field.fields ? { fields: field.fields.map(bronzeColumn) } : {}),
  };
}

export function bronzeTableOf(source: SourceContract): BronzeTable {
  return {
    name: source.bronzeTable,
    description: `Bronze: ${source.description} Typed by the ${source.udfFunction} UDF; nothing dropped but CSV headers.`,
    source: source.name,
    columns: [
      ...source.fields.map(bronzeColumn),
      ...source.derived.map((d): BronzeColumn => ({ name: d.name, type: "DATE", mode: "NULLABLE", description: d.description })),
      ...(source.keepExtraAttributes ? [extraAttributesColumn] : []),
      ...commonColumns,
    ],
    partition: source.partition,
    clusterBy: source.clusterBy,
  };
}

/** One row per landing file version loaded (or found unreadable): lines_read = bronze_rows + header_lines. DQ counts come from the bronze rows themselves. */
export const ingestManifest: BronzeTable = {
  name: "ingest_manifest",
  description: "Ingestion manifest: one row per landing file version, so every line that arrived is accounted for.",
  columns: [
    { name: "source", type: "STRING", mode: "REQUIRED", description: "Source name (pos, ecom, crm, inventory, stores, products)." },
    { name: "source_file", type: "STRING", mode: "REQUIRED", description: "Landing file, path under the landing root." },
    { name: "file_version", type: "INT64", mode: "REQUIRED", description: "1 for the first content seen under this name, +1 each time the content changes." },
    { name: "size_bytes", type: "INT64", mode: "REQUIRED", description: "File size in bytes as landed (compressed size for .gz)." },
    { name: "crc32c", type: "STRING", mode: "REQUIRED", description: "Base64 big-endian CRC32C of the file bytes as landed: Cloud Storage's crc32c, which every object has (composite ones too)." },
    { name: "status", type: "STRING", mode: "REQUIRED", description: "LOADED, or UNREADABLE: nothing loaded (empty; locally also a truncated gzip). Bytes that are not UTF-8 load as INVALID_UTF8 rows." },
    { name: "error", type: "STRING", mode: "NULLABLE", description: "Why the file could not be read; null when LOADED." },
    { name: "lines_read", type: "INT64", mode: "REQUIRED", description: "Lines read (ended by \\n, \\r\\n or \\r; locally a quoted newline joins a CSV record), counted apart from the load; always bronze_rows + header_lines." },
    { name: "bronze_rows", type: "INT64", mode: "REQUIRED", description: "Rows the file gives its bronze table: every line but the header lines (the UDF drops nothing else). Rows of the file's ingestion_ts in the bronze table must add up to it." },
    { name: "header_lines", type: "INT64", mode: "REQUIRED", description: "Lines equal to the CSV header (the only lines the UDF drops)." },
    { name: "bronze_table", type: "STRING", mode: "REQUIRED", description: "Bronze table the rows went to." },
    { name: "run_id", type: "STRING", mode: "REQUIRED", description: "Ingestion run id." },
    { name: "udf_version", type: "STRING", mode: "REQUIRED", description: "SHA-256 (first 16 hex) of the UDF bundle that types the rows." },
    { name: "ingestion_ts", type: "TIMESTAMP", mode: "REQUIRED", description: "Start of the run; equals ingestion_ts of the file's bronze rows." },
  ],
  partition: { expression: "DATE(ingestion_ts)" },
  clusterBy: ["source", "source_file"],
};

/**
 * Where PubSub_to_BigQuery_Flex writes the messages it could not process. The template fixes the schema
 * (its `outputDeadletterTable` parameter); ingestion owns the table like the rest of bronze, so Dataform
 * only reads it.
 */
export const posDeadLetter: BronzeTable = {
  name: "raw_pos_transactions_dead_letter",
  description: "Bronze: POS stream messages the UDF or BigQuery rejected, with the error. Nothing is lost: replay from here.",
  columns: [
    { name: "timestamp", type: "TIMESTAMP", mode: "REQUIRED", description: "When the message failed." },
    { name: "payloadString", type: "STRING", mode: "NULLABLE", description: "The message as text." },
    { name: "payloadBytes", type: "BYTES", mode: "NULLABLE", description: "The message bytes." },
    {
      name: "attributes",
      type: "RECORD",
      mode: "REPEATED",
      description: "Pub/Sub message attributes.",
      fields: [
        { name: "key", type: "STRING", mode: "NULLABLE", description: "Attribute name." },
        { name: "value", type: "STRING", mode: "NULLABLE", description: "Attribute value." },
      ],
    },
    { name: "errorMessage", type: "STRING", mode: "NULLABLE", description: "Why it failed." },
    { name: "stacktrace", type: "STRING", mode: "NULLABLE", description: "Where it failed." },
  ],
  partition: { expression: "DATE(timestamp)" },
  clusterBy: [],
};

/** Every bronze table: one per source, the manifest and the stream's dead letters. */
export const bronzeTables: readonly BronzeTable[] = [...sources.map(bronzeTableOf), ingestManifest, posDeadLetter];

export function bronzeTable(name: string): BronzeTable {
  const found = bronzeTables.find((t) => t.name === name);
  if (!found) throw new Error(`no bronze table '${name}' (known: ${bronzeTables.map((t) => t.name).join(", ")})`);
  return found;
}
