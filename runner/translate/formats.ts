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

export function bigQueryFormatToDuckDb(format: string, functionName: string): string {
  return format.replace(/%(E\d|E\*)?[A-Za-z%]/g, (element) => {
    if (element in EXPANSIONS) return EXPANSIONS[element];
    if (SAME.has(element)) return element;
    const construct = `${functionName} format element ${element}`;
    throw new UntranslatableError(construct, `${construct} has no DuckDB equivalent`);
  });
}

export const mentionsZone = (format: string) => /%[zZ]/.test(format);
