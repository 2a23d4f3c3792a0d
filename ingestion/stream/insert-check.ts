// What BigQuery checks when a streamed row is inserted, so the replay refuses the rows the cloud
// would: a field the table lacks, a value its column type cannot take, a required field missing,
// a row over the size limit. Errors take the shape of tabledata.insertAll's insertErrors
// (https://cloud.google.com/bigquery/docs/reference/rest/v2/tabledata/insertAll#response-body).
import type { BronzeColumn, BronzeTable } from "../contracts/bronze";
import { MAX_ROW_BYTES } from "./dead-letter-contract";

export interface InsertError {
  readonly reason: "invalid";
  readonly location: string;
  readonly message: string;
}

const NUMBER_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

function scalarProblem(c: BronzeColumn, v: unknown): string | undefined {
  switch (c.type) {
    case "STRING":
      return typeof v === "string" ? undefined : "a string";
    case "INT64":
      return Number.isInteger(v) || (typeof v === "string" && /^[+-]?\d+$/.test(v)) ? undefined : "an integer";
    case "NUMERIC":
    case "FLOAT64":
      return typeof v === "number" || (typeof v === "string" && NUMBER_TEXT.test(v)) ? undefined : "a number";
    case "BOOL":
      return typeof v === "boolean" ? undefined : "a boolean";
    case "DATE":
      return typeof v === "string" && /^\d{4}-\d\d-\d\d$/.test(v) ? undefined : "a date";
    case "TIMESTAMP":
      return typeof v === "string" && !Number.isNaN(Date.parse(v)) ? undefined : "a timestamp";
    case "BYTES":
      return typeof v === "string" ? undefined : "base64 bytes";
    case "RECORD":
      return v !== null && typeof v === "object" && !Array.isArray(v) ? undefined : "a record";
  }
}

function valueErrors(columns: readonly BronzeColumn[], row: Record<string, unknown>, prefix: string): InsertError[] {
  const errors: InsertError[] = [];
  const known = new Set(columns.map((c) => c.name));
  for (const key of Object.keys(row)) {
    if (!known.has(key)) errors.push({ reason: "invalid", location: `${prefix}${key}`, message: `no such field: ${prefix}${key}.` });
  }
  for (const c of columns) {
    const v = row[c.name];
    const at = `${prefix}${c.name}`;
    if (v === undefined || v === null) {
      if (c.mode === "REQUIRED") errors.push({ reason: "invalid", location: at, message: `Missing required field: ${at}.` });
      continue;
    }
    const values = c.mode === "REPEATED" ? (Array.isArray(v) ? v : null) : [v];
    if (!values) {
      errors.push({ reason: "invalid", location: at, message: `Non-array value for repeated field: ${at}.` });
      continue;
    }
    values.forEach((item, i) => {
      const where = c.mode === "REPEATED" ? `${at}[${i}]` : at;
      const wanted = scalarProblem(c, item);
      if (wanted) errors.push({ reason: "invalid", location: where, message: `Cannot convert value to ${c.type}: ${where} must be ${wanted}.` });
      else if (c.type === "RECORD") errors.push(...valueErrors(c.fields ?? [], item as Record<string, unknown>, `${where}.`));
    });
  }
  return errors;
}

/** The errors BigQuery would report for inserting `rowJson` (a JSON object) into `table`; none when it loads. */
export function insertErrors(table: BronzeTable, rowJson: string, row: Record<string, unknown>): InsertError[] {
  if (Buffer.byteLength(rowJson, "utf8") > MAX_ROW_BYTES) {
    return [{ reason: "invalid", location: "", message: `Row larger than the maximum allowed size of ${MAX_ROW_BYTES} bytes.` }];
  }
  return valueErrors(table.columns, row, "");
}
