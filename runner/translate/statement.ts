/** Translation of one BigQuery statement: AST fixes, polyglot, placeholder expansion. */
import { rewrite, stringLiteral, visit } from "./ast";
import { UntranslatableError } from "./errors";
import { fixExpression, TEMPLATES } from "./functions";
import { checkPartitionFilters, type PartitionFilterLookup } from "./partitionFilter";
import { expandPlaceholders, placeholderCall } from "./placeholders";
import { generateBigQuery, parseBigQuery, transpileToDuckDb, type AstNode } from "./polyglot";
import type { ScriptVariables } from "./scripting";
import { qualifyTables } from "./tables";
import { fixTypes, nameArrayStructFields } from "./types";
import { fixUnnest, UNNEST_TEMPLATES } from "./unnest";
import { checkedDateRange, comparisonContexts, fixSemantics, operandsBesideNull, orderNanLikeBigQuery, SEMANTIC_TEMPLATES } from "./semantics";

/** Templates whose result is a date or time value BigQuery refuses past year 9999 or before year 1. */
const DATE_RESULTS = ["DATE_ADD", "DATE_SUB", "PLUS_INTERVAL", "MINUS_INTERVAL", "DATE_IN_ZONE", "DATETIME_IN_ZONE", "TIMESTAMP_IN_ZONE", "TIMESTAMP_MILLIS", "TIMESTAMP_MICROS", "DATE_FROM_UNIX_DATE", "DATE_TRUNC", "DATETIME_TRUNC", "TIMESTAMP_TRUNC"];
const ALL_TEMPLATES = { ...TEMPLATES, ...UNNEST_TEMPLATES, ...SEMANTIC_TEMPLATES, ...checkedDateRange(TEMPLATES, DATE_RESULTS) };

export interface StatementContext {
  defaultProject: string;
  partitionFilterColumn?: PartitionFilterLookup;
  variables: ScriptVariables;
}

export function parseOne(sql: string): AstNode {
  const ast = parseBigQuery(sql);
  if (ast.length !== 1) throw new Error(`internal: expected one statement, polyglot found ${ast.length}`);
  return ast[0];
}

/** Qualifies tables and enforces BigQuery's partition-filter rule; run once per parsed statement. */
export function resolveTables(ast: AstNode, ctx: StatementContext): void {
  const tables = qualifyTables(ast, ctx.defaultProject);
  if (ctx.partitionFilterColumn) checkPartitionFilters(ast, tables, ctx.partitionFilterColumn);
}

const MERGE_SOURCE = "__gigamart_merge_source__";

/**
 * polyglot leaves a MERGE's USING (subquery) untouched when it transpiles the MERGE (no dialect fixes:
 * TO_HEX(SHA256()) doubled, NULL order, GREATEST…), so the subquery is translated as the query it is
 * and spliced back in place of a stand-in table name.
 */
function translateMergeSource(ast: AstNode, ctx: StatementContext): ((sql: string) => string) | undefined {
  const subquery = ast.merge?.using?.subquery;
  if (!subquery) return undefined;
  const source = toDuckDb(subquery.this, ctx);
  const standIn = parseOne(`SELECT * FROM ${MERGE_SOURCE}`).select.from.expressions[0];
  standIn.table.alias = subquery.alias;
  standIn.table.alias_explicit_as = true;
  ast.merge.using = standIn;
  return (sql) => {
    const spliced = sql.replace(new RegExp(`"?${MERGE_SOURCE}"?`), () => `(${source})`);
    if (spliced === sql) throw new Error("internal: the MERGE source stand-in vanished in translation");
    return spliced;
  };
}

const PIVOT_SOURCE = "__gigamart_pivot_source_";

/** polyglot applies no dialect fixes inside a PIVOT's source subquery either (GREATEST's NULL, …): each is translated as a query and spliced back. */
function translatePivotSources(ast: AstNode, ctx: StatementContext): ((sql: string) => string) | undefined {
  const sources: string[] = [];
  visit(ast, (node) => {
    const subquery = node.pivot?.this?.subquery;
    if (!subquery) return;
    const standIn = parseOne(`SELECT * FROM ${PIVOT_SOURCE}${sources.length}__`).select.from.expressions[0];
    sources.push(toDuckDb(subquery.this, ctx));
    if (subquery.alias) Object.assign(standIn.table, { alias: subquery.alias, alias_explicit_as: true });
    node.pivot.this = standIn;
  });
  if (!sources.length) return undefined;
  return (sql) =>
    sources.reduce((text, source, i) => {
      const spliced = text.replace(new RegExp(`"?${PIVOT_SOURCE}${i}__"?`), () => `(${source})`);
      if (spliced === text) throw new Error("internal: a PIVOT source stand-in vanished in translation");
      return spliced;
    }, sql);
}

/** Applies the project's fixes to a resolved AST and returns the DuckDB text. */
export function toDuckDb(ast: AstNode, ctx: StatementContext): string {
  const splice = translateMergeSource(ast, ctx) ?? translatePivotSources(ast, ctx);
  if (splice) return splice(toDuckDb(ast, ctx));
  fixTypes(ast);
  nameArrayStructFields(ast);
  visit(ast, (node) => {
    if (Array.isArray(node.select?.order_by?.expressions)) node.select.order_by.expressions = orderNanLikeBigQuery(node.select.order_by.expressions);
    // a RANGE frame takes exactly one ORDER BY key
    if (Array.isArray(node.window_function?.over?.order_by) && node.window_function.over.frame?.kind !== "Range") node.window_function.over.order_by = orderNanLikeBigQuery(node.window_function.over.order_by);
  });
  const unnested = fixUnnest([ast]);
  const contexts = comparisonContexts(unnested);
  const fixed = rewrite(unnested, (node) => {
    if (Object.keys(node).length !== 1) return undefined;
    const column = node.column;
    if (column && !column.table && ctx.variables.has(String(column.name?.name))) {
      return placeholderCall("VAR", [stringLiteral(String(column.name.name).toLowerCase())]);
    }
    const operands = operandsBesideNull(node);
    const fixedNode = fixSemantics(node, contexts) ?? fixExpression(node);
    return operands ? placeholderCall("EVALUATED", [fixedNode ?? node, ...operands]) : fixedNode;
  });
  return expandPlaceholders(transpileToDuckDb(generateBigQuery(fixed)), ALL_TEMPLATES);
}

/** A BigQuery expression as DuckDB expression text (via `SELECT <expr>`), optionally cast to a BigQuery type. */
export function expressionToDuckDb(expression: AstNode, bigQueryType: string | undefined, ctx: StatementContext): string {
  const select = parseOne(bigQueryType ? `SELECT CAST(NULL AS ${bigQueryType})` : "SELECT NULL");
  if (bigQueryType) select.select.expressions[0].cast.this = expression;
  else select.select.expressions[0] = expression;
  resolveTables(select, ctx);
  const sql = toDuckDb(select, ctx);
  if (!/^SELECT /i.test(sql)) throw new UntranslatableError("expression", `unexpected translation of an expression: ${sql}`);
  return sql.replace(/^SELECT /i, "");
}
