/**
 * Fixes for BigQuery functions and expressions that polyglot translates to DuckDB with different
 * results (or not at all). Each fix swaps the AST node for a placeholder call (see placeholders.ts)
 * and gives the DuckDB template that placeholder expands to.
 */
import { clone, keywordArg, literalString, stringLiteral } from "./ast";
import { UntranslatableError } from "./errors";
import { bigQueryFormatToDuckDb, mentionsZone, strftimeYears } from "./formats";
import { quotient } from "./numeric";
import { isPlaceholderCall, nullOperand, placeholderCall as call, type Template } from "./placeholders";
import { duckDbTypeName, type AstNode } from "./polyglot";

const refuse = (construct: string, why: string): never => {
  throw new UntranslatableError(construct, `${construct} cannot be run on DuckDB: ${why}`);
};

/** Capturing groups in an RE2 pattern: `(` not escaped, not in a class, not `(?:`/`(?i)`…, but `(?P<n>` counts. */
function capturingGroups(pattern: string): number {
  let count = 0;
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === "\\") i++;
    else if (inClass) inClass = ch !== "]";
    else if (ch === "[") inClass = true;
    else if (ch === "(" && (pattern[i + 1] !== "?" || pattern.startsWith("?P<", i + 1))) count++;
  }
  return count;
}

function literalPattern(fn: string, node: AstNode): string {
  return literalString(node) ?? refuse(`${fn} with a non-literal pattern`, "the capture group must be known when translating");
}

function literalFormatString(fn: string, node: AstNode): string {
  return literalString(node) ?? refuse(`${fn} with a non-literal format`, "the format must be known when translating");
}

const literalFormat = (fn: string, node: AstNode) => bigQueryFormatToDuckDb(literalFormatString(fn, node), fn);
const literalOutputFormat = (fn: string, node: AstNode) => bigQueryFormatToDuckDb(literalFormatString(fn, node), fn, true);

const WEEKDAYS = ["SUNDAY", "MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY"];
const SUB_DAY_PARTS = new Set(["MICROSECOND", "MILLISECOND", "SECOND", "MINUTE", "HOUR"]);
const TRUNC_PARTS = new Set(["MICROSECOND", "MILLISECOND", "SECOND", "MINUTE", "HOUR", "DAY", "MONTH", "QUARTER", "YEAR", "ISOYEAR"]);

function datePart(fn: string, node: AstNode): string {
  const part = keywordArg(node) ?? refuse(`${fn} with a computed date part`, "the part must be a keyword");
  return part === "WEEK" ? "WEEK(SUNDAY)" : part;
}

/**
 * Truncates a local (zone-less) date-time expression the BigQuery way: weeks start on the given
 * weekday (DuckDB's 'week' is ISO, Monday), ISOWEEK is Monday.
 */
function truncateLocal(part: string, x: string): string {
  const week = /^WEEK\((\w+)\)$/.exec(part);
  if (week || part === "ISOWEEK") {
    const start = part === "ISOWEEK" ? 1 : WEEKDAYS.indexOf(week![1]);
    if (start < 0) refuse(`date part ${part}`, "unknown weekday");
    return `(date_trunc('day', ${x}) - to_days(CAST((dayofweek(${x}) - ${start} + 7) % 7 AS INTEGER)))`;
  }
  if (!TRUNC_PARTS.has(part)) refuse(`date part ${part}`, "not a truncation part BigQuery accepts");
  return `date_trunc('${part.toLowerCase()}', ${x})`;
}

/** An RE2 pattern for the decimal integers above `limit`: longer ones, or as long and larger at the first digit that differs. */
function integersAbove(limit: string): string {
  const sameLength = [...limit].flatMap((digit, i) => (digit === "9" ? [] : [`${limit.slice(0, i)}[${Number(digit) + 1}-9][0-9]{${limit.length - i - 1}}`]));
  return [`[1-9][0-9]{${limit.length},}`, ...sameLength].join("|");
}
const BEYOND_2_53 = integersAbove("9007199254740992");

const unquote = (sqlLiteral: string) => sqlLiteral.replace(/^'|'$/g, "").replace(/''/g, "'");

/**
 * The local time of an instant in a zone, as BigQuery writes it (FORMAT_TIMESTAMP, STRING): with the zone's UTC offset
 * cut to whole minutes, which matters for a local mean time such as London's −0:01:15 before 1847. The instant is
 * bound once, as a lambda's parameter.
 */
const localToTheMinute = (ts: string, zone: string) =>
  `list_transform([CAST(${ts} AS TIMESTAMPTZ)], bq_z -> timezone(${zone}, bq_z) - to_seconds((epoch_us(timezone(${zone}, bq_z)) - epoch_us(bq_z)) // 1000000 % 60))[1]`;

/** DuckDB templates, keyed by placeholder name. Arguments arrive already translated. */
export const TEMPLATES: Record<string, Template> = {
  REGEXP_CONTAINS: ([s, re]) => `regexp_matches(${s}, ${re})`,
  REGEXP_EXTRACT: ([s, re, group]) => `(CASE WHEN regexp_matches(${s}, ${re}) THEN regexp_extract(${s}, ${re}, ${group}) END)`,
  REGEXP_EXTRACT_ALL: ([s, re, group]) => `regexp_extract_all(${s}, ${re}, ${group})`,
  REGEXP_REPLACE: ([s, re, replacement]) => `regexp_replace(${s}, ${re}, ${replacement}, 'g')`,
  // BigQuery gives NULL for a string that is not JSON; DuckDB raises
  JSON_VALUE: ([json, path]) =>
    `(CASE WHEN NOT json_valid(${json}) OR json_type(${json}, ${path}) IN ('OBJECT', 'ARRAY') THEN NULL ELSE json_extract_string(${json}, ${path}) END)`,
  // of a JSON-formatted STRING, a JSON null is SQL NULL (of a JSON value it stays JSON null)
  JSON_QUERY: ([json, path]) =>
    `(CASE WHEN NOT json_valid(${json}) OR (typeof(${json}) = 'VARCHAR' AND json_type(${json}, ${path}) = 'NULL') THEN NULL ELSE CAST(json_extract(${json}, ${path}) AS VARCHAR) END)`,
  JSON_QUERY_ARRAY: ([json, path]) =>
    `(CASE WHEN json_type(${json}, ${path}) = 'ARRAY' THEN CAST(CAST(json_extract(${json}, ${path}) AS JSON[]) AS VARCHAR[]) END)`,
  JSON_VALUE_ARRAY: ([json, path]) =>
    `(CASE WHEN json_type(${json}, ${path}) = 'ARRAY' THEN list_transform(CAST(json_extract(${json}, ${path}) AS JSON[]), e -> json_extract_string(e, '$')) END)`,
  DAYOFWEEK: ([x]) => `(dayofweek(${x}) + 1)`,
  // weeks start on the given weekday; days before the year's first such weekday are week 0
  WEEK: ([x, weekday]) => {
    const start = WEEKDAYS.indexOf(unquote(weekday));
    return `((dayofyear(${x}) - 1 - ((${start} - dayofweek(date_trunc('year', ${x}))) + 7) % 7 + 7) // 7)`;
  },
  ISOWEEK: ([x]) => `week(${x})`,
  ISOYEAR: ([x]) => `isoyear(${x})`,
  DATE_IN_ZONE: ([ts, zone]) => `CAST(timezone(${zone}, CAST(${ts} AS TIMESTAMPTZ)) AS DATE)`,
  DATETIME_IN_ZONE: ([ts, zone]) => `timezone(${zone}, CAST(${ts} AS TIMESTAMPTZ))`,
  DATETIME_FROM_PARTS: ([date, time]) => `(CAST(${date} AS DATE) + CAST(${time} AS TIME))`,
  TIMESTAMP_IN_ZONE: ([civil, zone]) => `timezone(${zone}, CAST(${civil} AS TIMESTAMP))`,
  DATE_TRUNC: ([d, part]) => `CAST(${truncateLocal(unquote(part), `CAST(${d} AS DATE)`)} AS DATE)`,
  DATETIME_TRUNC: ([dt, part]) => truncateLocal(unquote(part), `CAST(${dt} AS TIMESTAMP)`),
  // below a day, the time since the local truncation is taken off the instant, which keeps its UTC offset: turning the
  // local result back into an instant would pick the later offset of a time the DST fall-back repeats
  TIMESTAMP_TRUNC: ([ts, part, zone]) => {
    const local = `timezone(${zone}, CAST(${ts} AS TIMESTAMPTZ))`;
    const truncated = truncateLocal(unquote(part), local);
    return SUB_DAY_PARTS.has(unquote(part)) ? `(CAST(${ts} AS TIMESTAMPTZ) - (${local} - ${truncated}))` : `timezone(${zone}, ${truncated})`;
  },
  FORMAT_DATE: ([format, d]) => strftimeYears(`CAST(${d} AS DATE)`, format),
  FORMAT_DATETIME: ([format, dt]) => strftimeYears(`CAST(${dt} AS TIMESTAMP)`, format),
  FORMAT_TIMESTAMP: ([format, ts, zone]) => strftimeYears(localToTheMinute(ts, zone), format),
  PARSE_DATE: ([format, s]) => `CAST(strptime(${s}, ${format}) AS DATE)`,
  SAFE_PARSE_DATE: ([format, s]) => `CAST(try_strptime(${s}, ${format}) AS DATE)`,
  PARSE_DATETIME: ([format, s]) => `CAST(strptime(${s}, ${format}) AS TIMESTAMP)`,
  SAFE_PARSE_DATETIME: ([format, s]) => `CAST(try_strptime(${s}, ${format}) AS TIMESTAMP)`,
  PARSE_TIMESTAMP: ([format, s, zone]) => `timezone(${zone}, strptime(${s}, ${format}))`,
  SAFE_PARSE_TIMESTAMP: ([format, s, zone]) => `timezone(${zone}, try_strptime(${s}, ${format}))`,
  PARSE_TIMESTAMP_WITH_OFFSET: ([format, s]) => `CAST(strptime(${s}, ${format}) AS TIMESTAMPTZ)`,
  SAFE_PARSE_TIMESTAMP_WITH_OFFSET: ([format, s]) => `CAST(try_strptime(${s}, ${format}) AS TIMESTAMPTZ)`,
  DATE_ADD: ([d, interval]) => `CAST(CAST(${d} AS DATE) + ${interval} AS DATE)`,
  DATE_SUB: ([d, interval]) => `CAST(CAST(${d} AS DATE) - ${interval} AS DATE)`,
  PLUS_INTERVAL: ([x, interval]) => `(${x} + ${interval})`,
  MINUS_INTERVAL: ([x, interval]) => `(${x} - ${interval})`,
  CURRENT_DATETIME: ([zone]) => `timezone(${zone}, current_timestamp)`,
  TIMESTAMP_MILLIS: ([ms]) => `CAST(epoch_ms(CAST(${ms} AS BIGINT)) AS TIMESTAMPTZ)`,
  TIMESTAMP_MICROS: ([us]) => `CAST(make_timestamp(CAST(${us} AS BIGINT)) AS TIMESTAMPTZ)`,
  DATE_FROM_UNIX_DATE: ([days]) => `(DATE '1970-01-01' + CAST(${days} AS INTEGER))`,
  // BigQuery floors to the unit (-0.5 s is -1); DuckDB's epoch() rounds, epoch_ms() truncates toward zero
  UNIX_SINCE: ([ts, micros]) =>
    `list_transform([epoch_us(CAST(${ts} AS TIMESTAMPTZ))], bq_e -> bq_e // ${micros} - CAST(bq_e % ${micros} < 0 AS BIGINT))[1]`,
  INTERVAL_OF: ([count, unit]) => `(CAST(${count} AS BIGINT) * INTERVAL 1 ${unquote(unit)})`,
  ELAPSED: ([later, earlier, part]) => `date_sub(${part.toLowerCase()}, ${earlier}, ${later})`,
  // DuckDB's concat() skips NULLs, || does not; the result is BYTES for BYTES, and STRING when every argument is a NULL literal
  CONCAT: (args) => `cast_to_type(${args.join(" || ")}, coalesce(${args.join(", ")}, ''))`,
  LIST_LIMIT: ([list, limit]) => `list_slice(${list}, 1, ${limit})`,
  // BigQuery reads position 0 as 1 and a negative position before the start as 1; DuckDB does neither
  // a negative length is an error in BigQuery, an empty string in DuckDB
  SUBSTR: ([str, position, length]) => {
    const start = `CASE WHEN ${position} > 0 THEN ${position} WHEN ${position} = 0 THEN 1 WHEN ${position} < 0 THEN greatest(length(${str}) + ${position} + 1, 1) END`;
    const substring = `substring(${[str, start, length].filter((a) => a !== undefined).join(", ")})`;
    return length === undefined ? substring : `(CASE WHEN (${length}) < 0 THEN error('Third argument in SUBSTR() cannot be negative') ELSE ${substring} END)`;
  },
  // DuckDB's % and // give NULL for a zero divisor
  MOD: ([x, y]) => `(CASE WHEN (${y}) = 0 AND (${x}) IS NOT NULL THEN error('division by zero: MOD') ELSE (${x}) % (${y}) END)`,
  DIV: ([x, y]) => nullOperand(x, y, `(${x}) // (${y})`) ?? `(CASE WHEN (${y}) = 0 AND (${x}) IS NOT NULL THEN error('division by zero: DIV') ELSE (${x}) // (${y}) END)`,
  // BigQuery writes a NULL as the JSON text null, and an INT64 past ±2^53 (which a JSON double cannot hold) as a string,
  // in an ARRAY or STRUCT too: the JSON text is split into strings, numbers and the rest, and such a number quoted
  TO_JSON_STRING: ([x]) => {
    const json = `coalesce(CAST(to_json(${x}) AS VARCHAR), 'null')`;
    const tokens = `regexp_extract_all(${json}, '"(\\\\.|[^"\\\\])*"|-?[0-9][0-9.eE+-]*|[^"0-9-]+|-')`;
    const quoted = `array_to_string(list_transform(${tokens}, bq_t -> CASE WHEN regexp_full_match(bq_t, '-?(${BEYOND_2_53})') THEN '"' || bq_t || '"' ELSE bq_t END), '')`;
    return `(CASE WHEN typeof(${x}) = 'BIGINT' OR typeof(${x}) LIKE 'STRUCT%' OR typeof(${x}) LIKE '%[]' THEN ${quoted} ELSE ${json} END)`;
  },
  // both ends included, as in BigQuery; a zero step is an error in both
  GENERATE_ARRAY: ([start, end, step]) => `generate_series(${start}, ${end}, ${step})`,
  // BigQuery prints the zone's UTC offset: '2008-12-25 07:30:00-08', '… 21:00:00+05:30'
  STRING_IN_ZONE: ([ts, zone]) => {
    const local = localToTheMinute(ts, zone);
    const minutes = `date_diff('minute', timezone('UTC', CAST(${ts} AS TIMESTAMPTZ)), ${local})`;
    const hh = `lpad(CAST(abs(${minutes}) // 60 AS VARCHAR), 2, '0')`;
    const mm = `CASE WHEN abs(${minutes}) % 60 = 0 THEN '' ELSE ':' || lpad(CAST(abs(${minutes}) % 60 AS VARCHAR), 2, '0') END`;
    return `(CAST(${local} AS VARCHAR) || CASE WHEN ${minutes} < 0 THEN '-' ELSE '+' END || ${hh} || ${mm})`;
  },
  // DuckDB reads a string cast to BLOB as escaped text and refuses non-ASCII; BigQuery takes its UTF-8 bytes
  TO_BYTES: ([x, safe]) => `(CASE WHEN typeof(${x}) = 'VARCHAR' THEN encode(CAST(${x} AS VARCHAR)) ELSE ${safe === "TRUE" ? "TRY_CAST" : "CAST"}(${x} AS BLOB) END)`,
  // DuckDB reads '1.5' as the integer 2; BigQuery reads only whole numbers, in decimal or hex
  CAST_INT: ([x, safe]) => {
    const bad = `typeof(${x}) = 'VARCHAR' AND NOT regexp_full_match(CAST(${x} AS VARCHAR), '\\s*[+-]?(0[xX][0-9a-fA-F]+|[0-9]+)\\s*')`;
    // FLOAT64 and NUMERIC round half away from zero in BigQuery; DuckDB's cast rounds a DOUBLE half to even, a DECIMAL
    // down (every branch casts, so the CASE stays BIGINT: with a DOUBLE branch it would lose digits past 2^53)
    const cast = safe === "TRUE" ? "TRY_CAST" : "CAST";
    const value =
      `(CASE WHEN typeof(${x}) = 'DOUBLE' THEN ${cast}(round(TRY_CAST(${x} AS DOUBLE)) AS BIGINT) ` +
      `WHEN typeof(${x}) LIKE 'DECIMAL%' THEN ${cast}(round(TRY_CAST(${x} AS DECIMAL(38, 9))) AS BIGINT) ELSE ${cast}(${x} AS BIGINT) END)`;
    return safe === "TRUE" ? `(CASE WHEN ${bad} THEN NULL ELSE ${value} END)` : `(CASE WHEN ${bad} THEN error('Bad int64 value: ' || CAST(${x} AS VARCHAR)) ELSE ${value} END)`;
  },
  // BigQuery reads a DATE string only as YYYY-[M]M-[D]D; DuckDB also takes spaces, a time after it, a short year
  // a column or literal is repeated; anything else is bound once, as a lambda's parameter, and only when it is a string
  CAST_DATE: ([x, safe]) => {
    const checked = (v: string) => {
      const bad = `typeof(${v}) = 'VARCHAR' AND NOT regexp_full_match(CAST(${v} AS VARCHAR), '[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}')`;
      return safe === "TRUE"
        ? `(CASE WHEN ${bad} THEN NULL ELSE TRY_CAST(${v} AS DATE) END)`
        : `(CASE WHEN ${bad} THEN error('Invalid date: ' || CAST(${v} AS VARCHAR)) ELSE CAST(${v} AS DATE) END)`;
    };
    if (/^("[^"]*"|\w+)(\.("[^"]*"|\w+))*$|^'([^']|'')*'$/.test(x.trim())) return checked(x);
    const cast = safe === "TRUE" ? "TRY_CAST" : "CAST";
    return `(CASE WHEN typeof(${x}) = 'VARCHAR' THEN list_transform([${x}], bq_d -> ${checked("bq_d")})[1] ELSE ${cast}(${x} AS DATE) END)`;
  },
  IS_NOT_NULL: ([x]) => `(${x}) IS NOT NULL`,
  ROUND: ([x]) => `round(${x})`,
  // BigQuery: FALSE for a NULL or empty array, else TRUE if found, else NULL if x or an element is NULL
  IN_UNNEST: ([x, list]) =>
    `(CASE WHEN ${list} IS NULL OR len(${list}) = 0 THEN FALSE WHEN list_contains(${list}, ${x}) THEN TRUE WHEN ${x} IS NULL OR len(${list}) <> list_count(${list}) THEN NULL ELSE FALSE END)`,
  COUNTIF: ([condition]) => `count(CASE WHEN ${condition} THEN 1 END)`,
  SAFE_DIVIDE: ([x, y]) => quotient(x, y, "null"),
  PRINTF: (args) => `printf(${args.join(", ")})`,
  VAR: ([name]) => `getvariable(${name})`,
  CAST: ([x, type]) => `CAST(${x} AS ${unquote(type)})`,
  TRY_CAST: ([x, type]) => `TRY_CAST(${x} AS ${unquote(type)})`,
};

type FunctionFix = (args: AstNode[], name: string) => AstNode | undefined;

const zoneOrUtc = (node: AstNode | undefined) => node ?? stringLiteral("UTC");

function parseTimestamp(safe: boolean): FunctionFix {
  return ([format, s, zone], name) => {
    const pattern = literalFormat(name, format);
    const prefix = safe ? "SAFE_" : "";
    return mentionsZone(pattern)
      ? call(`${prefix}PARSE_TIMESTAMP_WITH_OFFSET`, [stringLiteral(pattern), s])
      : call(`${prefix}PARSE_TIMESTAMP`, [stringLiteral(pattern), s, zoneOrUtc(zone)]);
  };
}

/** Fixes for plain function-call nodes, keyed by the upper-cased BigQuery function name. */
const FUNCTION_FIXES: Record<string, FunctionFix> = {
  REGEXP_CONTAINS: (args) => call("REGEXP_CONTAINS", args),
  REGEXP_EXTRACT: (args, name) => {
    if (args.length > 2) refuse("REGEXP_EXTRACT with position or occurrence", "not translated");
    const groups = capturingGroups(literalPattern(name, args[1]));
    if (groups > 1) refuse("REGEXP_EXTRACT with more than one capturing group", "BigQuery rejects it");
    return call("REGEXP_EXTRACT", [...args, { literal: { literal_type: "number", value: String(groups) } }]);
  },
  REGEXP_EXTRACT_ALL: (args, name) => {
    const groups = capturingGroups(literalPattern(name, args[1]));
    if (groups > 1) refuse("REGEXP_EXTRACT_ALL with more than one capturing group", "BigQuery rejects it");
    return call("REGEXP_EXTRACT_ALL", [...args, { literal: { literal_type: "number", value: String(groups) } }]);
  },
  REGEXP_REPLACE: (args) => call("REGEXP_REPLACE", args),
  FARM_FINGERPRINT: () =>
    refuse("FARM_FINGERPRINT", "DuckDB has no FarmHash Fingerprint64; use TO_HEX(SHA256(...)) for a portable key"),
  DATE: (args) => (args.length === 2 ? call("DATE_IN_ZONE", args) : undefined),
  DATETIME: (args) =>
    args.length === 2 ? call(literalString(args[1]) !== undefined ? "DATETIME_IN_ZONE" : "DATETIME_FROM_PARTS", args) : undefined,
  DATE_TRUNC: ([d, part], name) => call("DATE_TRUNC", [d, stringLiteral(datePart(name, part))]),
  DATETIME_TRUNC: ([dt, part], name) => call("DATETIME_TRUNC", [dt, stringLiteral(datePart(name, part))]),
  TIMESTAMP_TRUNC: ([ts, part, zone], name) => call("TIMESTAMP_TRUNC", [ts, stringLiteral(datePart(name, part)), zoneOrUtc(zone)]),
  FORMAT_DATE: ([format, d], name) => call("FORMAT_DATE", [stringLiteral(literalOutputFormat(name, format)), d]),
  FORMAT_DATETIME: ([format, dt], name) => call("FORMAT_DATETIME", [stringLiteral(literalOutputFormat(name, format)), dt]),
  FORMAT_TIMESTAMP: ([format, ts, zone], name) => {
    let pattern = literalOutputFormat(name, format);
    if (mentionsZone(pattern)) {
      if (zone && literalString(zone)?.toUpperCase() !== "UTC") refuse(`${name} with %z/%Z in a zone other than UTC`, "not translated");
      pattern = pattern.replace(/%z/g, "+0000").replace(/%Z/g, "UTC");
    }
    return call("FORMAT_TIMESTAMP", [stringLiteral(pattern), ts, zoneOrUtc(zone)]);
  },
  PARSE_DATE: ([format, s], name) => call("PARSE_DATE", [stringLiteral(literalFormat(name, format)), s]),
  "SAFE.PARSE_DATE": ([format, s], name) => call("SAFE_PARSE_DATE", [stringLiteral(literalFormat(name, format)), s]),
  PARSE_DATETIME: ([format, s], name) => call("PARSE_DATETIME", [stringLiteral(literalFormat(name, format)), s]),
  "SAFE.PARSE_DATETIME": ([format, s], name) => call("SAFE_PARSE_DATETIME", [stringLiteral(literalFormat(name, format)), s]),
  PARSE_TIMESTAMP: parseTimestamp(false),
  "SAFE.PARSE_TIMESTAMP": parseTimestamp(true),
  DATE_ADD: (args) => call("DATE_ADD", args),
  DATE_SUB: (args) => call("DATE_SUB", args),
  TIMESTAMP_ADD: (args) => call("PLUS_INTERVAL", args),
  DATETIME_ADD: (args) => call("PLUS_INTERVAL", args),
  TIMESTAMP_SUB: (args) => call("MINUS_INTERVAL", args),
  DATETIME_SUB: (args) => call("MINUS_INTERVAL", args),
  TIMESTAMP_DIFF: ([later, earlier, part], name) => call("ELAPSED", [later, earlier, stringLiteral(datePart(name, part))]),
  CONCAT: (args) => call("CONCAT", args),
  DIV: (args) => call("DIV", args),
  GENERATE_ARRAY: ([start, end, step]) => call("GENERATE_ARRAY", [start, end, step ?? { literal: { literal_type: "number", value: "1" } }]),
  // polyglot's own rewrite misses it inside some calls (STRPOS, ENDS_WITH)
  TO_JSON_STRING: (args, name) => {
    if (args.length > 1) refuse(`${name} with pretty_print`, "not translated");
    return call("TO_JSON_STRING", args);
  },
  STRING: (args) => (args.length === 2 ? call("STRING_IN_ZONE", args) : undefined),
  JSON_QUERY_ARRAY: ([json, path]) => call("JSON_QUERY_ARRAY", [json, path ?? stringLiteral("$")]),
  JSON_EXTRACT_ARRAY: ([json, path]) => call("JSON_QUERY_ARRAY", [json, path ?? stringLiteral("$")]),
  JSON_VALUE_ARRAY: ([json, path]) => call("JSON_VALUE_ARRAY", [json, path ?? stringLiteral("$")]),
  JSON_EXTRACT_STRING_ARRAY: ([json, path]) => call("JSON_VALUE_ARRAY", [json, path ?? stringLiteral("$")]),
  CURRENT_DATETIME: ([zone]) => call("CURRENT_DATETIME", [zoneOrUtc(zone)]),
  TIMESTAMP_MILLIS: (args) => call("TIMESTAMP_MILLIS", args),
  TIMESTAMP_MICROS: (args) => call("TIMESTAMP_MICROS", args),
  DATE_FROM_UNIX_DATE: (args) => call("DATE_FROM_UNIX_DATE", args),
  UNIX_SECONDS: ([ts]) => call("UNIX_SINCE", [ts, { literal: { literal_type: "number", value: "1000000" } }]),
  UNIX_MILLIS: ([ts]) => call("UNIX_SINCE", [ts, { literal: { literal_type: "number", value: "1000" } }]),
  // DuckDB's format() takes {} placeholders; printf() reads the %-specifiers BigQuery's FORMAT uses
  FORMAT: ([format, ...values], name) => {
    const pattern = literalFormatString(name, format);
    const unsupported = pattern.match(/%[-+ #0]*\d*(\.\d+)?[^-+ #0-9.dsifeEgGxXo%]/);
    if (unsupported) refuse(`FORMAT specifier ${unsupported[0]}`, "no DuckDB printf equivalent");
    return call("PRINTF", [format, ...values]);
  },
};

const INTEGER_TYPES = new Set(["BIGINT", "INTEGER", "INT", "SMALLINT", "TINYINT", "HUGEINT"]);
const FLOAT_RESULTS = new Set(["div", "safe_divide", "avg", "sqrt", "power", "rand", "stddev", "stddev_samp", "stddev_pop", "variance", "ln", "exp"]);
const ARITHMETIC = new Set(["add", "sub", "mul", "neg", "paren"]);

/** An arithmetic expression that is FLOAT64 in BigQuery: a float literal, a division, or a float function somewhere in it. */
function isFloatArithmetic(node: AstNode): boolean {
  const [tag] = Object.keys(node);
  const payload = node[tag];
  if (tag === "literal") return payload.literal_type === "number" && /[.eE]/.test(payload.value);
  if (FLOAT_RESULTS.has(tag)) return true;
  if (isPlaceholderCall(node, "MULTIPLY")) return (node.function.args as AstNode[]).some(isFloatArithmetic);
  if (["SAFE_DIVIDE", "DIVIDE", "AVG", "IEEE_DIVIDE"].some((name) => isPlaceholderCall(node, name))) return true;
  if (!ARITHMETIC.has(tag)) return false;
  return [payload.this, payload.left, payload.right].some((child) => child && isFloatArithmetic(child));
}

const ZONE_FUNCTIONS = new Set(["DATE", "DATETIME", "TIME", "TIMESTAMP_TRUNC", "FORMAT_TIMESTAMP", "PARSE_TIMESTAMP", "SAFE.PARSE_TIMESTAMP", "CURRENT_DATE", "CURRENT_DATETIME", "CURRENT_TIME", "STRING"]);
const UTC_OFFSET = /^\s*(UTC|GMT)?\s*[+-]\d{1,2}(:?\d{2})?\s*$/i;

/** DuckDB (ICU) knows zone names but not BigQuery's UTC offsets such as '+05:30' (and misreads 'UTC+05:30'). */
function refuseOffsetZone(zones: (AstNode | undefined)[]): void {
  for (const zone of zones) {
    const text = literalString(zone);
    if (text !== undefined && UTC_OFFSET.test(text)) refuse(`time zone offset '${text}'`, "use a zone name such as 'Asia/Kolkata'");
  }
}

/** Rewrites one AST node if it needs a fix; returns undefined to leave it to polyglot. */
export function fixExpression(node: AstNode): AstNode | undefined {
  if (node.at_time_zone) refuseOffsetZone([node.at_time_zone.zone]);
  if (node.timestamp) refuseOffsetZone([node.timestamp.zone]);
  if (node.function) {
    const name = String(node.function.name).toUpperCase();
    if (ZONE_FUNCTIONS.has(name)) refuseOffsetZone(node.function.args ?? []);
    const fix = FUNCTION_FIXES[name];
    if (fix) return fix(node.function.args ?? [], name);
    if (name.startsWith("SAFE.")) refuse(`${name}`, "only SAFE.PARSE_DATE/DATETIME/TIMESTAMP are translated");
    return undefined;
  }
  const json = node.json_value ?? node.json_extract_scalar ?? node.json_query ?? node.json_extract;
  if (json) {
    const scalar = Boolean(node.json_value ?? node.json_extract_scalar);
    return call(scalar ? "JSON_VALUE" : "JSON_QUERY", [json.this, json.path ?? stringLiteral("$")]);
  }
  // polyglot drops DECIMAL parameters and the zone of TIMESTAMPTZ in casts, so casts carry their DuckDB type
  if (node.cast || node.safe_cast || node.try_cast) {
    const cast = node.cast ?? node.safe_cast ?? node.try_cast;
    if (cast.format) refuse("CAST … FORMAT", "format clauses of casts are not translated");
    const type = duckDbTypeName(cast.to);
    // a NULL needs no check, and stays a NULL literal (see MULTIPLY)
    if (Object.keys(cast.this)[0] === "null") return call("CAST", [cast.this, stringLiteral(type)]);
    // DuckDB casts DOUBLE to integers half-to-even; BigQuery rounds FLOAT64 half away from zero, as round() does
    if (type === "BLOB" || type === "VARBINARY") return call("TO_BYTES", [cast.this, { boolean: { value: !node.cast } }]);
    if (type === "BIGINT" && !isFloatArithmetic(cast.this)) return call("CAST_INT", [cast.this, { boolean: { value: !node.cast } }]);
    if (type === "DATE") return call("CAST_DATE", [cast.this, { boolean: { value: !node.cast } }]);
    const operand = INTEGER_TYPES.has(type) && isFloatArithmetic(cast.this) ? call("ROUND", [cast.this]) : cast.this;
    return call(node.cast ? "CAST" : "TRY_CAST", [operand, stringLiteral(type)]);
  }
  if (node.literal?.literal_type === "timestamp") {
    return call("CAST", [stringLiteral(node.literal.value), stringLiteral("TIMESTAMPTZ")]);
  }
  // DuckDB reads only a literal in INTERVAL <n> <unit>
  if (node.interval && node.interval.this && !node.interval.this.literal) {
    const unit = node.interval.unit?.unit;
    if (node.interval.unit?.type !== "simple" || typeof unit !== "string") refuse("INTERVAL with a computed count and a compound unit", "not translated");
    return call("INTERVAL_OF", [node.interval.this, stringLiteral(unit.toUpperCase())]);
  }
  if (node.timestamp?.zone) return call("TIMESTAMP_IN_ZONE", [node.timestamp.this, node.timestamp.zone]);
  if (node.extract?.field === "DayOfWeek") return call("DAYOFWEEK", [node.extract.this]);
  if (node.extract) {
    const { field, this: x } = node.extract;
    if (field === "Week") return call("WEEK", [x, stringLiteral("SUNDAY")]);
    if (field?.WeekWithModifier) return call("WEEK", [x, stringLiteral(String(field.WeekWithModifier).toUpperCase())]);
    if (field === "Date") return call("CAST", [x, stringLiteral("DATE")]);
    const custom = String(field?.Custom ?? "").toUpperCase();
    if (custom === "ISOWEEK" || custom === "ISOYEAR") return call(custom, [x]);
  }
  // polyglot turns IGNORE NULLS into a FILTER only for some arguments (not a CAST)
  if (node.array_agg?.ignore_nulls && !node.array_agg.filter) {
    node.array_agg.ignore_nulls = false;
    node.array_agg.filter = call("IS_NOT_NULL", [clone(node.array_agg.this)]);
  }
  if (node.array_agg?.limit) {
    const limit = node.array_agg.limit;
    node.array_agg.limit = null;
    return call("LIST_LIMIT", [node, limit]);
  }
  const literalLength = node.substring?.length?.literal?.value;
  if (node.substring && !node.substring.from_for_syntax && (!(Number(node.substring.start?.literal?.value) > 0) || (node.substring.length && !(Number(literalLength) >= 0)))) {
    const { this: str, start, length } = node.substring;
    return call("SUBSTR", length ? [str, start, length] : [str, start]);
  }
  if (node.string_agg?.limit) refuse("STRING_AGG … LIMIT", "not translated");
  // DuckDB's COUNT_IF is NULL when every condition is NULL; BigQuery's COUNTIF is 0
  if (node.count_if && !node.count_if.distinct && !node.count_if.filter) return call("COUNTIF", [node.count_if.this]);
  // polyglot's own rewrite of `x IN UNNEST(list)` skips the arguments of LAST_VALUE, FIRST_VALUE…
  if (node.in?.unnest && !node.in.query && node.in.expressions.length === 0) {
    const found = call("IN_UNNEST", [node.in.this, node.in.unnest]);
    return node.in.not ? { not: { this: found } } : found;
  }
  if (node.mod_func) return call("MOD", [node.mod_func.this, node.mod_func.expression]);
  if (node.mod) return call("MOD", [node.mod.left, node.mod.right]);
  // polyglot's own rewrite leaves a SAFE_DIVIDE nested in another one untranslated
  if (node.safe_divide) return call("SAFE_DIVIDE", [node.safe_divide.this, node.safe_divide.expression]);
  return undefined;
}
