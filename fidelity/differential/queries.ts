/**
 * One differential case: two small generated tables and a query over them, drawn from the query
 * shapes BigQuery users write (projections, aggregates, windows with frames, QUALIFY, joins of every
 * kind, UNNEST WITH OFFSET, set operations, subqueries, ROLLUP, PIVOT, ORDER BY).
 */
import fc from "fast-check";
import type { ResultSet } from "../compare";
import type { SqlValue } from "../zetasql/values";
import { expression, ORDERABLE, type Scope, type SqlType } from "./expressions";

export const PROJECT = "diff-project";
export const DATASET = "ds";

export interface DifferentialCase {
  tables: Record<string, ResultSet>;
  query: string;
  /** The query shape, for the report. */
  shape: string;
}

const T1_COLUMNS: [string, SqlType][] = [
  ["id", "INT64"],
  ["k", "STRING"],
  ["i", "INT64"],
  ["f", "FLOAT64"],
  ["n", "NUMERIC"],
  ["b", "BOOL"],
  ["s", "STRING"],
  ["y", "BYTES"],
  ["d", "DATE"],
  ["dt", "DATETIME"],
  ["ts", "TIMESTAMP"],
  ["a", "ARRAY<INT64>"],
  ["st", "STRUCT<x INT64, y STRING>"],
];
const T2_COLUMNS: [string, SqlType][] = [
  ["id", "INT64"],
  ["k", "STRING"],
  ["i", "INT64"],
  ["s", "STRING"],
  ["d", "DATE"],
];

const nullable = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | null> => fc.option(arb, { freq: 5, nil: null });
const int = nullable(fc.constantFrom(0n, 1n, -1n, 2n, 5n, 9223372036854775807n, -9223372036854775807n, 4611686018427387904n));
const VALUES: Record<SqlType, fc.Arbitrary<SqlValue>> = {
  INT64: int,
  FLOAT64: nullable(fc.constantFrom(0, 1.5, -2.5, 0.1, 1e308, -1e308, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY)),
  NUMERIC: nullable(fc.constantFrom("0", "1.5", "-2.5", "0.000000001", "99999999999999999999999999999.999999999", "-99999999999999999999999999999.999999999").map((numeric) => ({ numeric }))),
  BOOL: nullable(fc.boolean()),
  STRING: nullable(fc.constantFrom("", "a", "A b", "é", "€uro", "日本", "10", "-3", "1.5", "2024-02-29", "abc")),
  BYTES: nullable(fc.constantFrom("", "YWI=", "/wA=").map((bytes) => ({ bytes }))),
  DATE: nullable(fc.constantFrom("0001-01-01", "9999-12-31", "2024-02-29", "1970-01-01", "2024-03-10")),
  DATETIME: nullable(fc.constantFrom("0001-01-01 00:00:00", "9999-12-31 23:59:59.999999", "2024-03-10 02:30:00", "2024-11-03 01:30:00")),
  TIMESTAMP: nullable(fc.constantFrom("1970-01-01 00:00:00+00", "2024-03-10 07:30:00+00", "2024-11-03 05:30:00+00", "0001-01-01 00:00:00+00", "9999-12-31 23:59:59.999999+00")),
  "ARRAY<INT64>": nullable(fc.array(fc.option(fc.constantFrom(1n, 2n, 10n, -1n), { freq: 4, nil: null }), { maxLength: 3 })),
  "STRUCT<x INT64, y STRING>": nullable(fc.record({ x: int, y: nullable(fc.constantFrom("a", "b", "")) })),
};

/** Rows of a table with these columns; `id` numbers the rows, `k` is a small grouping key. */
function table(columns: [string, SqlType][], maxRows: number): fc.Arbitrary<ResultSet> {
  const row = fc.tuple(...columns.slice(2).map(([, t]) => VALUES[t]));
  return fc.tuple(fc.array(fc.tuple(nullable(fc.constantFrom("a", "b")), row), { maxLength: maxRows })).map(([rows]) => ({
    columns: columns.map(([name, type]) => ({ name, type })),
    rows: rows.map(([k, rest], i) => [BigInt(i + 1), k, ...rest]),
  }));
}

const scopeOf = (alias: string, columns: [string, SqlType][]): Scope => {
  const scope: Scope = {};
  for (const [name, type] of columns) (scope[type] ??= []).push(`${alias}.${name}`);
  return scope;
};
const T1 = scopeOf("t1", T1_COLUMNS);
const T2 = scopeOf("t2", T2_COLUMNS);
const BOTH: Scope = Object.fromEntries(
  [...new Set([...Object.keys(T1), ...Object.keys(T2)])].map((t) => [t, [...(T1[t as SqlType] ?? []), ...(T2[t as SqlType] ?? [])]]),
);

const DEPTH = 2;
const anyType = fc.constantFrom<SqlType>(...ORDERABLE, "ARRAY<INT64>", "STRUCT<x INT64, y STRING>");
const orderable = fc.constantFrom<SqlType>(...ORDERABLE);
const typed = (types: fc.Arbitrary<SqlType>, scope: Scope) => types.chain((t) => expression(t, DEPTH, scope));
/** An ORDER BY key reads a column: BigQuery refuses to order by a literal, and reads an integer as a column number. */
const orderKey = (scope: Scope) => typed(orderable, scope).filter((e) => /\bt[12]\./.test(e));
const from = `${DATASET}.t1 AS t1`;
const columns = (exprs: string[]) => exprs.map((e, i) => `${e} AS c${i + 1}`).join(", ");

const projection = fc
  .tuple(fc.array(typed(anyType, T1), { minLength: 1, maxLength: 3 }), fc.option(expression("BOOL", DEPTH, T1), { nil: undefined }))
  .map(([exprs, where]) => `SELECT t1.id, ${columns(exprs)} FROM ${from}${where ? ` WHERE ${where}` : ""}`);

const ordered = fc
  .tuple(typed(orderable, T1), fc.constantFrom("ASC", "DESC", "ASC NULLS LAST", "DESC NULLS FIRST"), fc.option(fc.constantFrom(1, 2, 3), { nil: undefined }))
  .map(([e, direction, limit]) => `SELECT t1.id, ${e} AS c1 FROM ${from} ORDER BY c1 ${direction}, t1.id${limit ? ` LIMIT ${limit}` : ""}`);

const AGGREGATES: [SqlType, (e: string) => string][] = [
  ["INT64", (e) => `SUM(${e})`],
  ["FLOAT64", (e) => `SUM(${e})`],
  ["NUMERIC", (e) => `SUM(${e})`],
  ["INT64", (e) => `AVG(${e})`],
  ["FLOAT64", (e) => `AVG(${e})`],
  ["NUMERIC", (e) => `AVG(${e})`],
  ["INT64", (e) => `COUNT(DISTINCT ${e})`],
  ["STRING", (e) => `COUNT(${e})`],
  ["BOOL", (e) => `COUNTIF(${e})`],
  ["BOOL", (e) => `COUNTIF(DISTINCT ${e})`],
  ["BOOL", (e) => `LOGICAL_AND(${e})`],
  ["BOOL", (e) => `LOGICAL_OR(${e})`],
  ["FLOAT64", (e) => `MIN(${e})`],
  ["FLOAT64", (e) => `MAX(${e})`],
  ["STRING", (e) => `MIN(${e})`],
  ["DATE", (e) => `MAX(${e})`],
  ["TIMESTAMP", (e) => `MIN(${e})`],
  ["STRING", (e) => `STRING_AGG(${e}, ',' ORDER BY ${e})`],
  ["STRING", (e) => `STRING_AGG(DISTINCT ${e}, '|' ORDER BY ${e})`],
  ["INT64", (e) => `ARRAY_AGG(${e} IGNORE NULLS ORDER BY ${e})`],
  ["INT64", (e) => `ARRAY_AGG(${e} ORDER BY ${e} LIMIT 2)`],
  ["INT64", (e) => `BIT_OR(${e})`],
  ["FLOAT64", (e) => `STDDEV_SAMP(${e})`],
  ["INT64", (e) => `MAX(${e}) - MIN(${e})`],
];
const aggregate = (scope: Scope) =>
  fc.constantFrom(...AGGREGATES).chain(([t, f]) => expression(t, DEPTH, scope).map(f));

const grouped = fc
  .tuple(fc.option(typed(orderable, T1), { nil: undefined }), fc.array(aggregate(T1), { minLength: 1, maxLength: 3 }), fc.option(fc.constantFrom("COUNT(*) > 1", "COUNT(*) >= 1"), { nil: undefined }))
  .map(([key, aggs, having]) =>
    key
      ? `SELECT ${key} AS g, COUNT(*) AS n, ${columns(aggs)} FROM ${from} GROUP BY g${having ? ` HAVING ${having}` : ""}`
      : `SELECT COUNT(*) AS n, ${columns(aggs)} FROM ${from}`,
  );

const rollup = fc
  .tuple(typed(orderable, T1), aggregate(T1))
  .map(([key, agg]) => `SELECT t1.k AS g1, ${key} AS g2, ${agg} AS c1 FROM ${from} GROUP BY ROLLUP(g1, g2)`);

const FRAMES = [
  "",
  "ROWS BETWEEN 1 PRECEDING AND CURRENT ROW",
  "ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING",
  "ROWS BETWEEN CURRENT ROW AND 2 FOLLOWING",
  "ROWS UNBOUNDED PRECEDING",
];
const WINDOW_FUNCTIONS: [SqlType | undefined, (e: string) => string, boolean][] = [
  ["INT64", (e) => `SUM(${e})`, true],
  ["FLOAT64", (e) => `AVG(${e})`, true],
  ["STRING", (e) => `MAX(${e})`, true],
  ["INT64", (e) => `COUNT(${e})`, true],
  ["STRING", (e) => `FIRST_VALUE(${e})`, true],
  ["DATE", (e) => `LAST_VALUE(${e} IGNORE NULLS)`, true],
  ["INT64", (e) => `LAG(${e})`, false],
  ["STRING", (e) => `LEAD(${e}, 1, 'none')`, false],
  [undefined, () => "ROW_NUMBER()", false],
  [undefined, () => "RANK()", false],
  [undefined, () => "DENSE_RANK()", false],
  [undefined, () => "NTILE(2)", false],
  [undefined, () => "PERCENT_RANK()", false],
];
const windowed = fc
  .tuple(fc.constantFrom(...WINDOW_FUNCTIONS), fc.constantFrom(...FRAMES), fc.boolean(), orderKey(T1))
  .chain(([[t, f, framed], frame, partitioned, key]) =>
    (t ? expression(t, DEPTH, T1) : fc.constant("")).map((e) => {
      const over = `${partitioned ? "PARTITION BY t1.k " : ""}ORDER BY ${key}, t1.id${framed && frame ? ` ${frame}` : ""}`;
      return `SELECT t1.id, ${f(e)} OVER (${over}) AS c1 FROM ${from}`;
    }),
  );
const rangeWindow = fc
  .tuple(aggregate(T1).filter((a) => !/ORDER BY|DISTINCT|LIMIT/.test(a)), fc.constantFrom("1 PRECEDING AND CURRENT ROW", "UNBOUNDED PRECEDING AND 1 FOLLOWING", "CURRENT ROW AND CURRENT ROW"))
  .map(([agg, frame]) => `SELECT t1.id, ${agg} OVER (ORDER BY t1.i RANGE BETWEEN ${frame}) AS c1 FROM ${from}`);

const qualify = fc
  .tuple(orderKey(T1), fc.constantFrom("= 1", "<= 2", "> 1"))
  .map(([e, cond]) => `SELECT t1.id, t1.k FROM ${from} WHERE TRUE QUALIFY ROW_NUMBER() OVER (PARTITION BY t1.k ORDER BY ${e}, t1.id) ${cond}`);

const JOINS = ["JOIN", "LEFT JOIN", "RIGHT JOIN", "FULL JOIN", "INNER JOIN"];
const join = fc
  .tuple(fc.constantFrom(...JOINS), fc.option(expression("BOOL", 1, BOTH), { nil: undefined }), typed(orderable, BOTH), fc.boolean())
  .map(([kind, extra, e, using]) =>
    using
      ? `SELECT k, t1.id AS id1, t2.id AS id2, ${e} AS c1 FROM ${from} ${kind} ${DATASET}.t2 AS t2 USING (k)`
      : `SELECT t1.id AS id1, t2.id AS id2, ${e} AS c1 FROM ${from} ${kind} ${DATASET}.t2 AS t2 ON t1.k = t2.k${extra ? ` AND ${extra}` : ""}`,
  );
const crossJoin = typed(orderable, BOTH).map((e) => `SELECT t1.id AS id1, t2.id AS id2, ${e} AS c1 FROM ${from} CROSS JOIN ${DATASET}.t2 AS t2`);

const unnest = fc
  .tuple(expression("ARRAY<INT64>", DEPTH, T1), fc.constantFrom("CROSS JOIN", "LEFT JOIN", ","), expression("INT64", 1, { INT64: ["x", "o", "t1.id"] }))
  .map(([array, kind, e]) =>
    `SELECT t1.id, x, o, ${e} AS c1 FROM ${from} ${kind} UNNEST(${array}) AS x WITH OFFSET AS o${kind === "LEFT JOIN" ? " ON TRUE" : ""}`,
  );

const SET_OPERATIONS = ["UNION ALL", "UNION DISTINCT", "INTERSECT DISTINCT", "EXCEPT DISTINCT", "INTERSECT ALL", "EXCEPT ALL"];
const setType = fc.constantFrom<SqlType>("INT64", "STRING", "DATE", "FLOAT64", "NUMERIC", "TIMESTAMP");
const setOperation = fc
  .tuple(setType, fc.constantFrom(...SET_OPERATIONS))
  .chain(([t, op]) =>
    fc.tuple(expression(t, DEPTH, T1), t === "DATE" ? fc.oneof(expression(t, DEPTH, T2), fc.constantFrom("'2024-02-29'", "'1970-01-01'")) : expression(t, DEPTH, T2)).map(
      ([left, right]) => `SELECT ${left} AS c1 FROM ${from} ${op} SELECT ${right} AS c1 FROM ${DATASET}.t2 AS t2`,
    ),
  );

const subquery = fc.oneof(
  expression("INT64", DEPTH, T2).map((e) => `SELECT t1.id, (SELECT MAX(${e}) FROM ${DATASET}.t2 AS t2 WHERE t2.k = t1.k) AS c1 FROM ${from}`),
  expression("INT64", DEPTH, T2).map((e) => `SELECT t1.id FROM ${from} WHERE t1.i IN (SELECT ${e} FROM ${DATASET}.t2 AS t2)`),
  expression("INT64", DEPTH, T2).map((e) => `SELECT t1.id FROM ${from} WHERE t1.i NOT IN (SELECT ${e} FROM ${DATASET}.t2 AS t2)`),
  expression("BOOL", DEPTH, BOTH).map((e) => `SELECT t1.id FROM ${from} WHERE EXISTS (SELECT 1 FROM ${DATASET}.t2 AS t2 WHERE ${e})`),
  expression("STRING", DEPTH, T1).map((e) => `SELECT t1.id, ARRAY(SELECT AS STRUCT x, ${e} AS s FROM UNNEST(t1.a) AS x WITH OFFSET AS o ORDER BY o) AS c1 FROM ${from}`),
  expression("INT64", DEPTH, T1).map((e) => `WITH w AS (SELECT t1.k, ${e} AS v FROM ${from}) SELECT k, SUM(v) AS c1 FROM w GROUP BY k`),
  expression("STRING", DEPTH, T1).map((e) => `SELECT t1.id FROM ${from} WHERE ${e} LIKE ANY ('a%', '%b', '%')`),
);

const pivot = fc
  .tuple(fc.constantFrom(...AGGREGATES.filter(([, f]) => !/ORDER BY|DISTINCT|LIMIT|-/.test(f("x")))), fc.boolean())
  .chain(([[t, f], aliased]) =>
    expression(t, DEPTH, T1).map(
      (e) => `SELECT * FROM (SELECT MOD(t1.id, 2) AS g, t1.k, ${e} AS v FROM ${from}) PIVOT(${f("v")}${aliased ? " AS agg" : ""} FOR k IN ('a', 'b'))`,
    ),
  );

const SHAPES: [string, fc.Arbitrary<string>][] = [
  ["projection", projection],
  ["order by", ordered],
  ["aggregate", grouped],
  ["rollup", rollup],
  ["window", windowed],
  ["range window", rangeWindow],
  ["qualify", qualify],
  ["join", join],
  ["cross join", crossJoin],
  ["unnest", unnest],
  ["set operation", setOperation],
  ["subquery", subquery],
  ["pivot", pivot],
];

export const differentialCase: fc.Arbitrary<DifferentialCase> = fc
  .tuple(table(T1_COLUMNS, 5), table(T2_COLUMNS, 4), fc.constantFrom(...SHAPES).chain(([shape, query]) => query.map((q) => [shape, q] as const)))
  .map(([t1, t2, [shape, query]]) => ({ tables: { [`${PROJECT}.${DATASET}.t1`]: t1, [`${PROJECT}.${DATASET}.t2`]: t2 }, query, shape }));
