import type { Column } from "./catalog";
import type { SqlValue } from "./zetasql/values";

/** Rows with their columns, values in the engine-neutral form of zetasql/values.ts. */
export interface ResultSet {
  columns: Column[];
  rows: SqlValue[][];
}

/**
 * Stated tolerances. FLOAT64: relative 1e-9 (absolute 1e-12 near zero), since engines may sum in a
 * different order. NUMERIC: 1e-9, one unit in NUMERIC's last place, for a division rounded differently.
 */
export const FLOAT64_RELATIVE_TOLERANCE = 1e-9;
export const FLOAT64_ABSOLUTE_TOLERANCE = 1e-12;
export const NUMERIC_TOLERANCE = "0.000000001";

const NUMERIC_SCALE = 9;
const numericUnits = (decimal: string): bigint => {
  const negative = decimal.startsWith("-");
  const [whole, fraction = ""] = decimal.replace("-", "").split(".");
  // Beyond 9 places (BIGNUMERIC) the extra digits are dropped: the tolerance is one NUMERIC unit anyway.
  const units = BigInt(whole + fraction.slice(0, NUMERIC_SCALE).padEnd(NUMERIC_SCALE, "0"));
  return negative ? -units : units;
};

function isNumeric(v: SqlValue): v is { numeric: string } {
  return typeof v === "object" && v !== null && !Array.isArray(v) && "numeric" in v && Object.keys(v).length === 1;
}

export function valuesEqual(a: SqlValue, b: SqlValue): boolean {
  if (a === null || b === null) return a === b;
  if (typeof a === "number" && typeof b === "number") {
    if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
    if (!Number.isFinite(a) || !Number.isFinite(b)) return a === b;
    const diff = Math.abs(a - b);
    return diff <= FLOAT64_ABSOLUTE_TOLERANCE || diff <= FLOAT64_RELATIVE_TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
  }
  if (isNumeric(a) && isNumeric(b)) {
    const diff = numericUnits(a.numeric) - numericUnits(b.numeric);
    return diff >= -1n && diff <= 1n;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => valuesEqual(v, b[i]));
  }
  if (typeof a === "object" && typeof b === "object") {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    const ra = a as Record<string, SqlValue>;
    const rb = b as Record<string, SqlValue>;
    return ka.length === kb.length && ka.every((k, i) => k === kb[i] && valuesEqual(ra[k], rb[k]));
  }
  return a === b;
}

/** Readable and stable text of a value, for messages and for sorting unordered results. */
export function showValue(v: SqlValue): string {
  // NaN and ±Infinity are not JSON: spell them, or they would print as null.
  return JSON.stringify(v, (_k, x) => (typeof x === "bigint" || (typeof x === "number" && !Number.isFinite(x)) ? `${x}` : x)) ?? "null";
}

/** A sort key that tolerance cannot split: floats and decimals rounded well above their tolerance. */
function sortKey(row: SqlValue[]): string {
  const round = (v: SqlValue): SqlValue => {
    if (typeof v === "number") return Number.isFinite(v) ? Number(v.toPrecision(6)) : String(v);
    if (isNumeric(v)) return Number(Number(v.numeric).toPrecision(6));
    if (Array.isArray(v)) return v.map(round);
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, round(x as SqlValue)]));
    return v;
  };
  return showValue(row.map(round));
}

/**
 * Differences between the reference engine's result and DuckDB's, as sentences; none when they agree.
 * Rows are matched in order when the query orders them, as a multiset otherwise.
 */
export function compareResults(reference: ResultSet, local: ResultSet, ordered: boolean): string[] {
  const shape = (r: ResultSet) => r.columns.map((c) => `${c.name.toLowerCase()} ${c.type}`).join(", ");
  if (shape(reference) !== shape(local)) {
    return [`columns differ: reference (${shape(reference)}) vs DuckDB (${shape(local)})`];
  }
  const differences: string[] = [];
  if (reference.rows.length !== local.rows.length) {
    differences.push(`row counts differ: reference ${reference.rows.length} vs DuckDB ${local.rows.length}`);
  }
  const sorted = (rows: SqlValue[][]) => (ordered ? rows : [...rows].sort((x, y) => (sortKey(x) < sortKey(y) ? -1 : sortKey(x) > sortKey(y) ? 1 : 0)));
  const [ref, loc] = [sorted(reference.rows), sorted(local.rows)];
  for (let i = 0; i < Math.min(ref.length, loc.length) && differences.length < 5; i++) {
    const cells = ref[i].map((v, c) => (valuesEqual(v, loc[i][c]) ? undefined : `${reference.columns[c].name}: ${showValue(v)} vs ${showValue(loc[i][c])}`));
    const diff = cells.filter(Boolean);
    if (diff.length > 0) differences.push(`row ${i + 1}${ordered ? "" : " (sorted)"}: ${diff.join("; ")}`);
  }
  return differences;
}
