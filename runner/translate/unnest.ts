/**
 * `UNNEST(arr) AS x WITH OFFSET AS o`: polyglot emits DuckDB `WITH ORDINALITY`, which loses the offset
 * alias and counts from 1. It becomes a lateral subquery pairing each element with its 0-based offset.
 */
import { rewrite } from "./ast";
import { placeholderCall as call, type Template } from "./placeholders";
import { parseBigQuery, type AstNode } from "./polyglot";

export const UNNEST_TEMPLATES: Record<string, Template> = {
  UNNEST_VALUE: ([list]) => `unnest(${list})`,
  UNNEST_OFFSET: ([list]) => `(generate_subscripts(${list}, 1) - 1)`,
};

export function fixUnnestWithOffset(ast: AstNode[]): AstNode[] {
  let counter = 0;
  return rewrite(ast, (node) => {
    const unnest = node.unnest;
    if (!unnest?.with_ordinality) return undefined;
    const value = String(unnest.alias?.name ?? "f0_");
    const offset = String(unnest.offset_alias?.name ?? "offset");
    const [select] = parseBigQuery(`SELECT * FROM (SELECT 1 AS \`${value}\`, 2 AS \`${offset}\`) AS _bq_unnest_${++counter}`);
    const subquery = select.select.from.expressions[0];
    const [valueColumn, offsetColumn] = subquery.subquery.this.select.expressions;
    valueColumn.alias.this = call("UNNEST_VALUE", [unnest.this]);
    offsetColumn.alias.this = call("UNNEST_OFFSET", [structuredClone(unnest.this)]);
    return subquery;
  });
}
