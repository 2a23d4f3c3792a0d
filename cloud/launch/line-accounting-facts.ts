// What Google documents about splitting a landed file into lines, on the two paths that read it in
// the cloud: Dataflow's TextIO (the batch template, whose lines the UDF gets) and BigQuery's CSV
// external tables (the manifest job, which counts them). Checked 2026-12-01. The manifest's counts
// equal the rows the template loads only where the two agree; `counted` says how we count each case.

export interface LineFact {
  readonly case: string;
  readonly dataflow: string;
  readonly bigquery: string;
  /** How lines_read counts it, on BigQuery and locally. */
  readonly counted: string;
  readonly sources: readonly string[];
}

export const CHECKED = "2026-12-01";

export const LINE_FACTS: readonly LineFact[] = [
  {
    case: "line terminators \\n, \\r\\n and a lone \\r",
    dataflow: "TextIO splits lines at '\\n', '\\r' or '\\r\\n'",
    bigquery: "CSV records are delimited by \\n, \\r or \\r\\n",
    counted: "each terminator ends one line (the local loader splits the same way)",
    sources: [
      "https://github.com/apache/beam/blob/master/sdks/java/core/src/main/java/org/apache/beam/sdk/io/TextIO.java",
      "https://cloud.google.com/bigquery/docs/loading-data-cloud-storage-csv#csv-options",
    ],
  },
  {
    case: "last line without a terminator",
    dataflow: "read as a line; a terminator at the very end starts no empty line",
    bigquery: "read as a record; no record after a final terminator",
    counted: "one line",
    sources: ["https://github.com/apache/beam/blob/master/sdks/java/core/src/main/java/org/apache/beam/sdk/io/TextIO.java"],
  },
  {
    case: "blank line",
    dataflow: "an empty line is given to the UDF (which keeps it as an INVALID row, UNPARSEABLE)",
    bigquery: "not documented for CSV; with one nullable STRING column an empty field is NULL (nullMarker defaults to the empty string)",
    counted: "one line, NULL in the external table (so never a header); to confirm on the first production run — the accounting assertion shows any difference",
    sources: ["https://cloud.google.com/bigquery/docs/reference/rest/v2/tables#CsvOptions"],
  },
  {
    case: "quotes and field delimiters inside a line",
    dataflow: "TextIO does not parse CSV: a quoted newline ends the line",
    bigquery: "quote '' turns quoting off; fieldDelimiter is one byte (ISO-8859-1): \\u0001 never occurs in our feeds, and ignoreUnknownValues keeps a line holding it as one record",
    counted: "physical lines; the local loader joins a quoted newline into one CSV record, so a file with one differs by design",
    sources: ["https://cloud.google.com/bigquery/docs/reference/rest/v2/tables#CsvOptions", "https://cloud.google.com/bigquery/docs/reference/rest/v2/tables#ExternalDataConfiguration"],
  },
  {
    case: "encoding",
    dataflow: "lines are decoded as UTF-8",
    bigquery: "encoding UTF-8; BigQuery decodes after splitting the raw bytes at the delimiters",
    counted: "bytes that are not UTF-8 do not change the count; locally such a file is UNREADABLE, in the cloud the template loads it",
    sources: ["https://cloud.google.com/bigquery/docs/reference/rest/v2/tables#CsvOptions"],
  },
  {
    case: "empty file",
    dataflow: "no line",
    bigquery: "no record, so no _FILE_NAME group: the row comes from the listing",
    counted: "status UNREADABLE, error 'empty file', 0 lines, as locally",
    sources: ["https://cloud.google.com/bigquery/docs/query-cloud-storage-data#query_the_file_name_pseudo-column"],
  },
  {
    case: "which file a line came from",
    dataflow: "the UDF is not told",
    bigquery: "_FILE_NAME holds the full gs:// URI of the file the row was read from",
    counted: "grouped by _FILE_NAME, joined to the listing by gs://<bucket>/<name>",
    sources: ["https://cloud.google.com/bigquery/docs/query-cloud-storage-data#query_the_file_name_pseudo-column"],
  },
  {
    case: "line length",
    dataflow: "no limit below the worker's memory",
    bigquery: "a CSV row or cell is at most 100 MB",
    counted: "a longer line fails the manifest job, so the execution fails and alerts",
    sources: ["https://cloud.google.com/bigquery/quotas#load_jobs"],
  },
];

/** csvOptions of the manifest job's external table, as the facts above decide them. */
export const LANDED_LINES_CSV_OPTIONS = {
  fieldDelimiter: "\u0001",
  quote: "",
  encoding: "UTF-8",
  skipLeadingRows: "0",
  allowJaggedRows: true,
} as const;

/** Splits text into lines the way both cloud readers do (the local loader and the tests use it). */
export function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split(/\r\n|\r|\n/);
  if (/[\r\n]$/.test(text)) lines.pop();
  return lines;
}
