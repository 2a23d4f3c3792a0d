/**
 * Documented examples of the BigQuery functions the project and its users are likely to use, each with
 * the result the BigQuery function reference gives (one reference page per group). The fidelity test
 * checks every example on the GoogleSQL reference engine (against the documented result) and on DuckDB
 * through the translator. Values are written as in runner/translate/corpus.ts.
 */
import type { CorpusEntry } from "../../runner/translate/corpus";

export interface FunctionExampleGroup {
  group: string;
  reference: string;
  examples: CorpusEntry[];
}

const REFERENCE = "https://cloud.google.com/bigquery/docs/reference/standard-sql";
const numeric = (value: string) => ({ numeric: value });

export const FUNCTION_EXAMPLES: FunctionExampleGroup[] = [
  {
    group: "string",
    reference: `${REFERENCE}/string_functions`,
    examples: [
      { name: "CONCAT", bigquery: `SELECT CONCAT('T.P.', ' ', 'Bar') AS author, CONCAT('a', NULL) AS with_null`, expected: [{ author: "T.P. Bar", with_null: null }] },
      { name: "LENGTH and BYTE_LENGTH count characters and bytes", bigquery: `SELECT LENGTH('абвгд') AS characters, BYTE_LENGTH('абвгд') AS bytes`, expected: [{ characters: 5, bytes: 10 }] },
      { name: "LOWER and UPPER", bigquery: `SELECT LOWER('FOO BAR') AS lower, UPPER('foo bar') AS upper`, expected: [{ lower: "foo bar", upper: "FOO BAR" }] },
      { name: "INITCAP", bigquery: `SELECT INITCAP('Hello World-everyone!') AS s`, expected: [{ s: "Hello World-Everyone!" }] },
      { name: "LPAD and RPAD", bigquery: `SELECT LPAD('c', 5) AS l1, LPAD('b', 4, 'a') AS l2, LPAD('12345', 3) AS l3, RPAD('c', 5, '-') AS r1`, expected: [{ l1: "    c", l2: "aaab", l3: "123", r1: "c----" }] },
      { name: "LEFT and RIGHT", bigquery: `SELECT LEFT('apple', 3) AS l, RIGHT('apple', 3) AS r`, expected: [{ l: "app", r: "ple" }] },
      { name: "REPEAT", bigquery: `SELECT REPEAT('abc', 3) AS r, REPEAT('abc', 0) AS empty`, expected: [{ r: "abcabcabc", empty: "" }] },
      { name: "REPLACE", bigquery: `SELECT REPLACE('apple pie', 'pie', 'cobbler') AS s`, expected: [{ s: "apple cobbler" }] },
      { name: "REVERSE", bigquery: `SELECT REVERSE('abc') AS s, REVERSE('абв') AS cyrillic`, expected: [{ s: "cba", cyrillic: "вба" }] },
      { name: "SPLIT", bigquery: `SELECT SPLIT('b,c,d', ',') AS parts, SPLIT('', ',') AS empty`, expected: [{ parts: ["b", "c", "d"], empty: [""] }] },
      { name: "STARTS_WITH and ENDS_WITH", bigquery: `SELECT STARTS_WITH('foo', 'b') AS starts, ENDS_WITH('apple', 'e') AS ends`, expected: [{ starts: false, ends: true }] },
      { name: "STRPOS", bigquery: `SELECT STRPOS('foo@example.com', '@') AS at_sign, STRPOS('foo', 'z') AS none`, expected: [{ at_sign: 4, none: 0 }] },
      { name: "SUBSTR with positive and negative positions", bigquery: `SELECT SUBSTR('apple', 2) AS a, SUBSTR('apple', 2, 2) AS b, SUBSTR('apple', -2) AS c, SUBSTR('apple', 1, 123) AS d, SUBSTR('apple', 123) AS e`, expected: [{ a: "pple", b: "pp", c: "le", d: "apple", e: "" }] },
      { name: "TRIM, LTRIM and RTRIM", bigquery: `SELECT TRIM('   apple   ') AS t, TRIM('***apple***', '*') AS stars, LTRIM('  apple') AS l, RTRIM('apple  ') AS r`, expected: [{ t: "apple", stars: "apple", l: "apple", r: "apple" }] },
      { name: "ASCII and CHR", bigquery: `SELECT ASCII('abcd') AS a, ASCII('') AS empty, CHR(65) AS c`, expected: [{ a: 97, empty: 0, c: "A" }] },
      { name: "TO_CODE_POINTS and CODE_POINTS_TO_STRING", bigquery: `SELECT TO_CODE_POINTS('foo') AS points, CODE_POINTS_TO_STRING([65, 255, 513, 1024]) AS s`, expected: [{ points: [102, 111, 111], s: "AÿȁЀ" }] },
      { name: "FORMAT with %d, %s and %.2f", bigquery: `SELECT FORMAT('%d', 10) AS d, FORMAT('-%s-', 'abc') AS s, FORMAT('%.2f', 1.2345) AS f`, expected: [{ d: "10", s: "-abc-", f: "1.23" }] },
      { name: "REGEXP_CONTAINS", bigquery: `SELECT REGEXP_CONTAINS('foo@example.com', r'@[a-zA-Z0-9-]+\\.[a-zA-Z0-9-.]+') AS valid`, expected: [{ valid: true }] },
      { name: "REGEXP_EXTRACT", bigquery: `SELECT REGEXP_EXTRACT('foo@example.com', r'^[a-zA-Z0-9_.+-]+') AS user_name`, expected: [{ user_name: "foo" }] },
      { name: "REGEXP_REPLACE with a back reference", bigquery: `SELECT REGEXP_REPLACE('# Heading', r'^# ([a-zA-Z0-9\\s]+$)', '<h1>\\\\1</h1>') AS html`, expected: [{ html: "<h1>Heading</h1>" }] },
      { name: "TO_HEX", bigquery: `SELECT TO_HEX(b'foobar') AS hex`, expected: [{ hex: "666f6f626172" }] },
      { name: "string escapes \\x41 and \\u20AC", bigquery: `SELECT '\\x41' AS x, '\\u20AC' AS euro, 'a\\tb' AS tab, LENGTH('\\u20AC') AS n`, expected: [{ x: "A", euro: "€", tab: "a\tb", n: 1 }] },
    ],
  },
  {
    group: "date",
    reference: `${REFERENCE}/date_functions`,
    examples: [
      { name: "DATE from parts and from a timestamp in a zone", bigquery: `SELECT DATE(2016, 12, 25) AS from_parts, DATE(TIMESTAMP '2016-12-25 05:30:00+07', 'America/Los_Angeles') AS in_zone`, expected: [{ from_parts: "2016-12-25", in_zone: "2016-12-24" }] },
      { name: "DATE_ADD and DATE_SUB", bigquery: `SELECT DATE_ADD(DATE '2008-12-25', INTERVAL 5 DAY) AS five_later, DATE_SUB(DATE '2008-12-25', INTERVAL 5 DAY) AS five_earlier`, expected: [{ five_later: "2008-12-30", five_earlier: "2008-12-20" }] },
      { name: "DATE_ADD of a month at the end of a month", bigquery: `SELECT DATE_ADD(DATE '2024-01-31', INTERVAL 1 MONTH) AS feb, DATE_SUB(DATE '2024-03-31', INTERVAL 1 MONTH) AS feb_again`, expected: [{ feb: "2024-02-29", feb_again: "2024-02-29" }] },
      { name: "DATE_DIFF in days", bigquery: `SELECT DATE_DIFF(DATE '2010-07-07', DATE '2008-12-25', DAY) AS days_diff`, expected: [{ days_diff: 559 }] },
      { name: "DATE_DIFF counts week and year boundaries", bigquery: `SELECT DATE_DIFF(DATE '2017-10-15', DATE '2017-10-14', DAY) AS days_diff, DATE_DIFF(DATE '2017-10-15', DATE '2017-10-14', WEEK) AS weeks_diff`, expected: [{ days_diff: 1, weeks_diff: 1 }] },
      { name: "DATE_DIFF in YEAR and ISOYEAR", bigquery: `SELECT DATE_DIFF('2017-12-30', '2014-12-30', YEAR) AS year_diff, DATE_DIFF('2017-12-30', '2014-12-30', ISOYEAR) AS isoyear_diff`, expected: [{ year_diff: 3, isoyear_diff: 2 }] },
      { name: "DATE_TRUNC to a month and to ISOYEAR", bigquery: `SELECT DATE_TRUNC(DATE '2008-12-25', MONTH) AS month, DATE_TRUNC('2015-06-15', ISOYEAR) AS isoyear_boundary`, expected: [{ month: "2008-12-01", isoyear_boundary: "2014-12-29" }] },
      { name: "DATE_TRUNC to WEEK(MONDAY)", bigquery: `SELECT DATE_TRUNC(DATE '2017-11-05', WEEK(MONDAY)) AS date_trunc`, expected: [{ date_trunc: "2017-10-30" }] },
      { name: "EXTRACT of ISOYEAR, ISOWEEK, YEAR and WEEK", bigquery: `SELECT EXTRACT(ISOYEAR FROM DATE '2005-01-03') AS isoyear, EXTRACT(ISOWEEK FROM DATE '2005-01-03') AS isoweek, EXTRACT(YEAR FROM DATE '2005-01-03') AS year, EXTRACT(WEEK FROM DATE '2005-01-03') AS week`, expected: [{ isoyear: 2005, isoweek: 1, year: 2005, week: 1 }] },
      { name: "EXTRACT(DAY)", bigquery: `SELECT EXTRACT(DAY FROM DATE '2013-12-25') AS the_day`, expected: [{ the_day: 25 }] },
      { name: "FORMAT_DATE", bigquery: `SELECT FORMAT_DATE('%x', DATE '2008-12-25') AS us, FORMAT_DATE('%b-%d-%Y', DATE '2008-12-25') AS short, FORMAT_DATE('%b %Y', DATE '2008-12-25') AS month`, expected: [{ us: "12/25/08", short: "Dec-25-2008", month: "Dec 2008" }] },
      { name: "LAST_DAY", bigquery: `SELECT LAST_DAY(DATE '2008-11-25', MONTH) AS last_day, LAST_DAY(DATE '2008-11-25') AS default_month, LAST_DAY(DATE '2008-11-25', YEAR) AS year_end`, expected: [{ last_day: "2008-11-30", default_month: "2008-11-30", year_end: "2008-12-31" }] },
      { name: "PARSE_DATE", bigquery: `SELECT PARSE_DATE('%A %b %e %Y', 'Thursday Dec 25 2008') AS a, PARSE_DATE('%Y%m%d', '20081225') AS b, PARSE_DATE('%F', '2000-12-30') AS c`, expected: [{ a: "2008-12-25", b: "2008-12-25", c: "2000-12-30" }] },
      { name: "UNIX_DATE and DATE_FROM_UNIX_DATE", bigquery: `SELECT UNIX_DATE(DATE '2008-12-25') AS days, DATE_FROM_UNIX_DATE(14238) AS date_from_epoch`, expected: [{ days: 14238, date_from_epoch: "2008-12-25" }] },
      { name: "GENERATE_DATE_ARRAY", bigquery: `SELECT GENERATE_DATE_ARRAY('2016-10-05', '2016-10-08') AS days, GENERATE_DATE_ARRAY('2016-01-01', '2016-12-31', INTERVAL 2 MONTH) AS every_two_months`, expected: [{ days: ["2016-10-05", "2016-10-06", "2016-10-07", "2016-10-08"], every_two_months: ["2016-01-01", "2016-03-01", "2016-05-01", "2016-07-01", "2016-09-01", "2016-11-01"] }] },
    ],
  },
  {
    group: "datetime",
    reference: `${REFERENCE}/datetime_functions`,
    examples: [
      { name: "DATETIME from parts and from a timestamp in a zone", bigquery: `SELECT DATETIME(2008, 12, 25, 05, 30, 00) AS datetime_ymdhms, DATETIME(TIMESTAMP '2008-12-25 05:30:00+00', 'America/Los_Angeles') AS datetime_tstz`, expected: [{ datetime_ymdhms: "2008-12-25 05:30:00", datetime_tstz: "2008-12-24 21:30:00" }] },
      { name: "DATETIME_ADD and DATETIME_SUB", bigquery: `SELECT DATETIME_ADD(DATETIME '2008-12-25 15:30:00', INTERVAL 10 MINUTE) AS later, DATETIME_SUB(DATETIME '2008-12-25 15:30:00', INTERVAL 10 MINUTE) AS earlier`, expected: [{ later: "2008-12-25 15:40:00", earlier: "2008-12-25 15:20:00" }] },
      { name: "DATETIME_DIFF", bigquery: `SELECT DATETIME_DIFF(DATETIME '2010-07-07 10:20:00', DATETIME '2008-12-25 15:30:00', DAY) AS days, DATETIME_DIFF(DATETIME '2017-10-15 00:00:00', DATETIME '2017-10-14 00:00:00', WEEK) AS weeks`, expected: [{ days: 559, weeks: 1 }] },
      { name: "DATETIME_TRUNC", bigquery: `SELECT DATETIME_TRUNC(DATETIME '2008-12-25 15:30:00', DAY) AS day, DATETIME_TRUNC(DATETIME '2017-11-05 00:00:00', WEEK(MONDAY)) AS week`, expected: [{ day: "2008-12-25 00:00:00", week: "2017-10-30 00:00:00" }] },
      { name: "FORMAT_DATETIME", bigquery: `SELECT FORMAT_DATETIME('%c', DATETIME '2008-12-25 15:30:00') AS c, FORMAT_DATETIME('%b-%d-%Y', DATETIME '2008-12-25 15:30:00') AS short`, expected: [{ c: "Thu Dec 25 15:30:00 2008", short: "Dec-25-2008" }] },
      { name: "PARSE_DATETIME", bigquery: `SELECT PARSE_DATETIME('%Y-%m-%d %H:%M:%S', '1998-10-18 13:45:55') AS a, PARSE_DATETIME('%m/%d/%Y %I:%M:%S %p', '8/30/2018 2:23:38 pm') AS b`, expected: [{ a: "1998-10-18 13:45:55", b: "2018-08-30 14:23:38" }] },
      { name: "EXTRACT(HOUR) of a DATETIME", bigquery: `SELECT EXTRACT(HOUR FROM DATETIME(2008, 12, 25, 15, 30, 00)) AS hour`, expected: [{ hour: 15 }] },
    ],
  },
  {
    group: "timestamp",
    reference: `${REFERENCE}/timestamp_functions`,
    examples: [
      { name: "TIMESTAMP of a civil time in a zone", bigquery: `SELECT TIMESTAMP('2008-12-25 15:30:00', 'America/Los_Angeles') AS la, TIMESTAMP('2008-12-25 15:30:00 UTC') AS utc, TIMESTAMP(DATE '2008-12-25') AS from_date`, expected: [{ la: "2008-12-25 23:30:00+00", utc: "2008-12-25 15:30:00+00", from_date: "2008-12-25 00:00:00+00" }] },
      { name: "TIMESTAMP_ADD and TIMESTAMP_SUB", bigquery: `SELECT TIMESTAMP_ADD(TIMESTAMP '2008-12-25 15:30:00+00', INTERVAL 10 MINUTE) AS later, TIMESTAMP_SUB(TIMESTAMP '2008-12-25 15:30:00+00', INTERVAL 10 MINUTE) AS earlier`, expected: [{ later: "2008-12-25 15:40:00+00", earlier: "2008-12-25 15:20:00+00" }] },
      { name: "TIMESTAMP_DIFF", bigquery: `SELECT TIMESTAMP_DIFF(TIMESTAMP '2010-07-07 10:20:00+00', TIMESTAMP '2008-12-25 15:30:00+00', HOUR) AS hours, TIMESTAMP_DIFF(TIMESTAMP '2018-08-14 12:00:00+00', TIMESTAMP '2018-08-14 12:00:01+00', SECOND) AS negative`, expected: [{ hours: 13410, negative: -1 }] },
      { name: "TIMESTAMP_TRUNC in UTC and in a zone", bigquery: `SELECT TIMESTAMP_TRUNC(TIMESTAMP '2008-12-25 15:30:00+00', DAY, 'UTC') AS utc, TIMESTAMP_TRUNC(TIMESTAMP '2008-12-25 15:30:00+00', DAY, 'America/Los_Angeles') AS la`, expected: [{ utc: "2008-12-25 00:00:00+00", la: "2008-12-25 08:00:00+00" }] },
      { name: "TIMESTAMP_SECONDS, TIMESTAMP_MILLIS, TIMESTAMP_MICROS", bigquery: `SELECT TIMESTAMP_SECONDS(1230219000) AS s, TIMESTAMP_MILLIS(1230219000000) AS ms, TIMESTAMP_MICROS(1230219000000000) AS us`, expected: [{ s: "2008-12-25 15:30:00+00", ms: "2008-12-25 15:30:00+00", us: "2008-12-25 15:30:00+00" }] },
      { name: "UNIX_SECONDS, UNIX_MILLIS, UNIX_MICROS", bigquery: `SELECT UNIX_SECONDS(TIMESTAMP '2008-12-25 15:30:00+00') AS s, UNIX_MILLIS(TIMESTAMP '2008-12-25 15:30:00+00') AS ms, UNIX_MICROS(TIMESTAMP '2008-12-25 15:30:00+00') AS us`, expected: [{ s: 1230219000, ms: 1230219000000, us: 1230219000000000 }] },
      { name: "FORMAT_TIMESTAMP", bigquery: `SELECT FORMAT_TIMESTAMP('%c', TIMESTAMP '2050-12-25 15:30:55+00', 'UTC') AS c, FORMAT_TIMESTAMP('%b-%d-%Y', TIMESTAMP '2050-12-25 15:30:55+00') AS short`, expected: [{ c: "Sun Dec 25 15:30:55 2050", short: "Dec-25-2050" }] },
      { name: "PARSE_TIMESTAMP", bigquery: `SELECT PARSE_TIMESTAMP('%c', 'Thu Dec 25 07:30:00 2008') AS parsed`, expected: [{ parsed: "2008-12-25 07:30:00+00" }] },
      { name: "STRING of a timestamp in a zone", bigquery: `SELECT STRING(TIMESTAMP '2008-12-25 15:30:00+00', 'UTC') AS utc, STRING(TIMESTAMP '2008-12-25 15:30:00+00', 'America/Los_Angeles') AS la`, expected: [{ utc: "2008-12-25 15:30:00+00", la: "2008-12-25 07:30:00-08" }] },
      { name: "EXTRACT from a timestamp in a zone across DST", bigquery: `SELECT EXTRACT(HOUR FROM TIMESTAMP '2024-03-10 06:59:59+00' AT TIME ZONE 'America/New_York') AS before_dst, EXTRACT(HOUR FROM TIMESTAMP '2024-03-10 07:00:00+00' AT TIME ZONE 'America/New_York') AS after_dst`, expected: [{ before_dst: 1, after_dst: 3 }] },
    ],
  },
  {
    group: "mathematical",
    reference: `${REFERENCE}/mathematical_functions`,
    examples: [
      { name: "ABS and SIGN", bigquery: `SELECT ABS(-25) AS a, ABS(25.5) AS b, SIGN(-25) AS s, SIGN(0) AS z`, expected: [{ a: 25, b: 25.5, s: -1, z: 0 }] },
      { name: "ROUND rounds half away from zero", bigquery: `SELECT ROUND(2.5) AS a, ROUND(-2.5) AS b, ROUND(2.3) AS c, ROUND(123.7, -1) AS d, ROUND(1.235, 2) AS e`, expected: [{ a: 3, b: -3, c: 2, d: 120, e: 1.24 }] },
      { name: "TRUNC, CEIL and FLOOR", bigquery: `SELECT TRUNC(2.8) AS t, TRUNC(-2.8) AS tn, CEIL(2.1) AS c, FLOOR(-2.1) AS f`, expected: [{ t: 2, tn: -2, c: 3, f: -3 }] },
      { name: "MOD and DIV", bigquery: `SELECT MOD(25, 12) AS m, MOD(-25, 12) AS mn, DIV(25, 12) AS d, DIV(-25, 12) AS dn`, expected: [{ m: 1, mn: -1, d: 2, dn: -2 }] },
      { name: "SQRT, POW, EXP, LN, LOG, LOG10", bigquery: `SELECT SQRT(25) AS s, POW(2, 3) AS p, EXP(0) AS e, LN(1) AS l, LOG(100, 10) AS lb, LOG10(100) AS l10`, expected: [{ s: 5, p: 8, e: 1, l: 0, lb: 2, l10: 2 }] },
      { name: "IEEE_DIVIDE", bigquery: `SELECT IEEE_DIVIDE(20.0, 4.0) AS a, IEEE_DIVIDE(0.0, 25.0) AS b, IEEE_DIVIDE(25.0, 0.0) AS c, IEEE_DIVIDE(-25.0, 0.0) AS d, IS_NAN(IEEE_DIVIDE(0.0, 0.0)) AS e`, expected: [{ a: 5, b: 0, c: Infinity, d: -Infinity, e: true }] },
      { name: "SAFE_DIVIDE", bigquery: `SELECT SAFE_DIVIDE(20, 4) AS a, SAFE_DIVIDE(0, 20) AS b, SAFE_DIVIDE(20, 0) AS c`, expected: [{ a: 5, b: 0, c: null }] },
      { name: "IS_INF and IS_NAN", bigquery: `SELECT IS_INF(CAST('+inf' AS FLOAT64)) AS inf, IS_INF(25) AS finite, IS_NAN(CAST('NaN' AS FLOAT64)) AS nan`, expected: [{ inf: true, finite: false, nan: true }] },
      { name: "GREATEST and LEAST", bigquery: `SELECT GREATEST(1, 3, 2) AS g, LEAST(1, 3, 2) AS l, GREATEST(1, NULL) AS with_null`, expected: [{ g: 3, l: 1, with_null: null }] },
      { name: "RANGE_BUCKET", bigquery: `SELECT RANGE_BUCKET(20, [0, 10, 20, 30, 40]) AS a, RANGE_BUCKET(25, [0, 10, 20, 30, 40]) AS b, RANGE_BUCKET(-10, [5, 10, 20, 30, 40]) AS c`, expected: [{ a: 3, b: 3, c: 0 }] },
      { name: "division returns FLOAT64", bigquery: `SELECT 7 / 2 AS half, 6 / 3 AS whole`, expected: [{ half: 3.5, whole: 2 }] },
    ],
  },
  {
    group: "aggregate",
    reference: `${REFERENCE}/aggregate_functions`,
    examples: [
      { name: "SUM and SUM(DISTINCT)", bigquery: `SELECT SUM(x) AS sum, SUM(DISTINCT x) AS sum_distinct FROM UNNEST([1, 2, 3, 4, 5, 4, 3, 2, 1]) AS x`, expected: [{ sum: 25, sum_distinct: 15 }] },
      { name: "AVG and AVG(DISTINCT)", bigquery: `SELECT AVG(x) AS avg, AVG(DISTINCT x) AS avg_distinct FROM UNNEST([0, 2, 4, 4, 5]) AS x`, expected: [{ avg: 3, avg_distinct: 2.75 }] },
      { name: "COUNT, COUNT(DISTINCT) and COUNT(*)", bigquery: `SELECT COUNT(*) AS count_star, COUNT(DISTINCT x) AS count_dist_non_null, COUNT(x) AS count_non_null FROM UNNEST([1, 4, 4, NULL, 5]) AS x`, expected: [{ count_star: 5, count_dist_non_null: 3, count_non_null: 4 }] },
      { name: "COUNTIF", bigquery: `SELECT COUNTIF(x < 0) AS num_negative, COUNTIF(x > 0) AS num_positive FROM UNNEST([5, -2, 3, 6, -10, -7, 4, 0]) AS x`, expected: [{ num_negative: 3, num_positive: 4 }] },
      { name: "COUNTIF(DISTINCT) counts the distinct TRUE outcome once", bigquery: `SELECT COUNTIF(DISTINCT x > 0) AS distinct_true FROM UNNEST([5, -2, 3]) AS x`, expected: [{ distinct_true: 1 }] },
      { name: "MAX and MIN", bigquery: `SELECT MAX(x) AS max, MIN(x) AS min FROM UNNEST([8, 37, 55, 4]) AS x`, expected: [{ max: 55, min: 4 }] },
      { name: "ARRAY_AGG with ORDER BY and LIMIT", bigquery: `SELECT ARRAY_AGG(x ORDER BY x) AS ordered, ARRAY_AGG(DISTINCT x ORDER BY x) AS distinct_x, ARRAY_AGG(x ORDER BY x LIMIT 2) AS first_two FROM UNNEST([2, 1, -2, 3, -2, 1, 2]) AS x`, expected: [{ ordered: [-2, -2, 1, 1, 2, 2, 3], distinct_x: [-2, 1, 2, 3], first_two: [-2, -2] }] },
      { name: "STRING_AGG with a delimiter, DISTINCT and ORDER BY", bigquery: `SELECT STRING_AGG(fruit, ' & ' ORDER BY fruit) AS all_fruit, STRING_AGG(DISTINCT fruit, ' & ' ORDER BY fruit) AS distinct_fruit FROM UNNEST(['apple', NULL, 'pear', 'banana', 'pear']) AS fruit`, expected: [{ all_fruit: "apple & banana & pear & pear", distinct_fruit: "apple & banana & pear" }] },
      { name: "LOGICAL_AND and LOGICAL_OR", bigquery: `SELECT LOGICAL_AND(x) AS all_true, LOGICAL_OR(x) AS any_true FROM UNNEST([TRUE, FALSE, TRUE]) AS x`, expected: [{ all_true: false, any_true: true }] },
      { name: "BIT_OR, BIT_AND, BIT_XOR", bigquery: `SELECT BIT_OR(x) AS bit_or, BIT_AND(x) AS bit_and, BIT_XOR(x) AS bit_xor FROM UNNEST([0xF001, 0x00A1]) AS x`, expected: [{ bit_or: 61601, bit_and: 1, bit_xor: 61600 }] },
      { name: "SUM over no rows is NULL, COUNT is 0", bigquery: `SELECT SUM(x) AS s, COUNT(x) AS c FROM UNNEST(ARRAY<INT64>[]) AS x`, expected: [{ s: null, c: 0 }] },
    ],
  },
  {
    group: "array",
    reference: `${REFERENCE}/array_functions`,
    examples: [
      { name: "ARRAY_CONCAT", bigquery: `SELECT ARRAY_CONCAT([1, 2], [3, 4], [5, 6]) AS count_to_six`, expected: [{ count_to_six: [1, 2, 3, 4, 5, 6] }] },
      { name: "ARRAY_LENGTH", bigquery: `SELECT ARRAY_LENGTH(['coffee', NULL, 'milk']) AS size_a, ARRAY_LENGTH(ARRAY<STRING>[]) AS empty`, expected: [{ size_a: 3, empty: 0 }] },
      { name: "ARRAY_REVERSE", bigquery: `SELECT ARRAY_REVERSE([1, 2, 3]) AS reverse_arr`, expected: [{ reverse_arr: [3, 2, 1] }] },
      { name: "ARRAY_TO_STRING with a NULL text", bigquery: `SELECT ARRAY_TO_STRING(['coffee', 'tea', 'milk', NULL], '--', 'MISSING') AS text, ARRAY_TO_STRING(['cake', 'pie', NULL], '--') AS skipped`, expected: [{ text: "coffee--tea--milk--MISSING", skipped: "cake--pie" }] },
      { name: "GENERATE_ARRAY", bigquery: `SELECT GENERATE_ARRAY(1, 5) AS a, GENERATE_ARRAY(0, 10, 3) AS b, GENERATE_ARRAY(10, 0, -3) AS c, GENERATE_ARRAY(4, 4, 10) AS d, GENERATE_ARRAY(10, 0, 3) AS e`, expected: [{ a: [1, 2, 3, 4, 5], b: [0, 3, 6, 9], c: [10, 7, 4, 1], d: [4], e: [] }] },
      { name: "OFFSET, ORDINAL, SAFE_OFFSET", bigquery: `SELECT ['coffee', 'tea', 'milk'][OFFSET(1)] AS offset_1, ['coffee', 'tea', 'milk'][ORDINAL(1)] AS ordinal_1, ['coffee', 'tea', 'milk'][SAFE_OFFSET(5)] AS safe_offset_5`, expected: [{ offset_1: "tea", ordinal_1: "coffee", safe_offset_5: null }] },
      { name: "ARRAY of a subquery", bigquery: `SELECT ARRAY(SELECT x * 2 FROM UNNEST([1, 2, 3]) AS x WITH OFFSET AS o ORDER BY o) AS doubled`, expected: [{ doubled: [2, 4, 6] }] },
      { name: "UNNEST WITH OFFSET", bigquery: `SELECT x, o FROM UNNEST(['a', 'b']) AS x WITH OFFSET AS o ORDER BY o`, expected: [{ x: "a", o: 0 }, { x: "b", o: 1 }] },
      { name: "IN UNNEST", bigquery: `SELECT 2 IN UNNEST([1, 2, 3]) AS found, 5 IN UNNEST([1, 2, 3]) AS missing`, expected: [{ found: true, missing: false }] },
    ],
  },
  {
    group: "json",
    reference: `${REFERENCE}/json_functions`,
    examples: [
      { name: "JSON_VALUE", bigquery: `SELECT JSON_VALUE('{"name": "Jakob", "age": "6"}', '$.age') AS age, JSON_VALUE('{"fruits": ["apple", "banana"]}', '$.fruits[1]') AS second`, expected: [{ age: "6", second: "banana" }] },
      { name: "JSON_QUERY", bigquery: `SELECT JSON_QUERY('{"class": {"students": [{"name": "Jane"}]}}', '$.class') AS class, JSON_QUERY('{"a": [10, 20]}', '$.a[0]') AS first`, expected: [{ class: '{"students":[{"name":"Jane"}]}', first: "10" }] },
      { name: "JSON_EXTRACT_SCALAR", bigquery: `SELECT JSON_EXTRACT_SCALAR('{"name": "Jakob", "age": "6"}', '$.name') AS name`, expected: [{ name: "Jakob" }] },
      { name: "JSON_QUERY_ARRAY and JSON_VALUE_ARRAY", bigquery: `SELECT JSON_QUERY_ARRAY('[1, 2, 3]') AS json_array, JSON_VALUE_ARRAY('["apples", "oranges", "grapes"]') AS string_array`, expected: [{ json_array: ["1", "2", "3"], string_array: ["apples", "oranges", "grapes"] }] },
      { name: "TO_JSON_STRING", bigquery: `SELECT TO_JSON_STRING(STRUCT(1 AS id, [10, 20] AS coordinates)) AS json_data`, expected: [{ json_data: '{"id":1,"coordinates":[10,20]}' }] },
      { name: "JSON subscripts are zero-based", bigquery: `SELECT JSON_VALUE(PARSE_JSON('{"a": [10, 20]}')['a'][1]) AS second, JSON_VALUE(PARSE_JSON('["x", "y"]')[0]) AS first`, expected: [{ second: "20", first: "x" }] },
    ],
  },
  {
    group: "conditional",
    reference: `${REFERENCE}/conditional_expressions`,
    examples: [
      { name: "CASE with a value and with conditions", bigquery: `SELECT CASE 90 WHEN 90 THEN 'Ninety' ELSE 'Other' END AS simple, CASE WHEN 90 > 60 THEN 'Red' ELSE 'Green' END AS searched`, expected: [{ simple: "Ninety", searched: "Red" }] },
      { name: "COALESCE", bigquery: `SELECT COALESCE('A', 'B', 'C') AS a, COALESCE(NULL, 'B', 'C') AS b`, expected: [{ a: "A", b: "B" }] },
      { name: "IF", bigquery: `SELECT IF(10 > 5, 'bigger', 'smaller') AS r, IF(NULL, 1, 2) AS null_condition`, expected: [{ r: "bigger", null_condition: 2 }] },
      { name: "IFNULL", bigquery: `SELECT IFNULL(NULL, 0) AS a, IFNULL(10, 0) AS b`, expected: [{ a: 0, b: 10 }] },
      { name: "NULLIF", bigquery: `SELECT NULLIF(0, 0) AS a, NULLIF(10, 0) AS b`, expected: [{ a: null, b: 10 }] },
    ],
  },
  {
    group: "conversion",
    reference: `${REFERENCE}/conversion_functions`,
    examples: [
      { name: "CAST of a hexadecimal string to INT64", bigquery: `SELECT CAST('0x87a' AS INT64) AS hex, CAST(' 12 ' AS INT64) AS padded`, expected: [{ hex: 2170, padded: 12 }] },
      { name: "SAFE_CAST returns NULL", bigquery: `SELECT SAFE_CAST('apple' AS INT64) AS not_a_number, SAFE_CAST('2024-02-30' AS DATE) AS not_a_date`, expected: [{ not_a_number: null, not_a_date: null }] },
      { name: "CAST of BOOL and numbers to STRING", bigquery: `SELECT CAST(TRUE AS STRING) AS t, CAST(-12 AS STRING) AS i, CAST(NUMERIC '1.50' AS STRING) AS n`, expected: [{ t: "true", i: "-12", n: "1.5" }] },
      { name: "CAST of FLOAT64 to INT64 rounds half away from zero", bigquery: `SELECT CAST(2.5 AS INT64) AS a, CAST(-2.5 AS INT64) AS b, CAST(1.4 AS INT64) AS c`, expected: [{ a: 3, b: -3, c: 1 }] },
      { name: "CAST of a string to NUMERIC and DATE", bigquery: `SELECT CAST('1.23' AS NUMERIC) AS n, CAST('2024-02-29' AS DATE) AS d`, expected: [{ n: numeric("1.23"), d: "2024-02-29" }] },
    ],
  },
];

/** Every example, its name prefixed with its group. */
export const FUNCTION_EXAMPLE_ENTRIES: CorpusEntry[] = FUNCTION_EXAMPLES.flatMap((g) => g.examples.map((e) => ({ ...e, name: `${g.group}: ${e.name}` })));
