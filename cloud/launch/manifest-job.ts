// The cloud's line accounting: per batch, a BigQuery query job, independent of the Dataflow job,
// reads the batch's files through a temporary external table (every line one STRING value) and
// inserts one ingest_manifest row per file. The workflow and the launcher send the same request.
import type { Names } from "../desired/names";
import { ingestManifest } from "../../ingestion/contracts/bronze";
import type { SourceContract } from "../../ingestion/contracts/types";
import { LANDED_LINES_CSV_OPTIONS } from "./line-accounting-facts";

/** The temporary table's name in the query; BigQuery adds the `_FILE_NAME` pseudo-column. */
export const LANDED_LINES = "landed_lines";

/** A query parameter as jobs.insert takes it (REST QueryParameter). */
export interface QueryParameter {
  name: string;
  parameterType: { type: string; arrayType?: { type: string } };
  parameterValue: { value?: string; arrayValues?: Array<{ value: string }> };
}

/** The manifest columns the statement writes, in the contract's order. */
const COLUMNS = ingestManifest.columns.map((c) => c.name);

/**
 * One manifest row per listed file. Counts come from the external table; a listed file with no
 * line (an empty file) still gets its row. file_version: the latest row of that name keeps its
 * version when the CRC32C is the same (a reload), else the next one.
 */
export function manifestQuery(n: Names): string {
  const manifest = `\`${n.project}.${n.datasets.raw}.${ingestManifest.name}\``;
  return [
    `INSERT INTO ${manifest} (${COLUMNS.join(", ")})`,
    "WITH listed AS (",
    "  SELECT name, @sizes[OFFSET(i)] AS size_bytes, @crc32c[OFFSET(i)] AS crc32c",
    "  FROM UNNEST(@names) AS name WITH OFFSET AS i",
    "),",
    "counted AS (",
    `  SELECT _FILE_NAME AS uri, COUNT(*) AS lines_read, COUNTIF(line = @header) AS header_lines`,
    `  FROM ${LANDED_LINES}`,
    "  GROUP BY uri",
    "),",
    "latest AS (",
    `  SELECT source_file, file_version, crc32c FROM ${manifest}`,
    "  WHERE source_file IN UNNEST(@names)",
    "  QUALIFY ROW_NUMBER() OVER (PARTITION BY source_file ORDER BY file_version DESC, ingestion_ts DESC) = 1",
    ")",
    "SELECT",
    "  @source, l.name,",
    "  CASE WHEN p.file_version IS NULL THEN 1 WHEN p.crc32c = l.crc32c THEN p.file_version ELSE p.file_version + 1 END,",
    "  l.size_bytes, l.crc32c,",
    "  IF(l.size_bytes = 0, 'UNREADABLE', 'LOADED'), IF(l.size_bytes = 0, 'empty file', CAST(NULL AS STRING)),",
    "  COALESCE(c.lines_read, 0), COALESCE(c.lines_read - c.header_lines, 0), COALESCE(c.header_lines, 0),",
    "  @bronze_table, @run_id, @udf_version, @ingestion_ts",
    "FROM listed AS l",
    "LEFT JOIN counted AS c ON c.uri = CONCAT('gs://', @bucket, '/', l.name)",
    "LEFT JOIN latest AS p ON p.source_file = l.name",
  ].join("\n");
}

const scalar = (name: string, type: string, value: string | null): QueryParameter => ({
  name,
  parameterType: { type },
  // A NULL parameter is one without a value.
  parameterValue: value === null ? {} : { value },
});

const array = (name: string, type: string, values: readonly string[]): QueryParameter => ({
  name,
  parameterType: { type: "ARRAY", arrayType: { type } },
  parameterValue: { arrayValues: values.map((value) => ({ value })) },
});

/** What the scheduled workflow's argument carries: everything but the batch's own fields. */
export interface ManifestJobTemplate {
  query: string;
  /** ExternalDataConfiguration of the batch's lines, without its sourceUris. */
  tableDefinition: Record<string, unknown>;
  /** The parameters every batch of the source shares, first in the list. */
  parameters: QueryParameter[];
}

export function manifestJobTemplate(n: Names, source: SourceContract, udfVersion: string): ManifestJobTemplate {
  return {
    query: manifestQuery(n),
    tableDefinition: {
      sourceFormat: "CSV",
      schema: { fields: [{ name: "line", type: "STRING", mode: "NULLABLE" }] },
      csvOptions: { ...LANDED_LINES_CSV_OPTIONS },
      ignoreUnknownValues: true,
      compression: "NONE",
    },
    parameters: [
      scalar("source", "STRING", source.name),
      scalar("bronze_table", "STRING", source.bronzeTable),
      scalar("bucket", "STRING", n.bucket),
      scalar("udf_version", "STRING", udfVersion),
    ],
  };
}

/** One batch's files as the bucket listing gives them. */
export interface ListedFile {
  name: string;
  bytes: number;
  /** Base64 big-endian CRC32C, Cloud Storage's `crc32c` (present for every object, composite ones too). */
  crc32c: string;
}

export interface ManifestBatch {
  jobName: string;
  inputFilePattern: string;
  header: string | undefined;
  files: readonly ListedFile[];
  runId: string;
  ingestionTs: string;
}

/** BigQuery jobs.insert (REST) for one batch's manifest rows. The job id makes a retried insert a no-op. */
export function manifestJobRequest(n: Names, template: ManifestJobTemplate, batch: ManifestBatch): { projectId: string; body: Record<string, unknown> } {
  const seconds = Math.floor(Date.parse(batch.ingestionTs) / 1000);
  return {
    projectId: n.project,
    body: {
      jobReference: { projectId: n.project, jobId: `${batch.jobName}-manifest-${seconds}`, location: n.region },
      configuration: {
        query: {
          query: template.query,
          useLegacySql: false,
          parameterMode: "NAMED",
          queryParameters: [
            ...template.parameters,
            scalar("run_id", "STRING", batch.runId),
            scalar("ingestion_ts", "TIMESTAMP", batch.ingestionTs),
            scalar("header", "STRING", batch.header ?? null),
            array("names", "STRING", batch.files.map((f) => f.name)),
            array("sizes", "INT64", batch.files.map((f) => String(f.bytes))),
            array("crc32c", "STRING", batch.files.map((f) => f.crc32c)),
          ],
          tableDefinitions: { [LANDED_LINES]: { ...template.tableDefinition, sourceUris: [batch.inputFilePattern] } },
        },
      },
    },
  };
}
