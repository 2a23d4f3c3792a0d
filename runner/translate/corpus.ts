/**
 * Every BigQuery function and construct the translator handles, as data: a self-contained BigQuery
 * query (inputs inline, so no tables are needed) and the rows BigQuery returns for it, taken from
 * BigQuery's documented semantics. tests/translate evaluates each entry on DuckDB through the
 * translator; the fidelity check evaluates the same entries on the GoogleSQL reference engine.
 *
 * Values are written engine-neutrally: INT64 and FLOAT64 as JSON numbers; NUMERIC as
 * `{ numeric: "<decimal>" }` (compared as exact decimals, trailing zeros ignored); STRING as strings;
 * DATE as "YYYY-MM-DD"; DATETIME as "YYYY-MM-DD HH:MM:SS"; TIMESTAMP as "YYYY-MM-DD HH:MM:SS+00"
 * (UTC); BOOL as booleans; ARRAY as arrays; STRUCT as objects; NULL as null. Rows are compared in order.
 */
export type CorpusValue = null | boolean | number | string | { numeric: string } | CorpusValue[] | { [field: string]: CorpusValue };

export interface CorpusEntry {
  name: string;
  bigquery: string;
  expected: Record<string, CorpusValue>[];
}

const numeric = (value: string) => ({ numeric: value });

export const CORPUS: CorpusEntry[] = [
  {
    name: "a comparison with NaN is FALSE (<> TRUE), BETWEEN and IN too; in a filter NaN matches nothing",
    bigquery: `SELECT n = n AS eq, n <> n AS ne, n < 1 AS lt, n > 1 AS gt, n >= n AS ge, n BETWEEN 0 AND n AS bt, n IN (n, 1) AS i,
      (SELECT COUNT(*) FROM UNNEST([n, 1.0]) AS x WHERE x = n) AS matched FROM (SELECT CAST('NaN' AS FLOAT64) AS n)`,
    expected: [{ eq: false, ne: true, lt: false, gt: false, ge: false, bt: false, i: false, matched: 0 }],
  },
  {
    name: "STRUCT equality is field by field: a NULL field makes it NULL unless another field differs",
    bigquery: `SELECT s = s AS same, s = STRUCT(1 AS x, 'b' AS y) AS differs, s <> s AS ne, s IN (s) AS i
      FROM (SELECT STRUCT(1 AS x, CAST(NULL AS STRING) AS y) AS s UNION ALL SELECT STRUCT(2 AS x, CAST(NULL AS STRING) AS y))
      ORDER BY s.x`,
    expected: [
      { same: null, differs: null, ne: null, i: null },
      { same: null, differs: false, ne: null, i: null },
    ],
  },
  {
    name: "AVG of FLOAT64 values near the maximum does not overflow",
    bigquery: `SELECT AVG(x) AS a FROM UNNEST([1e308, 1e308, 1e308, 1e308]) AS x`,
    expected: [{ a: 1e308 }],
  },
  {
    name: "PIVOT with an aggregate alias names its columns <alias>_<value>",
    bigquery: `SELECT * FROM (SELECT 1 AS g, 'a' AS k, 2 AS v UNION ALL SELECT 1, 'b', 3) PIVOT(SUM(v) AS total FOR k IN ('a', 'b' AS bee))`,
    expected: [{ g: 1, total_a: 2, total_bee: 3 }],
  },
  {
    name: "CAST of a FLOAT64 or NUMERIC to INT64 rounds half away from zero, not half to even",
    bigquery: `SELECT CAST(f AS INT64) AS from_float, CAST(n AS INT64) AS from_numeric FROM UNNEST([STRUCT(CAST(-2.5 AS FLOAT64) AS f, NUMERIC '2.5' AS n)])`,
    expected: [{ from_float: -3, from_numeric: 3 }],
  },
  // table paths and JSON
  {
    name: "JSON_VALUE returns the scalar as text",
    bigquery: `SELECT JSON_VALUE('{"s":"x","n":10}', '$.s') AS s, JSON_VALUE('{"s":"x","n":10}', '$.n') AS n`,
    expected: [{ s: "x", n: "10" }],
  },
  {
    name: "JSON_VALUE of an object or array is NULL",
    bigquery: `SELECT JSON_VALUE('{"a":{"b":1}}', '$.a') AS o, JSON_VALUE('{"a":[1]}', '$.a') AS a`,
    expected: [{ o: null, a: null }],
  },
  {
    name: "JSON_VALUE without a path reads the root",
    bigquery: `SELECT JSON_VALUE('"top"') AS v`,
    expected: [{ v: "top" }],
  },
  {
    name: "JSON_EXTRACT_SCALAR returns text, NULL for non-scalars",
    bigquery: `SELECT JSON_EXTRACT_SCALAR('{"s":"x"}', '$.s') AS s, JSON_EXTRACT_SCALAR('{"a":[1]}', '$.a') AS a`,
    expected: [{ s: "x", a: null }],
  },
  {
    name: "JSON_QUERY and JSON_EXTRACT return JSON text",
    bigquery: `SELECT JSON_QUERY('{"a":{"b":1}}', '$.a') AS o, JSON_EXTRACT('{"s":"x"}', '$.s') AS s`,
    expected: [{ o: '{"b":1}', s: '"x"' }],
  },
  {
    name: "JSON_QUERY_ARRAY/JSON_EXTRACT_ARRAY return JSON texts, JSON_VALUE_ARRAY scalars, NULL for a non-array",
    bigquery: `SELECT JSON_QUERY_ARRAY('{"a":[{"x":1},{"x":2}]}', '$.a') AS objects, JSON_EXTRACT_ARRAY('{"a":[1,"b"]}', '$.a') AS mixed,
      JSON_VALUE_ARRAY('{"a":[1,"b"]}', '$.a') AS scalars, JSON_QUERY_ARRAY('{"a":1}', '$.a') AS not_array`,
    expected: [{ objects: ['{"x":1}', '{"x":2}'], mixed: ["1", '"b"'], scalars: ["1", "b"], not_array: null }],
  },
  {
    name: "TO_JSON_STRING of a struct and an array",
    bigquery: `SELECT TO_JSON_STRING(STRUCT(1 AS a, 'x' AS b)) AS obj, TO_JSON_STRING([1, 2]) AS arr`,
    expected: [{ obj: '{"a":1,"b":"x"}', arr: "[1,2]" }],
  },
  {
    name: "TO_JSON_STRING of an INT64 past ±2^53 is a JSON string",
    bigquery: `SELECT TO_JSON_STRING(x) AS json FROM UNNEST([9007199254740992, 9007199254740993, -9223372036854775808, 12]) AS x WITH OFFSET AS o ORDER BY o`,
    expected: [{ json: "9007199254740992" }, { json: '"9007199254740993"' }, { json: '"-9223372036854775808"' }, { json: "12" }],
  },
  // regular expressions
  {
    name: "REGEXP_CONTAINS is a partial match",
    bigquery: `SELECT REGEXP_CONTAINS('foobar', r'oba') AS inside, REGEXP_CONTAINS('foobar', r'^oba') AS anchored`,
    expected: [{ inside: true, anchored: false }],
  },
  {
    name: "REGEXP_EXTRACT returns the match, or the capture group, or NULL",
    bigquery: `SELECT REGEXP_EXTRACT('foo123', r'\\d+') AS whole, REGEXP_EXTRACT('foo123', r'o(\\d)') AS grp, REGEXP_EXTRACT('foo', r'\\d') AS none,
      REGEXP_EXTRACT('abc', r'(?:a)(b)') AS after_non_capturing, REGEXP_EXTRACT('a(b', r'[(]b') AS paren_in_class`,
    expected: [{ whole: "123", grp: "1", none: null, after_non_capturing: "b", paren_in_class: "(b" }],
  },
  {
    name: "REGEXP_EXTRACT_ALL returns every match",
    bigquery: `SELECT REGEXP_EXTRACT_ALL('a1b22', r'\\d+') AS all_matches`,
    expected: [{ all_matches: ["1", "22"] }],
  },
  {
    name: "REGEXP_REPLACE replaces every match and reads \\1",
    bigquery: `SELECT REGEXP_REPLACE('a-b-c', r'-', '+') AS every, REGEXP_REPLACE('abc', r'(b)', r'[\\1]') AS backref`,
    expected: [{ every: "a+b+c", backref: "a[b]c" }],
  },
  // date parts
  {
    name: "EXTRACT(DAYOFWEEK) runs from 1 = Sunday to 7 = Saturday",
    bigquery: `SELECT EXTRACT(DAYOFWEEK FROM DATE '2024-01-07') AS sunday, EXTRACT(DAYOFWEEK FROM DATE '2024-01-13') AS saturday`,
    expected: [{ sunday: 1, saturday: 7 }],
  },
  {
    name: "EXTRACT(WEEK) counts Sunday weeks from 0, WEEK(MONDAY) Monday weeks, ISOWEEK and ISOYEAR are ISO",
    bigquery: `SELECT EXTRACT(WEEK FROM DATE '2024-01-06') AS w0, EXTRACT(WEEK FROM DATE '2024-01-07') AS w1,
      EXTRACT(WEEK(MONDAY) FROM DATE '2024-01-07') AS wm, EXTRACT(ISOWEEK FROM DATE '2024-01-07') AS iw,
      EXTRACT(ISOYEAR FROM DATE '2024-12-30') AS iy, EXTRACT(DAYOFYEAR FROM DATE '2024-02-01') AS doy,
      extract(isoweek from date '2024-12-30') AS lower_case, extract(week(sunday) from date '2024-01-07') AS lower_weekday`,
    expected: [{ w0: 0, w1: 1, wm: 1, iw: 1, iy: 2025, doy: 32, lower_case: 1, lower_weekday: 1 }],
  },
  {
    name: "EXTRACT(DATE FROM timestamp) is the UTC date",
    bigquery: `SELECT EXTRACT(DATE FROM TIMESTAMP '2024-01-01 20:00:00+00') AS d`,
    expected: [{ d: "2024-01-01" }],
  },
  // time zones
  {
    name: "DATE(ts, zone) is the date in that zone",
    bigquery: `SELECT DATE(TIMESTAMP '2024-01-01 20:00:00+00', 'Asia/Kolkata') AS ist, DATE(TIMESTAMP '2024-01-01 20:00:00+00') AS utc`,
    expected: [{ ist: "2024-01-02", utc: "2024-01-01" }],
  },
  {
    name: "DATETIME(ts, zone) is the wall-clock time in that zone",
    bigquery: `SELECT DATETIME(TIMESTAMP '2024-01-01 20:00:00+00', 'Asia/Kolkata') AS dt`,
    expected: [{ dt: "2024-01-02 01:30:00" }],
  },
  {
    name: "DATETIME(date, time) combines them",
    bigquery: `SELECT DATETIME(DATE '2024-01-01', TIME '10:00:00') AS dt`,
    expected: [{ dt: "2024-01-01 10:00:00" }],
  },
  {
    name: "TIMESTAMP(civil string, zone) reads the string in that zone",
    bigquery: `SELECT TIMESTAMP('2024-01-02 01:30:00', 'Asia/Kolkata') AS ts`,
    expected: [{ ts: "2024-01-01 20:00:00+00" }],
  },
  {
    name: "TIMESTAMP literals and TIMESTAMP_SECONDS are UTC instants",
    bigquery: `SELECT TIMESTAMP '2024-01-01 10:00:00' AS lit, TIMESTAMP_SECONDS(86400) AS secs, UNIX_SECONDS(TIMESTAMP '1970-01-02 00:00:00+00') AS unix`,
    expected: [{ lit: "2024-01-01 10:00:00+00", secs: "1970-01-02 00:00:00+00", unix: 86400 }],
  },
  {
    name: "TIMESTAMP_MILLIS, TIMESTAMP_MICROS and UNIX_MILLIS convert epoch counts",
    bigquery: `SELECT TIMESTAMP_MILLIS(86400000) AS ms, TIMESTAMP_MICROS(86400000000) AS us, UNIX_MILLIS(TIMESTAMP '1970-01-02 00:00:00+00') AS unix_ms`,
    expected: [{ ms: "1970-01-02 00:00:00+00", us: "1970-01-02 00:00:00+00", unix_ms: 86400000 }],
  },
  {
    name: "DATE_FROM_UNIX_DATE and UNIX_DATE count days from 1970-01-01",
    bigquery: `SELECT DATE_FROM_UNIX_DATE(1) AS d, UNIX_DATE(DATE '1970-01-03') AS n`,
    expected: [{ d: "1970-01-02", n: 2 }],
  },
  {
    name: "EXTRACT(HOUR FROM ts AT TIME ZONE zone) reads the local hour",
    bigquery: `SELECT EXTRACT(HOUR FROM TIMESTAMP '2024-01-01 20:00:00+00' AT TIME ZONE 'Asia/Kolkata') AS h`,
    expected: [{ h: 1 }],
  },
  {
    name: "CURRENT_DATETIME(zone) is now in that zone",
    bigquery: `SELECT DATETIME_DIFF(CURRENT_DATETIME('Asia/Kolkata'), CURRENT_DATETIME(), MINUTE) AS offset_minutes`,
    expected: [{ offset_minutes: 330 }],
  },
  {
    name: "CURRENT_DATE(zone) is today in that zone",
    bigquery: `SELECT CURRENT_DATE('Asia/Kolkata') BETWEEN CURRENT_DATE() AND DATE_ADD(CURRENT_DATE(), INTERVAL 1 DAY) AS plausible`,
    expected: [{ plausible: true }],
  },
  // truncation
  {
    name: "DATE_TRUNC returns a DATE; WEEK starts on Sunday, WEEK(MONDAY) and ISOWEEK on Monday",
    bigquery: `SELECT DATE_TRUNC(DATE '2024-05-17', MONTH) AS m, DATE_TRUNC(DATE '2024-05-17', WEEK) AS w,
      DATE_TRUNC(DATE '2024-05-17', WEEK(MONDAY)) AS wm, DATE_TRUNC(DATE '2024-05-17', ISOWEEK) AS iw,
      DATE_TRUNC(DATE '2024-05-17', QUARTER) AS q, DATE_TRUNC(DATE '2024-05-17', YEAR) AS y, DATE_TRUNC(DATE '2024-12-31', ISOYEAR) AS iy`,
    expected: [{ m: "2024-05-01", w: "2024-05-12", wm: "2024-05-13", iw: "2024-05-13", q: "2024-04-01", y: "2024-01-01", iy: "2024-12-30" }],
  },
  {
    name: "TIMESTAMP_TRUNC truncates in UTC unless a zone is given",
    bigquery: `SELECT TIMESTAMP_TRUNC(TIMESTAMP '2024-05-17 20:15:00+00', DAY) AS utc_day,
      TIMESTAMP_TRUNC(TIMESTAMP '2024-05-17 20:15:00+00', DAY, 'Asia/Kolkata') AS ist_day,
      TIMESTAMP_TRUNC(TIMESTAMP '2024-05-17 20:15:00+00', HOUR) AS hour`,
    expected: [{ utc_day: "2024-05-17 00:00:00+00", ist_day: "2024-05-17 18:30:00+00", hour: "2024-05-17 20:00:00+00" }],
  },
  {
    name: "TIMESTAMP_TRUNC below a day keeps the instant's UTC offset on the hour the DST fall-back repeats",
    bigquery: `SELECT TIMESTAMP_TRUNC(TIMESTAMP '2024-11-03 05:30:10+00', HOUR, 'America/New_York') AS edt_hour,
      TIMESTAMP_TRUNC(TIMESTAMP '2024-11-03 06:30:10+00', HOUR, 'America/New_York') AS est_hour,
      TIMESTAMP_TRUNC(TIMESTAMP '2024-11-03 05:30:10+00', MINUTE, 'America/New_York') AS edt_minute,
      TIMESTAMP_TRUNC(TIMESTAMP '2024-11-03 05:30:10+00', DAY, 'America/New_York') AS day`,
    expected: [{ edt_hour: "2024-11-03 05:00:00+00", est_hour: "2024-11-03 06:00:00+00", edt_minute: "2024-11-03 05:30:00+00", day: "2024-11-03 04:00:00+00" }],
  },
  {
    name: "DATETIME_TRUNC returns a DATETIME",
    bigquery: `SELECT DATETIME_TRUNC(DATETIME '2024-05-17 20:15:00', MONTH) AS m`,
    expected: [{ m: "2024-05-01 00:00:00" }],
  },
  // formatting and parsing
  {
    name: "FORMAT_DATE reads BigQuery format elements",
    bigquery: `SELECT FORMAT_DATE('%Y%m%d', DATE '2024-05-07') AS compact, FORMAT_DATE('%F', DATE '2024-05-07') AS iso`,
    expected: [{ compact: "20240507", iso: "2024-05-07" }],
  },
  {
    name: "FORMAT_DATE and FORMAT_TIMESTAMP write %Y, %F's year and %G unpadded (year 1 is 1), %E4Y in four digits",
    bigquery: `SELECT FORMAT_DATE('%Y|%F|%G|%E4Y|%%Y', DATE '0001-02-03') AS year_one, FORMAT_TIMESTAMP('%Y-%m', TIMESTAMP '0012-02-03 05:00:00+00') AS year_twelve,
      FORMAT_DATE('', DATE '2024-05-07') AS empty`,
    expected: [{ year_one: "1|1-02-03|1|0001|%Y", year_twelve: "12-02", empty: "" }],
  },
  {
    name: "FORMAT_TIMESTAMP formats in UTC unless a zone is given",
    bigquery: `SELECT FORMAT_TIMESTAMP('%Y-%m-%d %H:%M', TIMESTAMP '2024-05-07 20:00:00+00') AS utc,
      FORMAT_TIMESTAMP('%F %T', TIMESTAMP '2024-05-07 20:00:00+00', 'Asia/Kolkata') AS ist`,
    expected: [{ utc: "2024-05-07 20:00", ist: "2024-05-08 01:30:00" }],
  },
  {
    name: "PARSE_DATE and PARSE_DATETIME read the whole string",
    bigquery: `SELECT PARSE_DATE('%Y%m%d', '20240507') AS d, PARSE_DATETIME('%Y-%m-%d %H:%M', '2024-05-07 10:30') AS dt`,
    expected: [{ d: "2024-05-07", dt: "2024-05-07 10:30:00" }],
  },
  {
    name: "PARSE_TIMESTAMP reads civil time in UTC unless a zone is given",
    bigquery: `SELECT PARSE_TIMESTAMP('%Y-%m-%d %H:%M:%S', '2024-05-07 10:00:00') AS utc,
      PARSE_TIMESTAMP('%Y-%m-%d %H:%M:%S', '2024-05-07 10:00:00', 'Asia/Kolkata') AS ist`,
    expected: [{ utc: "2024-05-07 10:00:00+00", ist: "2024-05-07 04:30:00+00" }],
  },
  {
    name: "SAFE.PARSE_DATE returns NULL for text that does not parse",
    bigquery: `SELECT SAFE.PARSE_DATE('%Y%m%d', 'nope') AS d`,
    expected: [{ d: null }],
  },
  {
    name: "FORMAT reads printf specifiers",
    bigquery: `SELECT FORMAT('%d items at %s', 3, 'Pune') AS s`,
    expected: [{ s: "3 items at Pune" }],
  },
  // types and casts
  {
    name: "NUMERIC keeps nine decimal places",
    bigquery: `SELECT CAST('1.123456789' AS NUMERIC) AS n, NUMERIC '0.000000001' AS tiny`,
    expected: [{ n: numeric("1.123456789"), tiny: numeric("0.000000001") }],
  },
  {
    name: "money summed as NUMERIC is not rounded to three places",
    bigquery: `SELECT SUM(CAST(x AS NUMERIC)) AS total FROM UNNEST(['0.0015', '0.0015', '10.25']) AS x`,
    expected: [{ total: numeric("10.253") }],
  },
  {
    name: "casts to INT64 round half away from zero; SAFE_CAST gives NULL",
    bigquery: `SELECT CAST(2.5 AS INT64) AS up, CAST(-2.5 AS INT64) AS down, SAFE_CAST('x' AS INT64) AS bad,
      CAST(12 AS STRING) AS s, CAST('true' AS BOOL) AS b, CAST(1 AS FLOAT64) AS f`,
    expected: [{ up: 3, down: -3, bad: null, s: "12", b: true, f: 1 }],
  },
  {
    name: "a string casts to DATE only as YYYY-[M]M-[D]D: with a time, spaces or a short year SAFE_CAST gives NULL",
    bigquery: `SELECT SAFE_CAST('2024-5-7' AS DATE) AS short_parts, SAFE_CAST('2024-05-07 10:00:00' AS DATE) AS with_time,
      SAFE_CAST(' 2024-05-07' AS DATE) AS spaced, SAFE_CAST('24-05-07' AS DATE) AS short_year, CAST(TIMESTAMP '2024-05-07 23:00:00+00' AS DATE) AS of_timestamp`,
    expected: [{ short_parts: "2024-05-07", with_time: null, spaced: null, short_year: null, of_timestamp: "2024-05-07" }],
  },
  {
    name: "casting a FLOAT64 result to INT64 rounds half away from zero",
    bigquery: `SELECT CAST(a / b AS INT64) AS quotient, CAST(-a / b AS INT64) AS negative, CAST(a * 0.5 AS INT64) AS scaled, CAST(SAFE_DIVIDE(7, 2) AS INT64) AS safe
      FROM (SELECT 5 AS a, 2 AS b)`,
    expected: [{ quotient: 3, negative: -3, scaled: 3, safe: 4 }],
  },
  {
    name: "a TIMESTAMP cast to STRING is shown in UTC",
    bigquery: `SELECT CAST(TIMESTAMP '2024-01-01 10:00:00+05:30' AS STRING) AS s`,
    expected: [{ s: "2024-01-01 04:30:00+00" }],
  },
  // arithmetic
  {
    name: "SAFE_DIVIDE returns NULL on division by zero",
    bigquery: `SELECT SAFE_DIVIDE(1, 0) AS zero, SAFE_DIVIDE(6, 4) AS ratio, 7 / 2 AS slash`,
    expected: [{ zero: null, ratio: 1.5, slash: 3.5 }],
  },
  {
    name: "COUNTIF counts TRUE only and is 0 when every condition is NULL, also as a window",
    bigquery: `SELECT COUNTIF(x > 1) AS all_null, (SELECT COUNTIF(y > 1) FROM UNNEST([1, 2, 3, NULL]) AS y) AS two,
      (SELECT MAX(c) FROM (SELECT COUNTIF(y > 1) OVER (ORDER BY y) AS c FROM UNNEST([1, 2, 3]) AS y)) AS running
      FROM UNNEST([CAST(NULL AS INT64)]) AS x`,
    expected: [{ all_null: 0, two: 2, running: 2 }],
  },
  {
    name: "SAFE_DIVIDE nested in SAFE_DIVIDE",
    bigquery: `SELECT SAFE_DIVIDE(10, SAFE_DIVIDE(14, 28)) AS days, SAFE_DIVIDE(1, SAFE_DIVIDE(0, 5)) AS by_zero, SAFE_DIVIDE(6 - 2, 1 + 1) AS sums`,
    expected: [{ days: 20, by_zero: null, sums: 2 }],
  },
  {
    name: "DIV truncates towards zero and MOD takes the sign of the dividend",
    bigquery: `SELECT DIV(-5, 2) AS d, MOD(-5, 2) AS m, DIV(7, 2) AS d2`,
    expected: [{ d: -2, m: -1, d2: 3 }],
  },
  {
    name: "ROUND rounds half away from zero",
    bigquery: `SELECT ROUND(2.5) AS up, ROUND(-2.5) AS down, ROUND(CAST('1.125' AS NUMERIC), 2) AS n`,
    expected: [{ up: 3, down: -3, n: numeric("1.13") }],
  },
  {
    name: "IFNULL, IF, GREATEST with a NULL, CONCAT with a NULL",
    bigquery: `SELECT IFNULL(NULL, 3) AS i, IF(1 > 2, 'a', 'b') AS f, GREATEST(1, NULL) AS g, CONCAT('a', NULL) AS c, CONCAT('a', 'b', 'c') AS abc`,
    expected: [{ i: 3, f: "b", g: null, c: null, abc: "abc" }],
  },
  {
    name: "string functions: SUBSTR from the end, SPLIT, LENGTH in characters, LPAD, INSTR, TRIM",
    bigquery: `SELECT SUBSTR('abcdef', -2) AS tail, SUBSTR('abcdef', 2, 3) AS mid, SPLIT('a,b', ',') AS parts, LENGTH('héllo') AS len,
      LPAD('7', 3, '0') AS padded, INSTR('abc', 'c') AS pos, TRIM('  a ') AS trimmed, STARTS_WITH('abc', 'a') AS starts`,
    expected: [{ tail: "ef", mid: "bcd", parts: ["a", "b"], len: 5, padded: "007", pos: 3, trimmed: "a", starts: true }],
  },
  {
    name: "SUBSTR reads position 0 as 1 and clamps a position before the start",
    bigquery: `SELECT SUBSTR('abc', 0, 2) AS zero, SUBSTR('abcdef', -10, 2) AS before_start, SUBSTR('abcdef', p, 2) AS computed, SUBSTR('abc', NULL) AS null_position
      FROM UNNEST([-3]) AS p`,
    expected: [{ zero: "ab", before_start: "ab", computed: "de", null_position: null }],
  },
  // aggregates
  {
    name: "COUNTIF, LOGICAL_AND, LOGICAL_OR, ANY_VALUE, APPROX_COUNT_DISTINCT",
    bigquery: `SELECT COUNTIF(f) AS cf, LOGICAL_AND(f) AS la, LOGICAL_OR(f) AS lo, ANY_VALUE(k) AS av, APPROX_COUNT_DISTINCT(k) AS acd
      FROM UNNEST([STRUCT(1 AS k, TRUE AS f), (1, FALSE), (1, TRUE)])`,
    expected: [{ cf: 2, la: false, lo: true, av: 1, acd: 1 }],
  },
  {
    name: "ARRAY_AGG with IGNORE NULLS, ORDER BY and LIMIT",
    bigquery: `SELECT ARRAY_AGG(s IGNORE NULLS ORDER BY s DESC LIMIT 2) AS top2 FROM UNNEST(['b', NULL, 'a', 'c']) AS s`,
    expected: [{ top2: ["c", "b"] }],
  },
  {
    name: "latest row per key with ARRAY_AGG(row ORDER BY … LIMIT 1)[OFFSET(0)]",
    bigquery: `WITH src AS (SELECT 1 AS id, 10 AS v, 1 AS ts UNION ALL SELECT 1, 20, 2 UNION ALL SELECT 2, 5, 1)
      SELECT * FROM (SELECT latest.* FROM (SELECT ARRAY_AGG(t ORDER BY ts DESC LIMIT 1)[OFFSET(0)] AS latest FROM src AS t GROUP BY id)) ORDER BY id`,
    expected: [
      { id: 1, v: 20, ts: 2 },
      { id: 2, v: 5, ts: 1 },
    ],
  },
  {
    name: "SELECT * REPLACE swaps a column",
    bigquery: `WITH src AS (SELECT 1 AS id, 10 AS v) SELECT * REPLACE (v * 2 AS v) FROM src`,
    expected: [{ id: 1, v: 20 }],
  },
  {
    name: "STRING_AGG with a separator and ORDER BY",
    bigquery: `SELECT STRING_AGG(s, '|' ORDER BY s) AS joined, STRING_AGG(s ORDER BY s) AS comma FROM UNNEST(['b', 'a']) AS s`,
    expected: [{ joined: "a|b", comma: "a,b" }],
  },
  {
    name: "ascending order puts NULLs first, descending last",
    bigquery: `SELECT (SELECT ARRAY_AGG(IFNULL(x, 0) ORDER BY x) FROM UNNEST([2, NULL, 1]) AS x) AS asc_order,
      (SELECT ARRAY_AGG(IFNULL(x, 0) ORDER BY x DESC) FROM UNNEST([2, NULL, 1]) AS x) AS desc_order`,
    expected: [{ asc_order: [0, 1, 2], desc_order: [2, 1, 0] }],
  },
  {
    name: "QUALIFY keeps the latest row per key",
    bigquery: `SELECT a, b FROM UNNEST([STRUCT(1 AS a, 1 AS b), (1, 2), (2, 1)]) WHERE TRUE
      QUALIFY ROW_NUMBER() OVER (PARTITION BY a ORDER BY b DESC) = 1 ORDER BY a`,
    expected: [
      { a: 1, b: 2 },
      { a: 2, b: 1 },
    ],
  },
  // arrays and structs
  {
    name: "UNNEST WITH OFFSET numbers elements from 0",
    bigquery: `SELECT x, off FROM UNNEST(['a', 'b']) AS x WITH OFFSET AS off ORDER BY off`,
    expected: [
      { x: "a", off: 0 },
      { x: "b", off: 1 },
    ],
  },
  {
    name: "correlated UNNEST WITH OFFSET of a column",
    bigquery: `WITH t AS (SELECT 1 AS id, [10, 20] AS arr) SELECT id, v, o FROM t, UNNEST(t.arr) AS v WITH OFFSET o ORDER BY o`,
    expected: [
      { id: 1, v: 10, o: 0 },
      { id: 1, v: 20, o: 1 },
    ],
  },
  {
    name: "an array literal's STRUCTs take the first element's field names, nested ones too",
    bigquery: `SELECT o, items FROM UNNEST([STRUCT(1 AS o, [STRUCT('a' AS s, 1 AS q)] AS items), STRUCT(2, [STRUCT('b', 2)]), (3, [('c', 3), ('d', 4)])]) ORDER BY o`,
    expected: [
      { o: 1, items: [{ s: "a", q: 1 }] },
      { o: 2, items: [{ s: "b", q: 2 }] },
      { o: 3, items: [{ s: "c", q: 3 }, { s: "d", q: 4 }] },
    ],
  },
  {
    name: "UNNEST of a STRUCT array chosen by IF gives one column per field",
    bigquery: `SELECT * FROM UNNEST(IF(1 > 0, [STRUCT(1 AS id, 'a' AS val), (2, 'b')], [STRUCT(3 AS id, 'c' AS val)])) ORDER BY id`,
    expected: [
      { id: 1, val: "a" },
      { id: 2, val: "b" },
    ],
  },
  {
    name: "UNNEST of CASE and COALESCE of STRUCT arrays: fields by name",
    bigquery: `SELECT id, (SELECT val FROM UNNEST(CASE WHEN FALSE THEN [STRUCT(1 AS id, 'a' AS val)] ELSE [STRUCT(2 AS id, 'b' AS val)] END)) AS val
      FROM UNNEST(COALESCE(CAST(NULL AS ARRAY<STRUCT<id INT64>>), [STRUCT(5 AS id)]))`,
    expected: [{ id: 5, val: "b" }],
  },
  {
    name: "UNNEST AS s of STRUCTs: s is the whole element (NULL stays NULL), s.id and id its field",
    bigquery: `SELECT s, s.id AS field, id AS bare FROM UNNEST([STRUCT(1 AS id, 'a' AS val), NULL]) AS s ORDER BY bare`,
    expected: [
      { s: null, field: null, bare: null },
      { s: { id: 1, val: "a" }, field: 1, bare: 1 },
    ],
  },
  {
    name: "UNNEST AS s WITH OFFSET of STRUCTs: * is the fields and the offset, s the element",
    bigquery: `SELECT *, s AS whole FROM UNNEST([STRUCT(1 AS id, 'a' AS val), (2, 'b')]) AS s WITH OFFSET o ORDER BY o`,
    expected: [
      { id: 1, val: "a", o: 0, whole: { id: 1, val: "a" } },
      { id: 2, val: "b", o: 1, whole: { id: 2, val: "b" } },
    ],
  },
  {
    name: "UNNEST AS s WITH OFFSET of STRUCTs: s.* is the fields only",
    bigquery: `SELECT s.* FROM UNNEST([STRUCT(1 AS id, 'a' AS val)]) AS s WITH OFFSET o`,
    expected: [{ id: 1, val: "a" }],
  },
  {
    name: "LEFT JOIN UNNEST of a STRUCT array column WITH OFFSET keeps the row of an empty array",
    bigquery: `WITH t AS (SELECT 1 AS k, [STRUCT(1 AS id, 'a' AS val), (2, 'b')] AS arr UNION ALL SELECT 2, [])
      SELECT * EXCEPT (arr) FROM t LEFT JOIN UNNEST(t.arr) AS x WITH OFFSET o ORDER BY k, o`,
    expected: [
      { k: 1, id: 1, val: "a", o: 0 },
      { k: 1, id: 2, val: "b", o: 1 },
      { k: 2, id: null, val: null, o: null },
    ],
  },
  {
    name: "UNNEST of scalars AS x WITH OFFSET: * is the value and the offset",
    bigquery: `SELECT * FROM UNNEST([10, 20]) AS x WITH OFFSET o ORDER BY o`,
    expected: [
      { x: 10, o: 0 },
      { x: 20, o: 1 },
    ],
  },
  {
    name: "STRUCT, array subscripts and x IN UNNEST(array)",
    bigquery: `SELECT STRUCT(1 AS a, 'x' AS b) AS st, [10, 20][OFFSET(1)] AS second, [10, 20][ORDINAL(1)] AS first,
      [10, 20][SAFE_OFFSET(5)] AS missing, 3 IN UNNEST([1, 2, 3]) AS present, 4 IN UNNEST([1, 2]) AS absent`,
    expected: [{ st: { a: 1, b: "x" }, second: 20, first: 10, missing: null, present: true, absent: false }],
  },
  {
    name: "GENERATE_DATE_ARRAY includes both ends",
    bigquery: `SELECT GENERATE_DATE_ARRAY('2024-02-27', '2024-03-01', INTERVAL 1 DAY) AS days`,
    expected: [{ days: ["2024-02-27", "2024-02-28", "2024-02-29", "2024-03-01"] }],
  },
  {
    name: "array functions: ARRAY_TO_STRING, ARRAY_CONCAT, GENERATE_ARRAY, ARRAY_LENGTH, ARRAY subqueries",
    bigquery: `SELECT ARRAY_TO_STRING(['a', 'b'], '-') AS joined, ARRAY_CONCAT([1], [2]) AS concat, GENERATE_ARRAY(1, 3) AS series,
      ARRAY_LENGTH([1, 2]) AS len, ARRAY(SELECT AS STRUCT 1 AS a, 2 AS b) AS structs, ARRAY(SELECT x * 2 FROM UNNEST([1, 2]) AS x ORDER BY x) AS doubled`,
    expected: [{ joined: "a-b", concat: [1, 2], series: [1, 2, 3], len: 2, structs: [{ a: 1, b: 2 }], doubled: [2, 4] }],
  },
  {
    name: "PERCENTILE_CONT over a window and LAST_VALUE IGNORE NULLS",
    bigquery: `SELECT o, PERCENTILE_CONT(x, 0.5) OVER () AS median,
      LAST_VALUE(x IGNORE NULLS) OVER (ORDER BY o ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS last_known
      FROM UNNEST([STRUCT(1 AS o, 1 AS x), (2, 4), (3, NULL)]) ORDER BY o`,
    expected: [
      { o: 1, median: 2.5, last_known: 4 },
      { o: 2, median: 2.5, last_known: 4 },
      { o: 3, median: 2.5, last_known: 4 },
    ],
  },
  {
    name: "x IN UNNEST(array) with NULLs and empty arrays, and NOT IN UNNEST",
    bigquery: `SELECT CAST(NULL AS INT64) IN UNNEST([1]) AS null_x, 1 IN UNNEST(CAST(NULL AS ARRAY<INT64>)) AS null_list,
      1 IN UNNEST(CAST([] AS ARRAY<INT64>)) AS empty, 2 IN UNNEST([1, NULL]) AS null_element, 2 NOT IN UNNEST([1, 2]) AS not_in`,
    expected: [{ null_x: null, null_list: false, empty: false, null_element: null, not_in: false }],
  },
  {
    name: "x IN UNNEST(array) inside LAST_VALUE … IGNORE NULLS: the last value sent, a sent NULL included",
    bigquery: `SELECT o, (LAST_VALUE(IF('email' IN UNNEST(absent), NULL, STRUCT(email AS v)) IGNORE NULLS)
        OVER (ORDER BY o ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)).v AS email,
      FIRST_VALUE('email' NOT IN UNNEST(absent)) OVER (ORDER BY o DESC) AS last_sent
      FROM UNNEST([STRUCT(1 AS o, 'a' AS email, CAST([] AS ARRAY<STRING>) AS absent), (2, NULL, ['email']), (3, NULL, []), (4, NULL, ['email'])])
      ORDER BY o`,
    expected: [
      { o: 1, email: "a", last_sent: false },
      { o: 2, email: "a", last_sent: false },
      { o: 3, email: null, last_sent: false },
      { o: 4, email: null, last_sent: false },
    ],
  },
  {
    name: "SELECT * EXCEPT drops columns",
    bigquery: `SELECT * EXCEPT (b) FROM (SELECT 1 AS a, 2 AS b)`,
    expected: [{ a: 1 }],
  },
  // hashing
  {
    name: "TO_HEX(SHA256(...)) and TO_HEX(MD5(...)) are lower-case hex digests",
    bigquery: `SELECT TO_HEX(SHA256('abc')) AS sha, TO_HEX(MD5('abc')) AS md5`,
    expected: [{ sha: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", md5: "900150983cd24fb0d6963f7d28e17f72" }],
  },
  // date arithmetic
  {
    name: "DATE_DIFF counts part boundaries; WEEK boundaries are Sundays",
    bigquery: `SELECT DATE_DIFF(DATE '2024-01-01', DATE '2023-12-31', YEAR) AS y, DATE_DIFF(DATE '2024-03-01', DATE '2024-01-31', MONTH) AS m,
      DATE_DIFF(DATE '2024-01-14', DATE '2024-01-13', WEEK) AS w, DATE_DIFF(DATE '2024-01-10', DATE '2024-01-01', DAY) AS d`,
    expected: [{ y: 1, m: 2, w: 1, d: 9 }],
  },
  {
    name: "DATETIME_DIFF in days counts day boundaries",
    bigquery: `SELECT DATETIME_DIFF(DATETIME '2010-07-07 10:20:00', DATETIME '2008-12-25 15:30:00', DAY) AS days`,
    expected: [{ days: 559 }],
  },
  {
    name: "TIMESTAMP_DIFF counts whole elapsed parts",
    bigquery: `SELECT TIMESTAMP_DIFF(TIMESTAMP '2024-01-01 01:00:00+00', TIMESTAMP '2024-01-01 00:59:59+00', HOUR) AS partial,
      TIMESTAMP_DIFF(TIMESTAMP '2024-01-02 00:00:00+00', TIMESTAMP '2024-01-01 00:00:00+00', HOUR) AS day_in_hours`,
    expected: [{ partial: 0, day_in_hours: 24 }],
  },
  {
    name: "DATE_ADD and DATE_SUB return a DATE and clamp to the month end",
    bigquery: `SELECT DATE_ADD(DATE '2024-01-31', INTERVAL 1 MONTH) AS a, DATE_SUB(DATE '2024-03-01', INTERVAL 1 DAY) AS b, LAST_DAY(DATE '2024-02-10') AS l`,
    expected: [{ a: "2024-02-29", b: "2024-02-29", l: "2024-02-29" }],
  },
  {
    name: "TIMESTAMP_ADD adds to the instant, DATETIME_ADD to the wall-clock time",
    bigquery: `SELECT TIMESTAMP_ADD(TIMESTAMP '2024-01-01 23:00:00+00', INTERVAL 3 HOUR) AS ts, DATETIME_ADD(DATETIME '2024-01-01 00:00:00', INTERVAL 90 MINUTE) AS dt`,
    expected: [{ ts: "2024-01-02 02:00:00+00", dt: "2024-01-01 01:30:00" }],
  },
  {
    name: "intervals with a computed count",
    bigquery: `SELECT DATE_ADD(DATE '2024-01-01', INTERVAL n DAY) AS d, TIMESTAMP_SUB(TIMESTAMP '2024-01-01 00:00:00+00', INTERVAL n HOUR) AS ts FROM UNNEST([3]) AS n`,
    expected: [{ d: "2024-01-04", ts: "2023-12-31 21:00:00+00" }],
  },
];
