/** BigQuery FORMAT_/PARSE_ date-time format strings -> DuckDB strftime/strptime format strings. */
import { UntranslatableError } from "./errors";

/** Elements that expand to others, or that DuckDB spells differently. */
const EXPANSIONS: Record<string, string> = {
  "%F": "%Y-%m-%d",
  "%T": "%H:%M:%S",
  "%D": "%m/%d/%y",
  "%R": "%H:%M",
  "%E4Y": "%Y",
  "%h": "%b",
  "%e": "%-d",
  "%k": "%-H",
  "%l": "%-I",
  "%E6S": "%S.%f",
  "%E3S": "%S.%g",
};
/** Elements both engines read the same way. */
const SAME = new Set("%Y %m %d %H %M %S %y %b %B %a %A %j %p %I %w %u %U %W %V %G %g %z %Z %%".split(" "));

/**
 * `formatting`: for FORMAT_*, where %E4Y stays %E4Y for `strftimeYears`, which tells the zero-padded year from %Y's.
 */
export function bigQueryFormatToDuckDb(format: string, functionName: string, formatting = false): string {
  return format.replace(/%(E\d|E\*)?[A-Za-z%]/g, (element) => {
    if (formatting && element === "%E4Y") return element;
    if (element in EXPANSIONS) return EXPANSIONS[element];
    if (SAME.has(element)) return element;
    const construct = `${functionName} format element ${element}`;
    throw new UntranslatableError(construct, `${construct} has no DuckDB equivalent`);
  });
}

export const mentionsZone = (format: string) => /%[zZ]/.test(format);

/**
 * strftime of `value` (SQL) with a DuckDB format literal from `bigQueryFormatToDuckDb(…, true)`. BigQuery writes %Y and %G
 * unpadded (year 1 is `1`; %F is `1-02-03`), DuckDB as four digits: those years are written with year()/isoyear().
 */
export function strftimeYears(value: string, formatLiteral: string): string {
  const format = formatLiteral.replace(/^'|'$/g, "");
  const pieces: string[] = [];
  let text = "";
  const flush = () => {
    if (text) pieces.push(`strftime(${value}, '${text}')`);
    text = "";
  };
  for (const token of format.split(/(%%|%E4Y|%Y|%G)/)) {
    if (token === "%Y" || token === "%G") {
      flush();
      pieces.push(`CAST(${token === "%Y" ? "year" : "isoyear"}(${value}) AS VARCHAR)`);
    } else text += token === "%E4Y" ? "%Y" : token;
  }
  flush();
  // DuckDB's strftime refuses an empty format
  return pieces.length ? pieces.join(" || ") : `CAST(CASE WHEN (${value}) IS NOT NULL THEN '' END AS VARCHAR)`;
}
