// The fixed set of data-quality codes a UDF may put in dq_errors, with the severity each implies.
// dq_status is the worst severity present: INVALID > WARN > VALID (no codes).

export const DQ_CODES = {
  /** Not a JSON object / CSV record: bad JSON, unbalanced quotes, control characters, blank line. */
  UNPARSEABLE: "INVALID",
  /** A required field is absent, null or empty (a required array has no element). */
  MISSING_REQUIRED_FIELD: "INVALID",
  /** A value cannot be read as its type (text in a number, an object where a scalar belongs, bad date). */
  BAD_TYPE: "INVALID",
  /** A price, cost or discount below 0. */
  NEGATIVE_PRICE: "INVALID",
  /** A JSON object names a member twice (JSON.parse would silently keep the last): which value is meant is unknown. */
  DUPLICATE_KEY: "INVALID",
  /** CSV: the header names a column twice, so which value is meant is unknown. */
  DUPLICATE_COLUMN: "INVALID",
  /** A record cut short: a CSV record with fewer fields than the header, or a JSON line that ends inside a value. */
  TRUNCATED_RECORD: "INVALID",
  /** CSV: the record has more fields than the header, so its values cannot be placed (an unquoted comma). */
  COLUMN_COUNT_MISMATCH: "INVALID",
  /** A DATE, a TIMESTAMP or a date derived from one outside BigQuery's range (0001-01-01 .. 9999-12-31 UTC). */
  DATE_OUT_OF_RANGE: "INVALID",
  /** A NUMERIC with more than 29 integer digits (BigQuery NUMERIC is precision 38, scale 9). */
  NUMERIC_OUT_OF_RANGE: "INVALID",
  /** An INT64 beyond +-(2^53 - 1): BigQuery holds up to 2^63 - 1, but the UDF's numbers hold integers exactly only that far. */
  INT64_OUT_OF_RANGE: "INVALID",
  /** A string that is not valid Unicode after decoding: a lone surrogate (a \ud800 escape) or U+FFFD (bytes that were not UTF-8). */
  INVALID_UTF8: "INVALID",
  /** A value outside an enumerated set (kept, upper-cased). */
  UNKNOWN_ENUM: "WARN",
  /** POS total_amount differs from sum(quantity * unit_price - discount) by more than 0.01. */
  TOTAL_MISMATCH: "WARN",
  /** A timestamp or date later than the ingestion time (plus 5 minutes of clock skew). */
  FUTURE_TIMESTAMP: "WARN",
  /** A number outside its contract bounds other than a price (ecom quantity <= 0, negative stock). */
  OUT_OF_RANGE: "WARN",
  /** An e-mail or phone number that does not look like one (kept as normalized as possible). */
  BAD_FORMAT: "WARN",
  /** CSV: the header lacks a contract column; absent_fields names it. Absent is not NULL: the source did not say. */
  MISSING_COLUMN: "WARN",
  /** A column (CSV) or JSON member not in the contract: kept in raw_extra_attributes where the table has it, else in raw_payload. */
  UNKNOWN_COLUMN: "WARN",
  /** A NUMERIC with more than 9 decimals, rounded half away from zero to 9 (raw_payload keeps the digits sent). */
  NUMERIC_ROUNDED: "WARN",
  /** The line began with a byte-order mark (U+FEFF), removed before parsing. */
  BYTE_ORDER_MARK: "WARN",
  /** CSV: the run context carries no header line, so fields were mapped in contract order. */
  NO_HEADER: "WARN",
} as const;

export type DqCode = keyof typeof DQ_CODES;
