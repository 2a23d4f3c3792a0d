/**
 * BigQuery's runtime semantics where DuckDB computes something else without complaint: errors BigQuery
 * raises (division by zero, INT64 and NUMERIC overflow, array index out of bounds, dates past 9999),
 * result types (SUM stays INT64, AVG and `/` of NUMERIC stay NUMERIC, ROUND of INT64 is FLOAT64), NaN's
 * place in an ORDER BY, and functions DuckDB names differently.
 *
 * polyglot's AST carries no types, so type-dependent results are left to DuckDB's binder, which knows
 * them: `cast_to_type(v, t)` casts v to the type of t without evaluating t, and `typeof(x)` in a CASE
 * picks a branch per type when every branch has the same result type.
 */
import { clone, keywordArg, literalString, stringLiteral, visit } from "./ast";
import { UntranslatableError } from "./errors";
import { numericMean, numericNanos, numericWhole, quotient } from "./numeric";
import { placeholderCall as call, isPlaceholderCall, nullOperand, type Template } from "./placeholders";
import { parseBigQuery, type AstNode } from "./polyglot";

const sqlText = (text: string) => `'${text.replace(/'/g, "''")}'`;
const raise = (message: string) => `error(${sqlText(message)})`;

/** A plain function call node, as polyglot writes one (not a placeholder). */
function functionCall(name: string, args: AstNode[]): AstNode {
  const node = call("", args);
  node.function.name = name;
  return node;
}

/** DuckDB's type for what BigQuery computes in FLOAT64 from INT64 and FLOAT64 and in NUMERIC from NUMERIC. */
const floatOrNumeric = (...xs: string[]) => `list_median([${xs.join(", ")}])`;

/** NaN-ness of a value of any type, as DuckDB binds it (TRY_CAST binds from every type; only a DOUBLE is ever NaN). */
const isNan = (x: string) => `isnan(TRY_CAST(${x} AS DOUBLE))`;
/** Whether either operand is a DOUBLE: DuckDB folds typeof at bind time, so other types keep the plain comparison (and hash joins). */
const eitherDouble = (...xs: string[]) => xs.map((x) => `typeof(${x}) = 'DOUBLE'`).join(" OR ");
/** Both operands non-NULL and one NaN: BigQuery's `=`, `<`, `<=`, `>`, `>=` are FALSE then, `<>` TRUE (DuckDB orders NaN above every number, equal to itself). */
const nanPair = (a: string, b: string) => `((${isNan(a)} OR ${isNan(b)}) AND (${a}) IS NOT NULL AND (${b}) IS NOT NULL)`;
const nanComparison = (op: string, a: string, b: string) =>
  op === "<>" ? `((${a}) <> (${b}) OR ${nanPair(a, b)})` : `((${a}) ${op} (${b}) AND NOT ${nanPair(a, b)})`;

/**
 * A comparison operand where only TRUE keeps a row (the conjuncts of WHERE, ON, HAVING, QUALIFY): a NaN, or a STRUCT
 * holding a NULL or NaN, never compares TRUE in BigQuery, so it becomes NULL. The comparison stays `key op key`, which
 * DuckDB still plans as a hash, merge or range join (a CASE around it would make a LEFT JOIN a nested loop).
 */
const filterKey = (x: string) =>
  /^-?\d+(\.\d+)?$/.test(x.trim()) ? x : `(CASE WHEN typeof(${x}) = 'DOUBLE' AND ${isNan(x)} THEN NULL ` +
  `WHEN typeof(${x}) LIKE 'STRUCT%' AND regexp_matches(regexp_replace(CAST(to_json(${x}) AS VARCHAR), '"(\\\\.|[^"\\\\])*"', '', 'g'), '\\b(null|NaN)\\b') THEN NULL ELSE ${x} END)`;

/**
 * BigQuery's STRUCT equality: field by field, by position, FALSE if a pair of non-NULL fields differs, else NULL if a
 * field is NULL on either side, else TRUE; DuckDB's treats NULL fields as equal. The fields are read as JSON (which
 * binds for every type, so the branch can sit behind a typeof test); both sides first take their common type.
 */
function structEquals(a: string, b: string): string {
  // typed as a list even when DuckDB folds a constant operand (a bare NULL) first
  const fields = (x: string) => `CAST(json_extract(to_json(${x}), '$.*') AS JSON[])`;
  // the pairs are built outside the lambdas, which cannot hold a subquery or an aggregate of the operands
  const pairs = `list_zip(${fields(`[${a}, ${b}][1]`)}, ${fields(`[${a}, ${b}][2]`)})`;
  const any = (predicate: string) => `list_bool_or(list_transform(${pairs}, p -> ${predicate}))`;
  const text = (x: string) => `CAST(${x} AS VARCHAR)`;
  const nested = `json_type(p[1]) = 'OBJECT' AND regexp_matches(${text("p[1]")} || ${text("p[2]")}, '(^|[:,\\[])(null|NaN)([,\\]}]|$)')`;
  const differs = `json_type(p[1]) <> 'NULL' AND json_type(p[2]) <> 'NULL' AND (${text("p[1]")} <> ${text("p[2]")} OR ${text("p[1]")} = 'NaN')`;
  return (
    `(CASE WHEN (${a}) IS NULL OR (${b}) IS NULL THEN NULL ` +
    `WHEN ${any(nested)} THEN ${raise("STRUCT equality with a NULL or NaN inside a nested STRUCT field is not translated")} ` +
    `WHEN ${any(differs)} THEN FALSE WHEN ${any(`json_type(p[1]) = 'NULL' OR json_type(p[2]) = 'NULL'`)} THEN NULL ELSE TRUE END)`
  );
}

/** A date, datetime or timestamp result BigQuery would refuse to produce. */
const inDateRange = (value: string) =>
  `(CASE WHEN (${value}) < TIMESTAMP '0001-01-01 00:00:00' OR (${value}) > TIMESTAMP '9999-12-31 23:59:59.999999' THEN ${raise("date/time value out of range")} ELSE (${value}) END)`;

export const SEMANTIC_TEMPLATES: Record<string, Template> = {
  COMPARE: ([quotedOp, a, b, maybeStruct]) => {
    const op = quotedOp.replace(/'/g, "");
    const struct = maybeStruct !== "TRUE" ? undefined : op === "=" ? structEquals(a, b) : op === "<>" ? `(NOT ${structEquals(a, b)})` : undefined;
    return `(CASE ${struct ? `WHEN typeof(${a}) LIKE 'STRUCT%' THEN ${struct} ` : ""}WHEN ${eitherDouble(a, b)} THEN ${nanComparison(op, a, b)} ELSE (${a}) ${op} (${b}) END)`;
  },
  FILTER_COMPARE: ([quotedOp, a, b]) => `(${filterKey(a)} ${quotedOp.replace(/'/g, "")} ${filterKey(b)})`,
  FILTER_BETWEEN: ([x, low, high]) => `(${filterKey(x)} BETWEEN ${filterKey(low)} AND ${filterKey(high)})`,
  FILTER_IN: ([x, ...list]) => `(${filterKey(x)} IN (${list.map(filterKey).join(", ")}))`,
  // DuckDB skips the upper bound when the lower comparison is FALSE; BigQuery evaluates all three operands (and raises
  // their errors): they are bound first, as a lambda's parameter, which also reads each once
  BETWEEN: ([x, low, high]) => {
    const [v, l, h] = ["bq_b.x", "bq_b.l", "bq_b.h"];
    const between = `CASE WHEN ${eitherDouble(v, l, h)} THEN (${v} BETWEEN ${l} AND ${h} AND NOT ${nanPair(v, l)} AND NOT ${nanPair(v, h)}) ELSE ${v} BETWEEN ${l} AND ${h} END`;
    return `list_transform([{'x': ${x}, 'l': ${low}, 'h': ${high}}], bq_b -> ${between})[1]`;
  },
  // x IN (…) is x = e1 OR x = e2 …: for a NaN x that is NULL when an element is NULL, else FALSE
  IN: ([maybeStruct, x, ...list]) =>
    `(CASE ${maybeStruct === "TRUE" ? `WHEN typeof(${x}) LIKE 'STRUCT%' THEN (${list.map((e) => structEquals(x, e)).join(" OR ")}) ` : ""}` +
    `WHEN typeof(${x}) = 'DOUBLE' AND ${isNan(x)} THEN (CASE WHEN ${list.map((e) => `(${e}) IS NULL`).join(" OR ")} THEN NULL ELSE FALSE END) ` +
    `ELSE (${x}) IN (${list.join(", ")}) END)`,
  DIVIDE: ([x, y]) => quotient(x, y, "raise"),
  // DuckDB keeps every decimal of a NUMERIC product (scale 18); BigQuery rounds it to NUMERIC's 9
  // (the sample is coalesced because DuckDB types some NULL casts, ABS(CAST(NULL AS NUMERIC)) for one, as NULL)
  // a finite FLOAT64 product past the maximum is an error in BigQuery, ±inf in DuckDB; the operands are bound once, as a
  // lambda's parameter, since the check reads each twice
  MULTIPLY: ([x, y]) => {
    const nulled = nullOperand(x, y);
    if (nulled) return `cast_to_type(${nulled}, coalesce((${x}) + (${y}), 0))`;
    const product = "bq_m.x * bq_m.y";
    const overflow = `typeof(${product}) = 'DOUBLE' AND isinf(${product}) AND NOT isinf(bq_m.x) AND NOT isinf(bq_m.y)`;
    return `list_transform([{'x': ${x}, 'y': ${y}}], bq_m -> cast_to_type(CASE WHEN ${overflow} THEN ${raise("double overflow")} ELSE ${product} END, coalesce(bq_m.x + bq_m.y, 0)))[1]`;
  },
  // bound first, as a lambda's parameter: DuckDB folds a division by a constant NULL without evaluating the dividend
  IEEE_DIVIDE: ([x, y]) => `list_transform([{'x': ${x}, 'y': ${y}}], bq_d -> CAST(bq_d.x AS DOUBLE) / CAST(bq_d.y AS DOUBLE))[1]`,
  // the value, once its operands beside a constant NULL have been evaluated too (their errors raised)
  EVALUATED: ([value, ...operands]) => `list_transform([{'v': ${value}, ${operands.map((o, i) => `'o${i}': ${o}`).join(", ")}}], bq_n -> bq_n.v)[1]`,
  // DuckDB sums BIGINT into HUGEINT: back to BIGINT, which raises on overflow as BigQuery does; a FLOAT64 sum of finite
  // values past the maximum is an error in BigQuery, ±inf in DuckDB
  SUM: ([sum, sample, maxAbs]) => {
    const typed = `cast_to_type(${sum}, ${sample} + CAST(0 AS BIGINT))`;
    const overflow = `typeof(${sample}) = 'DOUBLE' AND isinf(TRY_CAST(${sum} AS DOUBLE)) AND NOT isinf(TRY_CAST(${maxAbs} AS DOUBLE))`;
    return maxAbs === undefined ? typed : `(CASE WHEN ${overflow} THEN ${raise("double overflow")} ELSE ${typed} END)`;
  },
  // DuckDB sums FLOAT64 then divides, so an average of values near the FLOAT64 maximum overflows to ±inf where
  // BigQuery's is finite: then the average is taken again of the values scaled by 2^-64
  // DuckDB averages NUMERIC in DOUBLE: it is averaged exactly from the sums of its integer parts and decimals (each
  // branch cast to the result type by itself, which a CASE would unite into DOUBLE)
  AVG: ([plainAvg, sample, scaled, maxAbs, wholes, nanos, count, floatOnly]) => {
    const type = floatOrNumeric(sample);
    const avg = floatOnly ?? plainAvg;
    const float =
      `cast_to_type(CASE WHEN typeof(${sample}) = 'DOUBLE' AND isinf(TRY_CAST(${avg} AS DOUBLE)) AND NOT isinf(TRY_CAST(${maxAbs} AS DOUBLE)) ` +
      `THEN cast_to_type(${scaled} * 18446744073709551616.0, ${avg}) ELSE ${avg} END, ${type})`;
    return wholes === undefined ? float : `(CASE WHEN typeof(${sample}) LIKE 'DECIMAL%' THEN cast_to_type(${numericMean(wholes, nanos, count)}, ${type}) ELSE ${float} END)`;
  },
  NUMERIC_WHOLE: ([x]) => numericWhole(x),
  UNLESS_NUMERIC: ([x]) => `(CASE WHEN typeof(${x}) LIKE 'DECIMAL%' THEN NULL ELSE ${x} END)`,
  NUMERIC_NANOS: ([x]) => numericNanos(x),
  // a NaN or infinite power of finite operands (a negative base to a fractional power, 0 to a negative one, overflow) is an error in BigQuery
  POW: ([x, y]) =>
    `(CASE WHEN NOT isfinite(power(${x}, ${y})) AND isfinite(${x}) AND isfinite(${y}) THEN ${raise("Floating point error in function: POW")} ELSE power(${x}, ${y}) END)`,
  // LEFT/RIGHT of a negative length is an error in BigQuery, all but the last/first characters in DuckDB
  SUBSTRING_END: ([fn, s, n]) => `(CASE WHEN (${n}) < 0 THEN ${raise(`Second argument in ${fn.replace(/'/g, "")}() cannot be negative`)} ELSE ${fn.replace(/'/g, "").toLowerCase()}(${s}, ${n}) END)`,
  // BigQuery's MIN of FLOAT64 is NaN when a value is NaN; DuckDB orders NaN above every number
  MIN: ([min, sample, anyNan]) => `(CASE WHEN typeof(${sample}) = 'DOUBLE' AND ${anyNan} THEN cast_to_type('NaN', ${min}) ELSE ${min} END)`,
  TRY_DOUBLE: ([x]) => `TRY_CAST(${x} AS DOUBLE)`,
  REPEAT: ([s, n]) => `(CASE WHEN (${n}) < 0 THEN ${raise("Second argument (repeat count) for REPEAT cannot be negative")} ELSE repeat(${s}, ${n}) END)`,
  SCALED_DOWN: ([x]) => `(TRY_CAST(${x} AS DOUBLE) * 5.421010862427522e-20)`,
  ROUNDED: ([rounded, x]) => `cast_to_type(${rounded}, ${floatOrNumeric(x)})`,
  COUNTIF_DISTINCT: ([condition]) => `count(DISTINCT CASE WHEN ${condition} THEN TRUE END)`,
  ARRAY_AT: ([array, index, base, safe]) => {
    const outside = `(${index}) < ${base} OR (${index}) >= len(${array}) + ${base}`;
    const miss = safe === "TRUE" ? "NULL" : `error('Array index ' || (${index}) || ' is out of bounds')`;
    return `(CASE WHEN (${array}) IS NULL OR (${index}) IS NULL THEN NULL WHEN ${outside} THEN ${miss} ELSE (${array})[(${index}) - ${base} + 1] END)`;
  },
  ARRAY_CONCAT: (lists) =>
    `(CASE WHEN ${lists.map((l) => `(${l}) IS NULL`).join(" OR ")} THEN NULL ELSE ${lists.slice(1).reduce((acc, l) => `list_concat(${acc}, ${l})`, lists[0])} END)`,
  BYTE_LENGTH: ([x]) => `(CASE WHEN typeof(${x}) = 'BLOB' THEN octet_length(TRY_CAST(${x} AS BLOB)) ELSE strlen(CAST(${x} AS VARCHAR)) END)`,
  IS_NAN: ([x]) => `isnan(${x})`,
  IS_INF: ([x]) => `isinf(${x})`,
  PAD: ([fn, s, n, pattern]) =>
    `(CASE WHEN (${n}) < 0 THEN ${raise("Second argument (output size) for LPAD/RPAD cannot be negative")} ELSE ${fn.replace(/'/g, "")}(${s}, ${n}, ${pattern ?? "' '"}) END)`,
  // ASCII of a string that is not ASCII is an error in BigQuery, not a code point
  ASCII: ([s]) => `(CASE WHEN regexp_matches(${s}, '[^\\x00-\\x7F]') THEN ${raise("Argument to ASCII is not a structurally valid ASCII string")} ELSE ascii(${s}) END)`,
  RANGE_BUCKET: ([x, bounds]) => `(CASE WHEN (${x}) IS NULL THEN NULL ELSE len(list_filter(${bounds}, b -> b <= (${x}))) END)`,
  // BigQuery prints NUMERIC without trailing zeros and a whole FLOAT64 without ".0"
  TO_STRING: ([x]) =>
    `(CASE WHEN typeof(${x}) LIKE 'DECIMAL%' THEN regexp_replace(regexp_replace(CAST(${x} AS VARCHAR), '(\\.\\d*?)0+$', '\\1'), '\\.$', '') ` +
    `WHEN typeof(${x}) = 'DOUBLE' THEN regexp_replace(regexp_replace(CAST(${x} AS VARCHAR), '\\.0$', ''), '^-0$', '0') ELSE CAST(${x} AS VARCHAR) END)`,
  LAST_DAY: ([d, part]) => {
    const date = `CAST(${d} AS DATE)`;
    switch (part.replace(/'/g, "")) {
      case "MONTH":
        return `last_day(${date})`;
      case "QUARTER":
        return `CAST(date_trunc('quarter', ${date}) + INTERVAL 3 MONTH - INTERVAL 1 DAY AS DATE)`;
      case "YEAR":
        return `make_date(year(${date}), 12, 31)`;
      default:
        throw new UntranslatableError("LAST_DAY with a week part", "LAST_DAY cannot be run on DuckDB with a WEEK or ISOYEAR part: not translated");
    }
  },
  // BigQuery sorts NaN after NULL and before every number ascending (reversed descending); DuckDB sorts it above +inf
  NAN_RANK: ([key, nullRank]) =>
    `(CASE WHEN typeof(${key}) <> 'DOUBLE' THEN 0 WHEN (${key}) IS NULL THEN ${nullRank} WHEN isnan(TRY_CAST(CAST(${key} AS VARCHAR) AS DOUBLE)) THEN 1 ELSE 2 END)`,
  DATE_RANGE: ([value]) => inDateRange(value),
  JSON_AT: ([json, index]) => `(${json})[${index}]`,
  ARRAY_TO_STRING: ([list, delimiter, nullText]) =>
    nullText === undefined ? `array_to_string(${list}, ${delimiter})` : `array_to_string(list_transform(${list}, e -> coalesce(CAST(e AS VARCHAR), ${nullText})), ${delimiter})`,
};

/** BigQuery functions DuckDB lacks and the translator does not rebuild: refused by name rather than failing in DuckDB's binder. */
const NOT_TRANSLATED = new Set(["INITCAP", "TO_CODE_POINTS", "CODE_POINTS_TO_STRING", "CONTAINS_SUBSTR", "SAFE_CONVERT_BYTES_TO_STRING", "JUSTIFY_DAYS", "JUSTIFY_HOURS", "JUSTIFY_INTERVAL"]);

const INDEXING: Record<string, { base: number; safe: boolean }> = {
  OFFSET: { base: 0, safe: false },
  SAFE_OFFSET: { base: 0, safe: true },
  ORDINAL: { base: 1, safe: false },
  SAFE_ORDINAL: { base: 1, safe: true },
};

const number = (value: number) => ({ literal: { literal_type: "number", value: String(value) } });
const bool = (value: boolean) => ({ boolean: { value } });

const COMPARISONS: [string, string][] = [["eq", "="], ["neq", "<>"], ["lt", "<"], ["lte", "<="], ["gt", ">"], ["gte", ">="]];
/** Nodes whose value is visibly neither FLOAT64 nor STRUCT: a comparison with one keeps DuckDB's own. */
const NOT_FLOAT_OR_STRUCT = new Set(["eq", "neq", "lt", "lte", "gt", "gte", "and", "or", "not", "in", "between", "is", "like", "ilike", "boolean", "null", "concat", "dpipe"]);
function mayBeFloatOrStruct(node: AstNode | undefined): boolean {
  if (!node) return false;
  if (node.paren) return mayBeFloatOrStruct(node.paren.this);
  const tag = Object.keys(node)[0];
  if (NOT_FLOAT_OR_STRUCT.has(tag)) return false;
  if (tag === "literal") return node.literal.literal_type === "number";
  return !COMPARISON_PLACEHOLDERS.some((name) => isPlaceholderCall(node, name));
}
/** Nodes that may hold a STRUCT: columns, field and element access, constructors, and what passes a value through. */
const MAY_BE_STRUCT = new Set(["column", "dot", "subscript", "tuple", "case", "if_func", "coalesce", "subquery", "any_value", "cast"]);
function mayBeStruct(node: AstNode): boolean {
  if (node.paren) return mayBeStruct(node.paren.this);
  const tag = Object.keys(node)[0];
  // a cast fixExpression made a placeholder, to a STRUCT (STRUCT<x INT64, y STRING>(2, NULL))
  const structCast = (isPlaceholderCall(node, "CAST") || isPlaceholderCall(node, "TRY_CAST")) && /^STRUCT/i.test(literalString(node.function.args[1]) ?? "");
  return structCast || MAY_BE_STRUCT.has(tag) || (tag === "function" && /^(STRUCT|NULLIF|ANY_VALUE|BQFIX_VAR)$/i.test(String(node.function.name)));
}
const COMPARISON_PLACEHOLDERS = ["COMPARE", "BETWEEN", "IN", "FILTER_COMPARE", "FILTER_BETWEEN", "FILTER_IN"];

/**
 * Comparisons that are not translated as anywhere else: "filter", a conjunct of a WHERE, ON, HAVING or QUALIFY
 * condition (a NULL comparison drops the row as FALSE does); "as written", a PIVOT's `FOR k IN (…)` and a MERGE's `SET x = …`, which are no comparisons.
 */
export type ComparisonContexts = WeakMap<AstNode, "filter" | "as written">;

export function comparisonContexts(ast: unknown): ComparisonContexts {
  const contexts: ComparisonContexts = new WeakMap();
  const addFilter = (condition: AstNode | undefined): void => {
    if (!condition) return;
    if (condition.and) [condition.and.left, condition.and.right].forEach(addFilter);
    else if (condition.paren) addFilter(condition.paren.this);
    else contexts.set(condition, "filter");
  };
  visit(ast, (node) => {
    const select = node.select;
    if (select) [select.where_clause?.this, select.having?.this, select.qualify?.this, ...(select.joins ?? []).map((j: AstNode) => j.on)].forEach(addFilter);
    [node.update?.where_clause?.this, node.delete?.where_clause?.this, node.merge?.on].forEach(addFilter);
    for (const field of node.pivot?.fields ?? []) contexts.set(field, "as written");
    // a MERGE's `SET x = …` is parsed as a comparison with an identifier
    if (node.eq?.left?.identifier) contexts.set(node, "as written");
  });
  return contexts;
}

/** The column a PIVOT value names: its alias, or a string or number literal's value. */
const pivotValueName = (value: AstNode): string | undefined =>
  value.pivot_alias ? (value.pivot_alias.alias?.column?.name?.name ?? value.pivot_alias.alias?.identifier?.name) : literalString(value) ?? (value.literal?.literal_type === "number" ? value.literal.value : undefined);

const quoted = (name: string) => `\`${name.replace(/`/g, "\\`")}\``;
const aliased = (value: AstNode, name: string): AstNode => ({ alias: { this: value, alias: { name, quoted: true }, column_aliases: [], alias_explicit_as: true } });

/**
 * A PIVOT of one SUM, whose sum DuckDB keeps in HUGEINT: DuckDB's PIVOT takes one aggregate per expression, so the
 * SUM's type sample and largest magnitude go in as more aggregates, and a query around the PIVOT checks each value's
 * sum with them as the SUM template does (raising BigQuery's INT64 and FLOAT64 overflow) and leaves them out.
 * Undefined when a value's column name is not known.
 */
function typedPivotSum(pivot: AstNode): AstNode | undefined {
  const [sum] = pivot.expressions as AstNode[];
  const values = pivot.fields?.length === 1 ? (pivot.fields[0].in?.expressions as AstNode[] | undefined) : undefined;
  const names = values?.map(pivotValueName);
  if (!values || !names || names.some((name) => name === undefined)) return undefined;
  // DuckDB names a PIVOT's columns <value>_<aggregate alias> when it has several aggregates
  pivot.fields[0].in.expressions = values.map((value, i) => ({
    pivot_alias: { this: value.pivot_alias?.this ?? value, alias: { column: { name: { name: names[i], quoted: true }, table: null } } },
  }));
  const roles = ["bq_sum", "bq_type", "bq_largest"];
  pivot.expressions = (sum.function.args as AstNode[]).map((aggregate, i) => aliased(aggregate, roles[i]));
  const columns = names.map((name) => roles.map((role) => quoted(`${name}_${role}`)));
  const [query] = parseBigQuery(
    `SELECT * FROM (SELECT * EXCEPT (${columns.flat().join(", ")}), ${columns.map((c, i) => `BQFIX_SUM(${c.join(", ")}) AS ${quoted(names[i]!)}`).join(", ")} FROM bq_pivot) AS bq_typed`,
  );
  const typed = query.select.from.expressions[0];
  typed.subquery.this.select.from.expressions[0] = { pivot };
  typed.subquery.alias = pivot.alias ?? null;
  typed.subquery.alias_explicit_as = Boolean(pivot.alias);
  pivot.alias = null;
  return typed;
}

/**
 * PIVOT(agg AS a FOR k IN ('x', 'y' AS z)) names its columns a_x and a_z in BigQuery, x_a and z_a in DuckDB. With one
 * aggregate the alias moves onto the values, which DuckDB then uses as the whole column name: IN ('x' AS a_x, 'y' AS a_z).
 */
function nameAliasedPivotColumns(pivot: AstNode): void {
  const [item, ...others] = pivot.expressions as AstNode[];
  const values = pivot.fields?.length === 1 ? (pivot.fields[0].in?.expressions as AstNode[] | undefined) : undefined;
  const aggregateAlias = item?.alias?.alias?.name;
  if (!aggregateAlias || others.length || !values) return;
  const names = values.map(pivotValueName);
  if (names.some((name) => name === undefined)) return;
  pivot.fields[0].in.expressions = values.map((value, i) => ({
    pivot_alias: { this: value.pivot_alias?.this ?? value, alias: { column: { name: { name: `${aggregateAlias}_${names[i]}`, quoted: true }, table: null } } },
  }));
  pivot.expressions = [item.alias.this];
}

const isLiteral = (node: AstNode) => ["literal", "null", "boolean"].includes(Object.keys(node)[0]);

/** A constant DuckDB may fold to NULL: NULL, a cast of it, a SAFE_CAST of a literal (fixExpression made them placeholders). */
function isConstantNull(node: AstNode): boolean {
  if (node.paren) return isConstantNull(node.paren.this);
  if (Object.keys(node)[0] === "null") return true;
  const [operand] = isPlaceholderCall(node, "CAST") || isPlaceholderCall(node, "TRY_CAST") ? node.function.args : [];
  if (operand) return isConstantNull(operand) || (isPlaceholderCall(node, "TRY_CAST") && isLiteral(operand));
  return false;
}

/** Scalar operators and functions DuckDB's binder folds to NULL when an argument is a constant NULL, without evaluating the others. */
const EAGER_OPERATORS: Record<string, (payload: AstNode) => (AstNode | undefined)[]> = {
  function: (f) => f.args ?? [],
  add: (op) => [op.left, op.right],
  sub: (op) => [op.left, op.right],
  concat: (op) => [op.left, op.right],
  ends_with: (f) => [f.this, f.expression],
  starts_with: (f) => [f.this, f.expression],
  str_position: (f) => [f.this, f.substr, f.position, f.occurrence],
  substring: (f) => [f.this, f.start, f.length],
};
/** Functions that aggregate, look across a window or evaluate an argument only on a condition: their arguments stay where they are. */
const NOT_EAGER = /^(BQFIX_.*|ANY_VALUE|ARRAY_AGG|ARRAY_CONCAT_AGG|STRING_AGG|COUNT|COUNTIF|SUM|AVG|MIN|MAX|MIN_BY|MAX_BY|LOGICAL_AND|LOGICAL_OR|BIT_AND|BIT_OR|BIT_XOR|APPROX_\w+|CORR|COVAR_\w+|STDDEV\w*|VAR\w*|PERCENTILE_\w+|LAG|LEAD|FIRST_VALUE|LAST_VALUE|NTH_VALUE|NTILE|IF|IFNULL|NULLIF|COALESCE|NVL|IFF)$/i;

/**
 * The operands that may raise beside a constant NULL argument (DuckDB's binder folds the call to NULL and never
 * evaluates them; BigQuery raises their error), cloned to be evaluated on their own; undefined when there are none.
 * Columns and keywords (`DAY`, `WEEK(MONDAY)`) cannot raise.
 */
export function operandsBesideNull(node: AstNode): AstNode[] | undefined {
  const [tag] = Object.keys(node);
  const operandsOf = EAGER_OPERATORS[tag];
  if (!operandsOf || (tag === "function" && NOT_EAGER.test(String(node.function.name)))) return undefined;
  const operands = operandsOf(node[tag]).filter((o): o is AstNode => Boolean(o) && typeof o === "object");
  if (!operands.some(isConstantNull)) return undefined;
  const mayRaise = operands.filter((o) => !isLiteral(o) && !isConstantNull(o) && !o.column && !o.var && keywordArg(o) === undefined);
  return mayRaise.length ? mayRaise.map(clone) : undefined;
}

/** ANY_VALUE(x): an aggregate of x's type, valid wherever the aggregate it stands beside is. */
const sampleOf = (x: AstNode) => functionCall("ANY_VALUE", [clone(x)]);
/** MAX(ABS(x)): infinite when a value is, which tells a FLOAT64 sum's overflow from a sum of ±inf (read as DOUBLE, which binds for an INTERVAL too). */
const largest = (x: AstNode) => functionCall("MAX", [functionCall("ABS", [call("TRY_DOUBLE", [clone(x)])])]);

/** Rewrites one node (children already rewritten) where BigQuery's semantics need it; undefined leaves it. */
export function fixSemantics(node: AstNode, contexts: ComparisonContexts): AstNode | undefined {
  // DuckDB's PIVOT takes exactly one aggregate per value: the type sample of SUM/AVG/MIN would be a second one
  if (Array.isArray(node.pivot?.expressions)) {
    nameAliasedPivotColumns(node.pivot);
    node.pivot.expressions = node.pivot.expressions.map((item: AstNode) => {
      // BigQuery names the columns <alias>_<value>, DuckDB <value>_<alias>
      if (item.alias) throw new UntranslatableError("PIVOT with several aggregate aliases", "PIVOT(… AS alias, … AS alias FOR …) cannot be run on DuckDB: its columns would be named <value>_<alias>, BigQuery's are <alias>_<value>");
      return ["AVG", "MIN"].some((name) => isPlaceholderCall(item, name)) ? item.function.args[0] : item;
    });
    if (node.pivot.expressions.length === 1 && isPlaceholderCall(node.pivot.expressions[0], "SUM")) return typedPivotSum(node.pivot) ?? undefined;
    node.pivot.expressions = node.pivot.expressions.map((item: AstNode) => (isPlaceholderCall(item, "SUM") ? item.function.args[0] : item));
    return undefined;
  }
  const tag = Object.keys(node)[0]?.toUpperCase();
  if (NOT_TRANSLATED.has(tag)) throw new UntranslatableError(tag, `${tag} cannot be run on DuckDB: DuckDB has no such function and it is not translated`);
  if (node.last_day) return call("LAST_DAY", [node.last_day.this, stringLiteral(String(node.last_day.unit ?? "Month").toUpperCase())]);
  const context = contexts.get(node);
  const comparison = context === "as written" ? undefined : COMPARISONS.find(([tag]) => node[tag]);
  if (comparison && mayBeFloatOrStruct(node[comparison[0]].left) && mayBeFloatOrStruct(node[comparison[0]].right)) {
    const filter = context === "filter" && comparison[1] !== "<>";
    const { left, right } = node[comparison[0]];
    return filter ? call("FILTER_COMPARE", [stringLiteral(comparison[1]), left, right]) : call("COMPARE", [stringLiteral(comparison[1]), left, right, bool(mayBeStruct(left) && mayBeStruct(right))]);
  }
  if (node.between && !node.between.symmetric && [node.between.this, node.between.low, node.between.high].every(mayBeFloatOrStruct)) {
    const filter = context === "filter" && !node.between.not;
    const between = call(filter ? "FILTER_BETWEEN" : "BETWEEN", [node.between.this, node.between.low, node.between.high]);
    return node.between.not ? { not: { this: between } } : between;
  }
  if (node.in && context !== "as written" && !node.in.query && !node.in.unnest && Array.isArray(node.in.expressions) && mayBeFloatOrStruct(node.in.this)) {
    const filter = context === "filter" && !node.in.not;
    const inList = filter ? call("FILTER_IN", [node.in.this, ...node.in.expressions]) : call("IN", [bool(mayBeStruct(node.in.this)), node.in.this, ...node.in.expressions]);
    return node.in.not ? { not: { this: inList } } : inList;
  }
  if (node.power) return call("POW", [node.power.this, node.power.expression]);
  if (node.div) return call("DIVIDE", [node.div.left, node.div.right]);
  if (node.mul && !node.mul.left.interval && !node.mul.right.interval) return call("MULTIPLY", [node.mul.left, node.mul.right]);
  if (node.sum) return call("SUM", [node, sampleOf(node.sum.this), largest(node.sum.this)]);
  if (node.avg) {
    const scaled = { avg: { ...clone(node.avg), this: call("SCALED_DOWN", [clone(node.avg.this)]) } };
    const maxAbs = largest(node.avg.this);
    // the parts of a DISTINCT average would be made distinct one by one: it keeps DuckDB's DOUBLE average
    const sumOf = (part: string) => ({ sum: { ...clone(node.avg), this: call(part, [clone(node.avg.this)]), name: "SUM" } });
    // DuckDB still computes a window's AVG when its branch is unused, and its sum of decimals overflows near NUMERIC's
    // limit: that branch averages no NUMERIC (a PIVOT, which takes only the first argument, keeps the plain AVG)
    const floatOnly = { avg: { ...clone(node.avg), this: call("UNLESS_NUMERIC", [clone(node.avg.this)]) } };
    const exact = node.avg.distinct ? [] : [sumOf("NUMERIC_WHOLE"), sumOf("NUMERIC_NANOS"), functionCall("COUNT", [clone(node.avg.this)]), floatOnly];
    return call("AVG", [node, sampleOf(node.avg.this), scaled, maxAbs, ...exact]);
  }
  if (node.min) {
    const anyNan = functionCall("BOOL_OR", [functionCall("ISNAN", [call("TRY_DOUBLE", [clone(node.min.this)])])]);
    return call("MIN", [node, sampleOf(node.min.this), anyNan]);
  }
  // a windowed SUM/AVG/MIN: its type sample is windowed the same way
  if (node.window_function) {
    const inner = node.window_function.this;
    for (const name of ["SUM", "AVG", "MIN"]) {
      if (isPlaceholderCall(inner, name)) {
        const over = (value: AstNode) => ({ window_function: { ...clone(node.window_function), this: value } });
        return call(name, inner.function.args.map(over));
      }
    }
  }
  if (node.round) return call("ROUNDED", [node, node.round.this]);
  if (node.ceil || node.floor) return call("ROUNDED", [node, (node.ceil ?? node.floor).this]);
  if (node.count_if?.distinct) return call("COUNTIF_DISTINCT", [node.count_if.this]);
  // A JSON subscript is zero-based in DuckDB as in BigQuery; polyglot shifts it as if it indexed a list
  const base = node.subscript?.this;
  if (node.subscript && !node.subscript.index?.function && (node.subscript.index?.literal?.literal_type === "string" || base.parse_json || isPlaceholderCall(base, "JSON_AT"))) {
    return call("JSON_AT", [base, node.subscript.index]);
  }
  if (node.subscript?.index?.function) {
    const indexing = INDEXING[String(node.subscript.index.function.name).toUpperCase()];
    if (indexing) {
      return call("ARRAY_AT", [node.subscript.this, node.subscript.index.function.args[0], number(indexing.base), bool(indexing.safe)]);
    }
  }
  if (node.cast && node.cast.to?.data_type === "string" && !node.cast.format && !isConstantNull(node.cast.this)) return call("TO_STRING", [node.cast.this]);
  // STRUCT<x INT64, y STRING>(a, b): the values take the declared field names (polyglot leaves them unnamed)
  if (node.cast?.this?.struct && node.cast.to?.data_type === "struct") {
    const fields = node.cast.this.struct.fields as [unknown, AstNode][];
    const names = (node.cast.to.fields as { name: string }[]).map((f) => f.name);
    if (fields.length === names.length && fields.every(([name]) => name === null)) {
      node.cast.this.struct.fields = fields.map(([, value], i) => [names[i], value]);
    }
    return undefined;
  }
  if (!node.function) return undefined;
  const name = String(node.function.name).toUpperCase();
  const args: AstNode[] = node.function.args ?? [];
  if (NOT_TRANSLATED.has(name)) throw new UntranslatableError(name, `${name} cannot be run on DuckDB: DuckDB has no such function and it is not translated`);
  switch (name) {
    case "IEEE_DIVIDE":
    case "BYTE_LENGTH":
    case "IS_NAN":
    case "IS_INF":
    case "ASCII":
    case "RANGE_BUCKET":
    case "ARRAY_CONCAT":
    case "ARRAY_TO_STRING":
      return call(name, args);
    case "POWER":
      return args.length === 2 ? call("POW", args) : undefined;
    case "REPEAT":
      return args.length === 2 ? call("REPEAT", args) : undefined;
    case "LEFT":
    case "RIGHT":
      return args.length === 2 ? call("SUBSTRING_END", [stringLiteral(name), ...args]) : undefined;
    case "TRUNC":
      return args.length === 1 ? call("ROUNDED", [node, args[0]]) : undefined;
    case "LPAD":
    case "RPAD":
      return call("PAD", [stringLiteral(name.toLowerCase()), ...args]);
    case "LAST_DAY": {
      const part = args[1] ? String(args[1].var?.this ?? args[1].column?.name?.name ?? literalString(args[1]) ?? "").toUpperCase() : "MONTH";
      return call("LAST_DAY", [args[0], stringLiteral(part)]);
    }
    default:
      return undefined;
  }
}

/**
 * Gives every ORDER BY key (of a query, a window or an aggregate) a first key that puts NaN where
 * BigQuery does; a key that is not FLOAT64 gets a constant. Ordinal keys (`ORDER BY 1`) are left alone.
 */
export function orderNanLikeBigQuery(orderings: AstNode[]): AstNode[] {
  return orderings.flatMap((ordering) => {
    const key = ordering.this;
    // An unqualified name may be a select-list alias, which DuckDB will not let an expression read when it may raise.
    if (!key || key.literal || (key.column && !key.column.table)) return [ordering];
    const desc = Boolean(ordering.desc);
    const nullsFirst = ordering.nulls_first ?? !desc;
    // NULL goes to the low end of the rank when it sorts first ascending or last descending
    const nullRank = nullsFirst !== desc ? 0 : 3;
    return [{ ...clone(ordering), this: call("NAN_RANK", [clone(key), number(nullRank)]), nulls_first: null }, ordering];
  });
}

/** Each template whose result is a date, datetime or timestamp: wrapped so BigQuery's range error fires. */
export function checkedDateRange(templates: Record<string, Template>, names: string[]): Record<string, Template> {
  return Object.fromEntries(names.map((name) => [name, (args: string[]) => inDateRange(templates[name](args))]));
}
