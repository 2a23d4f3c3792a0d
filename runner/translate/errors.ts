/** A BigQuery construct the local DuckDB target cannot reproduce faithfully; `construct` names it. */
export class UntranslatableError extends Error {
  constructor(
    public construct: string,
    message: string,
  ) {
    super(message);
    this.name = "UntranslatableError";
  }
}

/** An error BigQuery itself would raise for this statement (so the local run must fail the same way). */
export class BigQueryRuleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BigQueryRuleError";
  }
}
