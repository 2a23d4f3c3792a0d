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
  /** CSV: the header names a column twice; the first one is used. */
  DUPLICATE_COLUMN: "WARN",
  /** CSV: the record has more or fewer fields than the header. */
  COLUMN_COUNT_MISMATCH: "WARN",
  /** CSV: a column not in the contract (kept in raw_extra_attributes where the table has it). */
  UNKNOWN_COLUMN: "WARN",
  /** CSV: the run context carries no header line, so fields were mapped in contract order. */
  NO_HEADER: "WARN",
} as const;

export type DqCode = keyof typeof DQ_CODES;
