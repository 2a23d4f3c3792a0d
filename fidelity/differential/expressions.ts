/**
 * Typed GoogleSQL expressions as fast-check arbitraries: each type has its boundary literals, the
 * columns in scope of that type, and the operators and functions that return it. Every operand is
 * drawn at the type the operator takes, so what the generator writes is (nearly always) valid SQL
 * for the analyzer; what it is not, the analyzer refuses and the run counts by name.
 */
import fc from "fast-check";

export type SqlType =
  | "INT64"
  | "FLOAT64"
  | "NUMERIC"
  | "BOOL"
  | "STRING"
  | "BYTES"
  | "DATE"
  | "DATETIME"
  | "TIMESTAMP"
  | "ARRAY<INT64>"
  | "STRUCT<x INT64, y STRING>";

/** Types a query may ORDER BY, GROUP BY, compare and DISTINCT. */
export const ORDERABLE: SqlType[] = ["INT64", "FLOAT64", "NUMERIC", "BOOL", "STRING", "BYTES", "DATE", "DATETIME", "TIMESTAMP"];
export const SCALAR_TYPES: SqlType[] = [...ORDERABLE, "ARRAY<INT64>", "STRUCT<x INT64, y STRING>"];

/** Columns of each type visible to an expression, as they are spelled in the query. */
export type Scope = Partial<Record<SqlType, string[]>>;

/** Time zones with and without daylight saving time, and one with a half-hour DST shift. */
export const ZONES = ["UTC", "Asia/Kolkata", "America/New_York", "Europe/London", "Australia/Lord_Howe"];

export const LITERALS: Record<SqlType, string[]> = {
  INT64: ["0", "1", "-1", "2", "7", "-3", "9223372036854775807", "-9223372036854775807", "CAST(NULL AS INT64)"],
  FLOAT64: [
    "CAST(1.5 AS FLOAT64)",
    "CAST(-2.5 AS FLOAT64)",
    "CAST(0 AS FLOAT64)",
    "CAST('-0' AS FLOAT64)",
    "CAST('NaN' AS FLOAT64)",
    "CAST('inf' AS FLOAT64)",
    "CAST('-inf' AS FLOAT64)",
    "1e308",
    "0.1",
    "CAST(NULL AS FLOAT64)",
  ],
  NUMERIC: [
    "NUMERIC '0'",
    "NUMERIC '1.5'",
    "NUMERIC '-2.5'",
    "NUMERIC '0.000000001'",
    "NUMERIC '99999999999999999999999999999.999999999'",
    "NUMERIC '-99999999999999999999999999999.999999999'",
    "CAST(NULL AS NUMERIC)",
  ],
  BOOL: ["TRUE", "FALSE", "CAST(NULL AS BOOL)"],
  STRING: ["''", "'a'", "'A b'", "'é'", "'€uro'", "'日本'", "'\\x41'", "'\\u20AC'", "'10'", "'-3'", "'1.5'", "'2024-02-29'", "CAST(NULL AS STRING)"],
  BYTES: ["b''", "b'ab'", "b'\\xff\\x00'", "CAST(NULL AS BYTES)"],
  DATE: ["DATE '0001-01-01'", "DATE '9999-12-31'", "DATE '2024-02-29'", "DATE '1970-01-01'", "DATE '2024-03-10'", "CAST(NULL AS DATE)"],
  DATETIME: [
    "DATETIME '0001-01-01 00:00:00'",
    "DATETIME '9999-12-31 23:59:59.999999'",
    "DATETIME '2024-03-10 02:30:00'",
    "DATETIME '2024-11-03 01:30:00'",
    "DATETIME '2024-02-29 12:00:00.5'",
    "CAST(NULL AS DATETIME)",
  ],
  TIMESTAMP: [
    "TIMESTAMP '1970-01-01 00:00:00+00'",
    "TIMESTAMP '2024-03-10 07:30:00+00'",
    "TIMESTAMP '2024-11-03 05:30:00+00'",
    "TIMESTAMP '0001-01-01 00:00:00+00'",
    "TIMESTAMP '9999-12-31 23:59:59.999999+00'",
    "TIMESTAMP '2024-02-29 18:30:00.123456+00'",
    "CAST(NULL AS TIMESTAMP)",
  ],
  "ARRAY<INT64>": ["[1, 2, 3]", "ARRAY<INT64>[]", "[10, 11]", "[1, NULL, 3]", "CAST(NULL AS ARRAY<INT64>)"],
  "STRUCT<x INT64, y STRING>": ["STRUCT(1 AS x, 'a' AS y)", "STRUCT(CAST(NULL AS INT64) AS x, 'b' AS y)", "STRUCT<x INT64, y STRING>(2, NULL)"],
};

/** Small INT64 operands for lengths, offsets and counts, so no expression asks for gigabytes. */
const SMALL_INT = fc.constantFrom("0", "1", "2", "3", "-1");
const zone = fc.constantFrom(...ZONES.map((z) => `'${z}'`));
const datePart = fc.constantFrom("DAY", "WEEK", "MONTH", "QUARTER", "YEAR", "ISOWEEK");
const timePart = fc.constantFrom("MICROSECOND", "SECOND", "MINUTE", "HOUR", "DAY");

type Op = (sub: (t: SqlType) => fc.Arbitrary<string>) => fc.Arbitrary<string>;

const f1 = (template: (a: string) => string, t: SqlType): Op => (sub) => sub(t).map(template);
const f2 = (template: (a: string, b: string) => string, ta: SqlType, tb: SqlType = ta): Op => (sub) =>
  fc.tuple(sub(ta), sub(tb)).map(([a, b]) => template(a, b));
const f3 = (template: (a: string, b: string, c: string) => string, ta: SqlType, tb: SqlType, tc: SqlType): Op => (sub) =>
  fc.tuple(sub(ta), sub(tb), sub(tc)).map(([a, b, c]) => template(a, b, c));
const withArb = <A>(arb: fc.Arbitrary<A>, template: (x: A, a: string) => string, t: SqlType): Op => (sub) =>
  fc.tuple(arb, sub(t)).map(([x, a]) => template(x, a));

/** Operators that take any one type T and return T (conditionals). */
const generic = (t: SqlType): Op[] => [
  f3((c, a, b) => `IF(${c}, ${a}, ${b})`, "BOOL", t, t),
  f2((a, b) => `COALESCE(${a}, ${b})`, t),
  f3((c, a, b) => `CASE WHEN ${c} THEN ${a} ELSE ${b} END`, "BOOL", t, t),
  f2((a, b) => `IFNULL(${a}, ${b})`, t),
];

const comparable = (t: SqlType): Op[] => [
  (sub) => fc.tuple(fc.constantFrom("=", "<>", "<", "<=", ">", ">="), sub(t), sub(t)).map(([op, a, b]) => `(${a} ${op} ${b})`),
  f3((a, b, c) => `(${a} BETWEEN ${b} AND ${c})`, t, t, t),
  f3((a, b, c) => `(${a} IN (${b}, ${c}))`, t, t, t),
  f2((a, b) => `(${a} IS DISTINCT FROM ${b})`, t),
];

const OPS: Record<SqlType, Op[]> = {
  INT64: [
    f2((a, b) => `(${a} + ${b})`, "INT64"),
    f2((a, b) => `(${a} - ${b})`, "INT64"),
    f2((a, b) => `(${a} * ${b})`, "INT64"),
    f1((a) => `(-${a})`, "INT64"),
    f1((a) => `ABS(${a})`, "INT64"),
    f2((a, b) => `MOD(${a}, ${b})`, "INT64"),
    f2((a, b) => `DIV(${a}, ${b})`, "INT64"),
    f1((a) => `SIGN(${a})`, "INT64"),
    f2((a, b) => `GREATEST(${a}, ${b})`, "INT64"),
    f2((a, b) => `LEAST(${a}, ${b})`, "INT64"),
    f1((a) => `CAST(${a} AS INT64)`, "FLOAT64"),
    f1((a) => `CAST(${a} AS INT64)`, "NUMERIC"),
    f1((a) => `CAST(${a} AS INT64)`, "STRING"),
    f1((a) => `SAFE_CAST(${a} AS INT64)`, "STRING"),
    f1((a) => `SAFE_CAST(${a} AS INT64)`, "FLOAT64"),
    f1((a) => `LENGTH(${a})`, "STRING"),
    f1((a) => `BYTE_LENGTH(${a})`, "STRING"),
    f1((a) => `LENGTH(${a})`, "BYTES"),
    f2((a, b) => `STRPOS(${a}, ${b})`, "STRING"),
    f1((a) => `ASCII(${a})`, "STRING"),
    f1((a) => `EXTRACT(YEAR FROM ${a})`, "DATE"),
    f1((a) => `EXTRACT(DAYOFWEEK FROM ${a})`, "DATE"),
    f1((a) => `EXTRACT(HOUR FROM ${a})`, "DATETIME"),
    withArb(zone, (z, a) => `EXTRACT(HOUR FROM ${a} AT TIME ZONE ${z})`, "TIMESTAMP"),
    (sub) => fc.tuple(sub("DATE"), sub("DATE"), fc.constantFrom("DAY", "MONTH", "YEAR", "WEEK")).map(([a, b, p]) => `DATE_DIFF(${a}, ${b}, ${p})`),
    (sub) => fc.tuple(sub("TIMESTAMP"), sub("TIMESTAMP"), timePart).map(([a, b, p]) => `TIMESTAMP_DIFF(${a}, ${b}, ${p})`),
    f1((a) => `UNIX_DATE(${a})`, "DATE"),
    f1((a) => `UNIX_SECONDS(${a})`, "TIMESTAMP"),
    f1((a) => `ARRAY_LENGTH(${a})`, "ARRAY<INT64>"),
    (sub) => fc.tuple(sub("ARRAY<INT64>"), SMALL_INT).map(([a, i]) => `${a}[OFFSET(${i})]`),
    (sub) => fc.tuple(sub("ARRAY<INT64>"), SMALL_INT).map(([a, i]) => `${a}[SAFE_OFFSET(${i})]`),
    (sub) => fc.tuple(sub("ARRAY<INT64>"), SMALL_INT).map(([a, i]) => `${a}[ORDINAL(${i})]`),
    f1((a) => `(${a}).x`, "STRUCT<x INT64, y STRING>"),
    f1((a) => `(SELECT SUM(e) FROM UNNEST(${a}) AS e)`, "ARRAY<INT64>"),
    ...generic("INT64"),
  ],
  FLOAT64: [
    f2((a, b) => `(${a} / ${b})`, "INT64"),
    f2((a, b) => `(${a} / ${b})`, "FLOAT64"),
    f2((a, b) => `(${a} + ${b})`, "FLOAT64"),
    f2((a, b) => `(${a} * ${b})`, "FLOAT64"),
    f2((a, b) => `(${a} - ${b})`, "FLOAT64"),
    f1((a) => `(-${a})`, "FLOAT64"),
    f2((a, b) => `IEEE_DIVIDE(${a}, ${b})`, "FLOAT64"),
    f2((a, b) => `SAFE_DIVIDE(${a}, ${b})`, "FLOAT64"),
    f1((a) => `SQRT(${a})`, "FLOAT64"),
    f1((a) => `ABS(${a})`, "FLOAT64"),
    f1((a) => `ROUND(${a})`, "FLOAT64"),
    f1((a) => `FLOOR(${a})`, "FLOAT64"),
    f1((a) => `CEIL(${a})`, "FLOAT64"),
    f1((a) => `TRUNC(${a})`, "FLOAT64"),
    f2((a, b) => `POW(${a}, ${b})`, "FLOAT64"),
    f1((a) => `LN(${a})`, "FLOAT64"),
    f1((a) => `CAST(${a} AS FLOAT64)`, "INT64"),
    f1((a) => `CAST(${a} AS FLOAT64)`, "NUMERIC"),
    f1((a) => `CAST(${a} AS FLOAT64)`, "STRING"),
    f1((a) => `SAFE_CAST(${a} AS FLOAT64)`, "STRING"),
    f2((a, b) => `GREATEST(${a}, ${b})`, "FLOAT64"),
    ...generic("FLOAT64"),
  ],
  NUMERIC: [
    f2((a, b) => `(${a} + ${b})`, "NUMERIC"),
    f2((a, b) => `(${a} - ${b})`, "NUMERIC"),
    f2((a, b) => `(${a} * ${b})`, "NUMERIC"),
    f2((a, b) => `(${a} / ${b})`, "NUMERIC"),
    f1((a) => `(-${a})`, "NUMERIC"),
    f1((a) => `ABS(${a})`, "NUMERIC"),
    f1((a) => `ROUND(${a}, 2)`, "NUMERIC"),
    f1((a) => `ROUND(${a})`, "NUMERIC"),
    f1((a) => `TRUNC(${a})`, "NUMERIC"),
    f1((a) => `CAST(${a} AS NUMERIC)`, "INT64"),
    f1((a) => `CAST(${a} AS NUMERIC)`, "STRING"),
    f1((a) => `SAFE_CAST(${a} AS NUMERIC)`, "STRING"),
    f1((a) => `CAST(${a} AS NUMERIC)`, "FLOAT64"),
    ...generic("NUMERIC"),
  ],
  BOOL: [
    f2((a, b) => `(${a} AND ${b})`, "BOOL"),
    f2((a, b) => `(${a} OR ${b})`, "BOOL"),
    f1((a) => `(NOT ${a})`, "BOOL"),
    ...ORDERABLE.flatMap((t) => [f1((a) => `(${a} IS NULL)`, t)]),
    ...(["INT64", "FLOAT64", "NUMERIC", "STRING", "DATE", "TIMESTAMP"] as SqlType[]).flatMap(comparable),
    f1((a) => `IS_NAN(${a})`, "FLOAT64"),
    f1((a) => `IS_INF(${a})`, "FLOAT64"),
    f2((a, b) => `(${a} LIKE CONCAT('%', ${b}, '%'))`, "STRING"),
    f1((a) => `(${a} LIKE 'a%')`, "STRING"),
    f2((a, b) => `STARTS_WITH(${a}, ${b})`, "STRING"),
    f2((a, b) => `ENDS_WITH(${a}, ${b})`, "STRING"),
    f1((a) => `REGEXP_CONTAINS(${a}, r'^[a-z]')`, "STRING"),
    f2((a, b) => `(${a} = ${b})`, "STRUCT<x INT64, y STRING>"),
    f2((a, b) => `(${a} IN UNNEST(${b}))`, "INT64", "ARRAY<INT64>"),
    f1((a) => `EXISTS(SELECT 1 FROM UNNEST(${a}) AS e WHERE e > 1)`, "ARRAY<INT64>"),
    ...generic("BOOL"),
  ],
  STRING: [
    f2((a, b) => `CONCAT(${a}, ${b})`, "STRING"),
    f2((a, b) => `(${a} || ${b})`, "STRING"),
    f1((a) => `UPPER(${a})`, "STRING"),
    f1((a) => `LOWER(${a})`, "STRING"),
    f1((a) => `TRIM(${a})`, "STRING"),
    f1((a) => `REVERSE(${a})`, "STRING"),
    (sub) => fc.tuple(sub("STRING"), SMALL_INT, SMALL_INT).map(([s, p, l]) => `SUBSTR(${s}, ${p}, ${l})`),
    (sub) => fc.tuple(sub("STRING"), SMALL_INT).map(([s, p]) => `SUBSTR(${s}, ${p})`),
    (sub) => fc.tuple(sub("STRING"), SMALL_INT).map(([s, n]) => `LEFT(${s}, ${n})`),
    (sub) => fc.tuple(sub("STRING"), SMALL_INT).map(([s, n]) => `LPAD(${s}, ${n}, '*')`),
    (sub) => fc.tuple(sub("STRING"), SMALL_INT).map(([s, n]) => `REPEAT(${s}, ${n})`),
    f3((a, b, c) => `REPLACE(${a}, ${b}, ${c})`, "STRING", "STRING", "STRING"),
    f1((a) => `CAST(${a} AS STRING)`, "INT64"),
    f1((a) => `CAST(${a} AS STRING)`, "FLOAT64"),
    f1((a) => `CAST(${a} AS STRING)`, "NUMERIC"),
    f1((a) => `CAST(${a} AS STRING)`, "BOOL"),
    f1((a) => `CAST(${a} AS STRING)`, "DATE"),
    f1((a) => `CAST(${a} AS STRING)`, "DATETIME"),
    f1((a) => `CAST(${a} AS STRING)`, "TIMESTAMP"),
    f1((a) => `SAFE_CONVERT_BYTES_TO_STRING(${a})`, "BYTES"),
    f1((a) => `TO_HEX(${a})`, "BYTES"),
    withArb(zone, (z, a) => `STRING(${a}, ${z})`, "TIMESTAMP"),
    withArb(fc.constantFrom("%Y-%m-%d", "%d/%m/%Y", "%A %B", "%j %U %W", "%Y%m%d"), (f, a) => `FORMAT_DATE('${f}', ${a})`, "DATE"),
    (sub) => fc.tuple(sub("TIMESTAMP"), zone).map(([t, z]) => `FORMAT_TIMESTAMP('%Y-%m-%d %H:%M:%S', ${t}, ${z})`),
    f1((a) => `FORMAT('%d', ${a})`, "INT64"),
    f1((a) => `TO_JSON_STRING(${a})`, "STRUCT<x INT64, y STRING>"),
    f1((a) => `TO_JSON_STRING(${a})`, "ARRAY<INT64>"),
    f1((a) => `(${a}).y`, "STRUCT<x INT64, y STRING>"),
    f1((a) => `ARRAY_TO_STRING(ARRAY(SELECT CAST(e AS STRING) FROM UNNEST(${a}) AS e WITH OFFSET AS o ORDER BY o), ',', 'null')`, "ARRAY<INT64>"),
    f1((a) => `JSON_VALUE(${a}, '$.y')`, "STRING"),
    f1((a) => `JSON_VALUE(TO_JSON_STRING(${a}), '$.y')`, "STRUCT<x INT64, y STRING>"),
    f1((a) => `JSON_QUERY(TO_JSON_STRING(${a}), '$[1]')`, "ARRAY<INT64>"),
    f1((a) => `SPLIT(${a}, ' ')[SAFE_OFFSET(1)]`, "STRING"),
    f1((a) => `REGEXP_EXTRACT(${a}, r'[0-9]+')`, "STRING"),
    f1((a) => `REGEXP_REPLACE(${a}, r'[aeiou]', '_')`, "STRING"),
    ...generic("STRING"),
  ],
  BYTES: [f1((a) => `CAST(${a} AS BYTES)`, "STRING"), f2((a, b) => `CONCAT(${a}, ${b})`, "BYTES"), f1((a) => `SHA256(${a})`, "STRING"), f1((a) => `FROM_HEX(TO_HEX(${a}))`, "BYTES"), ...generic("BYTES")],
  DATE: [
    (sub) => fc.tuple(sub("DATE"), SMALL_INT).map(([d, n]) => `DATE_ADD(${d}, INTERVAL ${n} DAY)`),
    (sub) => fc.tuple(sub("DATE"), sub("INT64")).map(([d, n]) => `DATE_ADD(${d}, INTERVAL ${n} MONTH)`),
    (sub) => fc.tuple(sub("DATE"), SMALL_INT).map(([d, n]) => `DATE_SUB(${d}, INTERVAL ${n} YEAR)`),
    (sub) => fc.tuple(sub("DATE"), datePart).map(([d, p]) => `DATE_TRUNC(${d}, ${p})`),
    (sub) => fc.tuple(sub("TIMESTAMP"), zone).map(([t, z]) => `DATE(${t}, ${z})`),
    f1((a) => `DATE(${a})`, "DATETIME"),
    f1((a) => `LAST_DAY(${a})`, "DATE"),
    f1((a) => `CAST(${a} AS DATE)`, "STRING"),
    f1((a) => `SAFE_CAST(${a} AS DATE)`, "STRING"),
    f1((a) => `DATE_FROM_UNIX_DATE(${a})`, "INT64"),
    f1((a) => `SAFE.PARSE_DATE('%Y-%m-%d', ${a})`, "STRING"),
    ...generic("DATE"),
  ],
  DATETIME: [
    (sub) => fc.tuple(sub("TIMESTAMP"), zone).map(([t, z]) => `DATETIME(${t}, ${z})`),
    (sub) => fc.tuple(sub("DATETIME"), SMALL_INT).map(([d, n]) => `DATETIME_ADD(${d}, INTERVAL ${n} HOUR)`),
    (sub) => fc.tuple(sub("DATETIME"), timePart).map(([d, p]) => `DATETIME_TRUNC(${d}, ${p})`),
    f1((a) => `DATETIME(${a})`, "DATE"),
    f1((a) => `CAST(${a} AS DATETIME)`, "STRING"),
    ...generic("DATETIME"),
  ],
  TIMESTAMP: [
    (sub) => fc.tuple(sub("DATETIME"), zone).map(([d, z]) => `TIMESTAMP(${d}, ${z})`),
    (sub) => fc.tuple(sub("DATE"), zone).map(([d, z]) => `TIMESTAMP(${d}, ${z})`),
    (sub) => fc.tuple(sub("TIMESTAMP"), sub("INT64")).map(([t, n]) => `TIMESTAMP_ADD(${t}, INTERVAL ${n} MINUTE)`),
    (sub) => fc.tuple(sub("TIMESTAMP"), SMALL_INT).map(([t, n]) => `TIMESTAMP_SUB(${t}, INTERVAL ${n} DAY)`),
    (sub) => fc.tuple(sub("TIMESTAMP"), timePart, zone).map(([t, p, z]) => `TIMESTAMP_TRUNC(${t}, ${p}, ${z})`),
    f1((a) => `TIMESTAMP_SECONDS(${a})`, "INT64"),
    f1((a) => `TIMESTAMP_MILLIS(${a})`, "INT64"),
    f1((a) => `CAST(${a} AS TIMESTAMP)`, "STRING"),
    f1((a) => `SAFE_CAST(${a} AS TIMESTAMP)`, "STRING"),
    ...generic("TIMESTAMP"),
  ],
  "ARRAY<INT64>": [
    f2((a, b) => `[${a}, ${b}]`, "INT64"),
    f2((a, b) => `ARRAY_CONCAT(${a}, ${b})`, "ARRAY<INT64>"),
    f1((a) => `ARRAY_REVERSE(${a})`, "ARRAY<INT64>"),
    () => fc.tuple(SMALL_INT, SMALL_INT).map(([a, b]) => `GENERATE_ARRAY(${a}, ${b})`),
    f1((a) => `ARRAY(SELECT e * 2 FROM UNNEST(${a}) AS e WITH OFFSET AS o ORDER BY o)`, "ARRAY<INT64>"),
    ...generic("ARRAY<INT64>"),
  ],
  "STRUCT<x INT64, y STRING>": [
    f2((x, y) => `STRUCT(${x} AS x, ${y} AS y)`, "INT64", "STRING"),
    f2((x, y) => `STRUCT<x INT64, y STRING>(${x}, ${y})`, "INT64", "STRING"),
    ...generic("STRUCT<x INT64, y STRING>"),
  ],
};

/**
 * An expression of type `t` at most `depth` operators deep over the columns of `scope`. Leaves come
 * first, so fast-check shrinks a failing expression towards a column or a literal.
 */
export function expression(t: SqlType, depth: number, scope: Scope): fc.Arbitrary<string> {
  const memo = built.get(scope) ?? new Map<string, fc.Arbitrary<string>>();
  built.set(scope, memo);
  const key = `${t}/${depth}`;
  let arbitrary = memo.get(key);
  if (!arbitrary) {
    const leaves = fc.constantFrom(...(scope[t] ?? []), ...LITERALS[t]);
    const sub = (u: SqlType) => expression(u, depth - 1, scope);
    arbitrary = depth <= 0 ? leaves : fc.oneof({ withCrossShrink: true }, { arbitrary: leaves, weight: OPS[t].length }, ...OPS[t].map((op) => op(sub)));
    memo.set(key, arbitrary);
  }
  return arbitrary;
}

/** One arbitrary per scope, type and depth: operands are shared, not rebuilt for every operator. */
const built = new WeakMap<Scope, Map<string, fc.Arbitrary<string>>>();
