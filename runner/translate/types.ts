/**
 * BigQuery types whose DuckDB spelling polyglot gets wrong: NUMERIC/DECIMAL without parameters is
 * NUMERIC(38, 9) in BigQuery but DECIMAL(18, 3) in DuckDB (money would be silently rounded), and
 * TIMESTAMP is an instant (DuckDB TIMESTAMPTZ), not a zone-less DATETIME.
 */
import { visit } from "./ast";
import { UntranslatableError } from "./errors";
import { tokenize } from "./lexer";

/** BIGNUMERIC (76 digits, scale 38) does not fit DuckDB's 38-digit decimals; polyglot reads BIGNUMERIC '1' as NUMERIC, so look at the words. */
export function refuseBigNumeric(sql: string): void {
  if (tokenize(sql).some((t) => t.kind === "word" && /^BIG(NUMERIC|DECIMAL)$/i.test(t.text))) {
    throw new UntranslatableError("BIGNUMERIC", "BIGNUMERIC (76 digits, scale 38) has no DuckDB equivalent: DuckDB decimals stop at 38 digits");
  }
}

export function fixTypes(ast: unknown): void {
  visit(ast, (node) => {
    if (typeof node.data_type !== "string") return;
    if (node.data_type === "decimal" && node.precision == null) {
      node.precision = 38;
      node.scale = 9;
    } else if (node.data_type === "timestamp" && !node.timezone) {
      node.data_type = "custom";
      node.name = "TIMESTAMPTZ";
    }
  });
}
