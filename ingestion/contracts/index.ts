/**
 * GigaMart source and bronze contracts — the one source of truth for what lands and how bronze
 * stores it. Import from "ingestion/contracts" (relative path from your module).
 *
 *   sources            SourceContract[] — pos, ecom, crm, inventory, stores, products: landing folder,
 *                      format (jsonl|csv), fields (BigQuery type, required, normalizer, enum, bounds),
 *                      derived partition dates, partitioning, clustering, bronze table, UDF function.
 *   sourceContract(n)  one of them by name (throws naming the known ones).
 *   bronzeTables       BronzeTable[] — raw_pos_transactions, raw_ecom_orders, raw_crm_customers,
 *                      raw_inventory_snapshots, raw_store_master, raw_product_master, ingest_manifest,
 *                      raw_pos_transactions_dead_letter (the stream template's fixed schema):
 *                      columns (name, type, mode, description, nested fields), partition, clusterBy.
 *   bronzeTable(name)  one of them by name.
 *   commonColumns      raw_payload, record_hash, dq_status, dq_errors, source_file, ingestion_ts.
 *   DQ_CODES           code -> severity (WARN|INVALID): the fixed set the UDFs emit in dq_errors.
 *
 * Derived artifacts (functions of a BronzeTable):
 *   bigQuerySchemaFile(t) / bigQuerySchemaFileText(t)   {"BigQuery Schema":[...]} for the Dataflow templates' JSONPath
 *   bigQueryDdl(t, project, dataset)                    CREATE TABLE IF NOT EXISTS `p.d.t` (...) PARTITION BY ... CLUSTER BY ...
 *   duckDbDdl(t, project, dataset)                      CREATE TABLE IF NOT EXISTS "p"."d"."t" (...) — NUMERIC -> DECIMAL(38,9),
 *                                                       REPEATED RECORD -> STRUCT(...)[], TIMESTAMP -> TIMESTAMPTZ
 *   duckDbType(column)                                  DuckDB type of one column
 *   dataformColumnDocs(t)                               `columns:` descriptors for a Dataform declaration
 *
 * The bronze dataset is `datasets.raw` of the config (giga_raw). Typed fields are NULLABLE in bronze
 * because INVALID rows are kept; the contract's `required` drives the UDF's MISSING_REQUIRED_FIELD.
 */
import { sources } from "./sources";
import type { SourceContract, SourceName } from "./types";

export * from "./types";
export { sources, pos, ecom, crm, inventory, stores, products } from "./sources";
export { bronzeTables, bronzeTable, bronzeTableOf, commonColumns, ingestManifest, posDeadLetter, DQ_STATUSES } from "./bronze";
export type { BronzeColumn, BronzeTable, DqStatus } from "./bronze";
export { DQ_CODES } from "./dq";
export type { DqCode } from "./dq";
export {
  bigQuerySchemaFile,
  bigQuerySchemaFileText,
  bigQueryDdl,
  duckDbDdl,
  duckDbType,
  dataformColumnDocs,
} from "./artifacts";
export type { BigQuerySchemaField, DataformColumnDocs } from "./artifacts";

export const SOURCE_NAMES: readonly SourceName[] = sources.map((s) => s.name);

export function sourceContract(name: string): SourceContract {
  const found = sources.find((s) => s.name === name);
  if (!found) throw new Error(`unknown source '${name}' (known: ${SOURCE_NAMES.join(", ")})`);
  return found;
}
