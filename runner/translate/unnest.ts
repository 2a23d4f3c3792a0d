/**
 * `FROM UNNEST(arr) [AS x] [WITH OFFSET [AS o]]`. BigQuery's UNNEST is a value table: an array of
 * STRUCTs gives one column per field (`SELECT *`, `SELECT id`, `x.id`) while `x` is still the whole
 * element, NULL included; the offset counts from 0. DuckDB's UNNEST table function gives one `unnest`
 * column, and polyglot expands the fields only for an array literal written in place (not for
 * IF/CASE/COALESCE of arrays, nor a column) and numbers `WITH ORDINALITY` from 1.
 *
 * Each UNNEST in FROM becomes a lateral subquery built the same way whatever the element type, so
 * the translation needs no type: `unnest(arr, max_depth => 2) AS x` (the fields of a STRUCT element
 * as columns, alias unused; any other element as the column `x`), then, when the statement needs
 * them, the whole element as a hidden column and the 0-based offset:
 *
 *   (SELECT unnest(arr, max_depth => 2) AS x, unnest(arr) AS _bq_unnest_value_1, generate_subscripts(arr, 1) - 1 AS o) AS x
 *
 * The hidden column is added only when the scope names `x` itself or `x.*`: those references are
 * rewritten to it, and the scope's `*` and `x.*` leave it out (and `x.*` the offset), as BigQuery does.
 */
import { visit } from "./ast";
import { UntranslatableError } from "./errors";
import { placeholderCall as call, type Template } from "./placeholders";
import { parseBigQuery, type AstNode } from "./polyglot";

export const UNNEST_TEMPLATES: Record<string, Template> = {
  UNNEST_FIELDS: ([list]) => `unnest(${list}, max_depth => 2)`,
  UNNEST_VALUE: ([list]) => `unnest(${list})`,
  UNNEST_OFFSET: ([list]) => `(generate_subscripts(${list}, 1) - 1)`,
};

/** BigQuery's name for the one column of an UNNEST without an alias, which SQL cannot reference. */
const ANONYMOUS_COLUMN = "f0_";

const QUERY_KEYS = ["select", "union", "intersect", "except"];
const isQuery = (node: AstNode) => QUERY_KEYS.some((k) => k in node);
const sameName = (a: unknown, b: string) => typeof a === "string" && a.toLowerCase() === b.toLowerCase();
const identifier = (name: string): AstNode => ({ name, quoted: true });

interface FromUnnest {
  /** the FROM item holding the UNNEST, replaced in place */
  replace: (item: AstNode) => void;
  unnest: AstNode;
  alias?: string;
}

/** Every UNNEST among a SELECT's FROM items and joins, with its alias (inside the node or around it). */
function fromUnnests(select: AstNode): FromUnnest[] {
  const found: FromUnnest[] = [];
  const consider = (item: AstNode | undefined, replace: (item: AstNode) => void) => {
    if (item?.unnest) found.push({ replace, unnest: item.unnest, alias: item.unnest.alias?.name });
    else if (item?.alias?.this?.unnest) found.push({ replace, unnest: item.alias.this.unnest, alias: item.alias.alias?.name ?? item.alias.this.unnest.alias?.name });
  };
  const items: AstNode[] = select.from?.expressions ?? [];
  items.forEach((item, i) => consider(item, (next) => (items[i] = next)));
  for (const join of (select.joins ?? []) as AstNode[]) {
    consider(join.this, (next) => {
      join.this = next;
      // BigQuery's `[LEFT] JOIN UNNEST(…)` needs no ON; a joined lateral subquery in DuckDB does.
      if (join.kind !== "Cross" && !join.on && !join.using?.length) join.on = { boolean: { value: true } };
    });
  }
  return found;
}

/** Calls `fn` on the nodes of a SELECT's own scope; `nested` on each query nested in it (subqueries, CTEs). */
function visitScope(select: AstNode, fn: (node: AstNode) => void, nested: (query: AstNode) => void): void {
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value !== null && typeof value === "object") {
      const node = value as AstNode;
      if (isQuery(node)) return nested(node);
      fn(node);
      Object.values(node).forEach(walk);
    }
  };
  Object.values(select).forEach(walk);
}

const bareReference = (node: AstNode, alias: string) => !!node.column && !node.column.table && sameName(node.column.name?.name, alias);
const starOf = (node: AstNode, alias: string) => !!node.star?.table && sameName(node.star.table.name, alias);

/** True when the scope uses the element as a whole: `x` or `x.*`. A subquery naming `x` or `x.*` is refused: which `x` it means is not known from text. */
function usesWholeElement(select: AstNode, alias: string): boolean {
  let whole = false;
  visitScope(
    select,
    (node) => (whole ||= bareReference(node, alias) || starOf(node, alias)),
    (query) =>
      visit(query, (node) => {
        if (bareReference(node, alias) || starOf(node, alias)) {
          throw new UntranslatableError(
            "UNNEST alias in a subquery",
            `UNNEST alias in a subquery: \`${alias}\` names the element of an UNNEST outside the subquery; select its fields (\`${alias}.field\`) instead`,
          );
        }
      }),
  );
  return whole;
}

const offsetName = (unnest: AstNode): string | undefined => (unnest.with_ordinality ? (unnest.offset_alias?.name ?? "offset") : undefined);

function lateralSubquery(unnest: AstNode, name: string, alias: string | undefined, hidden: string | undefined): AstNode {
  const offset = offsetName(unnest);
  const columns = [`1 AS \`${alias ?? ANONYMOUS_COLUMN}\``, ...(hidden ? [`2 AS \`${hidden}\``] : []), ...(offset ? [`3 AS \`${offset}\``] : [])];
  const [select] = parseBigQuery(`SELECT * FROM (SELECT ${columns.join(", ")}) AS \`${alias ?? name}\``);
  const subquery = select.select.from.expressions[0];
  const [fields, ...rest] = subquery.subquery.this.select.expressions as AstNode[];
  fields.alias.this = call("UNNEST_FIELDS", [unnest.this]);
  if (hidden) rest.shift()!.alias.this = call("UNNEST_VALUE", [structuredClone(unnest.this)]);
  if (offset) rest.shift()!.alias.this = call("UNNEST_OFFSET", [structuredClone(unnest.this)]);
  return subquery;
}

/** Rewrites the scope's `x` to the hidden column, and leaves the hidden column (and for `x.*` the offset) out of its stars. */
function exposeWholeElement(select: AstNode, alias: string, hidden: string, offset: string | undefined): void {
  // A selected `x` keeps its name as the output column.
  select.expressions = (select.expressions as AstNode[]).map((e) =>
    bareReference(e, alias) ? { alias: { this: e, alias: identifier(e.column.name.name), column_aliases: [], alias_explicit_as: true, pre_alias_comments: [] } } : e,
  );
  visitScope(
    select,
    (node) => {
      if (bareReference(node, alias)) node.column = { ...node.column, name: identifier(hidden), table: identifier(alias) };
      // (COUNT(*) holds `star: true`, not a star of the scope)
      else if (typeof node.star === "object" && node.star && (!node.star.table || starOf(node, alias))) {
        const left = node.star.table ? [hidden, ...(offset ? [offset] : [])] : [hidden];
        node.star.except = [...(node.star.except ?? []), ...left.map(identifier)];
      }
    },
    () => undefined,
  );
}

export function fixUnnest(ast: AstNode[]): AstNode[] {
  let counter = 0;
  // Queries nested in a SELECT are rewritten before it (bottom-up), so each SELECT sees only its own UNNESTs.
  const fix = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(fix);
    if (value === null || typeof value !== "object") return;
    Object.values(value).forEach(fix);
    const select = (value as AstNode).select;
    if (!select?.expressions) return;
    for (const { replace, unnest, alias } of fromUnnests(select)) {
      const n = ++counter;
      const hidden = alias && usesWholeElement(select, alias) ? `_bq_unnest_value_${n}` : undefined;
      if (hidden) exposeWholeElement(select, alias!, hidden, offsetName(unnest));
      replace(lateralSubquery(unnest, `_bq_unnest_${n}`, alias, hidden));
    }
  };
  fix(ast);
  return ast;
}
