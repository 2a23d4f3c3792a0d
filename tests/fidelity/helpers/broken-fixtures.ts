// The deliberately broken projects of tests/fixtures/broken-*: `gigamart check` and `gigamart run` must both blame
// exactly one file and action, with ZetaSQL's message.
export const BROKEN: { fixture: string; line: RegExp }[] = [
  {
    fixture: "broken-unknown-column",
    line: /^definitions\/pos_lines\.sqlx: gigamart-dev\.giga_curated\.pos_lines \(incremental\): Name ingestion_tss not found inside t \[at \d+:\d+\]$/,
  },
  {
    fixture: "broken-argument-types",
    line: /^definitions\/store_codes\.sqlx: gigamart-dev\.giga_curated\.store_codes: No matching signature for function SUBSTR for argument types: NUMERIC, INT64, INT64/,
  },
  { fixture: "broken-duckdb-cast", line: /^definitions\/pos_days\.sqlx: gigamart-dev\.giga_curated\.pos_days: Syntax error: Expected end of input but got ":"/ },
  { fixture: "broken-list-value", line: /^definitions\/no_empty_baskets\.sqlx: gigamart-dev\.giga_assertions\.no_empty_baskets: Function not found: list_value/ },
  {
    fixture: "broken-misspelled-function",
    line: /^definitions\/refresh_store_totals\.sqlx: gigamart-dev\.giga_curated\.refresh_store_totals: Function not found: coalese; Did you mean coalesce\?/,
  },
];
