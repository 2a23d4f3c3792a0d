/**
 * BigQuery types whose DuckDB spelling polyglot gets wrong: NUMERIC/DECIMAL without parameters is
 * NUMERIC(38, 9) in BigQuery but DECIMAL(18, 3) in DuckDB (money would be silently rounded), and
 * TIMESTAMP is an instant (DuckDB TIMESTAMPTZ), not a zone-less DATETIME.
 */
import { visit } from "./ast";
import { UntranslatableError } from "./errors";
import { tokenize } from "./lexer";
import type { AstNode } from "./polyglot";

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

const structFields = (node: AstNode | undefined): AstNode[] | undefined =>
  node?.function?.name?.toUpperCase?.() === "STRUCT" ? node.function.args : node?.tuple?.expressions;

/** Names `value`'s anonymous STRUCT fields after `template`'s, position by position, down through nested STRUCTs and arrays. */
function nameLike(template: AstNode | undefined, value: AstNode | undefined): void {
  const named = structFields(template);
  const fields = structFields(value);
  if (named && fields && named.length === fields.length) {
    if (value!.tuple) {
      // A tuple cannot name its fields: it becomes the STRUCT it stands for.
      value!.function = { name: "STRUCT", args: fields, distinct: false, trailing_comments: [], use_bracket_syntax: false, no_parens: false, quoted: false };
      delete value!.tuple;
    }
    fields.forEach((field, i) => {
      const name = named[i]!.alias?.alias?.name;
      if (name && !field.alias) fields[i] = { alias: { this: field, alias: { name, quoted: true }, column_aliases: [], alias_explicit_as: true, pre_alias_comments: [] } };
      nameLike(named[i]!.alias?.this ?? named[i], fields[i]!.alias?.this ?? fields[i]);
    });
  } else if (template?.array_func && value?.array_func) {
    for (const element of value.array_func.expressions as AstNode[]) nameLike(template.array_func.expressions[0], element);
  }
}

/**
 * BigQuery coerces the STRUCTs of an array literal to one type by position, with the first element's
 * field names: `[STRUCT('a' AS sku, [STRUCT(1 AS qty)] AS lines), ('b', [STRUCT(2)])]`. DuckDB unites
 * structs by name, so an anonymous field (named `_0`… by polyglot, at any depth below the top) would
 * become a field of its own, NULL in the other elements. Every element is named after the first.
 */
export function nameArrayStructFields(ast: unknown): void {
  visit(ast, (node) => {
    const [first, ...rest] = (node.array_func?.expressions ?? []) as AstNode[];
    for (const element of rest) nameLike(first, element);
  });
}
