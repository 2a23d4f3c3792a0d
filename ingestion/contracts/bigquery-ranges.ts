// BigQuery's documented value ranges for the types bronze uses: a value outside them cannot land as
// data (the UDF types it null and flags the row INVALID). Pure data, compiled into the ES5 bundle.

export const BIGQUERY_RANGES = {
  source: "https://cloud.google.com/bigquery/docs/reference/standard-sql/data-types",
  checked: "2026-12-01",
  /** DATE: 0001-01-01 to 9999-12-31. */
  date: { min: "0001-01-01", max: "9999-12-31" },
  /** TIMESTAMP: 0001-01-01 00:00:00 to 9999-12-31 23:59:59.999999 UTC, microsecond precision. */
  timestamp: { min: "0001-01-01T00:00:00.000000Z", max: "9999-12-31T23:59:59.999999Z" },
  /** NUMERIC: precision 38, scale 9, so at most 29 integer digits: |n| < 1e29, 9 decimals. */
  numeric: { integerDigits: 29, scale: 9 },
  /**
   * INT64 is -2^63 .. 2^63 - 1, but "If you are using the BigQuery API to load an integer outside the
   * range of [-2^53+1, 2^53-1] ... you must pass it as a string to avoid data corruption" — and the
   * UDF's JavaScript numbers are doubles, so it accepts only what a double holds exactly.
   */
  int64: { min: -9007199254740991, max: 9007199254740991, source: "https://cloud.google.com/bigquery/data-types" },
} as const;
