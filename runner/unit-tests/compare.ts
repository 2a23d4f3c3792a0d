// Dataform's comparison of a unit test's rows, rule for rule and message for message, from runTest in
// cli/api/commands/test.ts (dataform-co/dataform, bundled in @dataform/cli):
// 1. the row counts must be equal (`Expected 2 rows, but saw 1 rows.`); two empty results pass;
// 2. the column sets must be equal, names compared case-insensitively, column order ignored (taken from the first rows);
// 3. row i is compared with row i, column by column: null against non-null, then `typeof` (so an INT64 and a
//    FLOAT64 of equal value match, a NUMERIC (a Big) and a FLOAT64 do not), then objects (NUMERIC, DATE,
//    TIMESTAMP, arrays, structs) by JSON.stringify and the rest by ===; a null or type difference ends
//    that row's checks, a value difference does not.
// Dataform compares rows in the order BigQuery returns them, which is fixed only by an ORDER BY. Where
// either query has none, BigQuery may return any order, so rows are compared as sorted here: the test
// passes when some order BigQuery may return passes Dataform's check.
import type { ClientRow } from "./bigquery-rows";

const normalizeColumnName = (name: string) => name.toUpperCase();

function normalizeRow(row: ClientRow): ClientRow {
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [normalizeColumnName(k), v]));
}

/** A row's text with columns in name order, for sorting and for the row diff. */
function rowKey(row: ClientRow): string {
  const normalized = normalizeRow(row);
  return JSON.stringify(Object.keys(normalized).sort().map((k) => [k, normalized[k]]));
}

const sortRows = (rows: ClientRow[]) => [...rows].sort((a, b) => (rowKey(a) < rowKey(b) ? -1 : rowKey(a) > rowKey(b) ? 1 : 0));

/** Dataform's messages; none when the test passes. */
export function compareRows(actualRows: ClientRow[], expectedRows: ClientRow[], ordered: boolean): string[] {
  if (actualRows.length !== expectedRows.length) return [`Expected ${expectedRows.length} rows, but saw ${actualRows.length} rows.`];
  if (actualRows.length === 0) return [];

  const actualColumns = Object.keys(actualRows[0]!);
  const expectedColumns = Object.keys(expectedRows[0]!);
  const columnsDiffer =
    actualColumns.length !== expectedColumns.length ||
    expectedColumns.some((e) => !actualColumns.some((a) => normalizeColumnName(a) === normalizeColumnName(e)));
  if (columnsDiffer) return [`Expected columns "${expectedColumns}", but saw "${actualColumns}".`];

  const [actual, expected] = ordered ? [actualRows, expectedRows] : [sortRows(actualRows), sortRows(expectedRows)];
  const messages: string[] = [];
  for (let i = 0; i < actual.length; i++) {
    const actualRow = normalizeRow(actual[i]!);
    const expectedRow = normalizeRow(expected[i]!);
    for (const column of actualColumns) {
      const expectedValue = expectedRow[normalizeColumnName(column)];
      const actualValue = actualRow[normalizeColumnName(column)];
      if (expectedValue === null && actualValue !== null) {
        messages.push(`For row ${i} and column "${column}": expected null, but saw "${actualValue}".`);
        break;
      }
      if (expectedValue !== null && actualValue === null) {
        messages.push(`For row ${i} and column "${column}": expected "${expectedValue}", but saw null.`);
        break;
      }
      if (typeof expectedValue !== typeof actualValue) {
        messages.push(`For row ${i} and column "${column}": expected type "${typeof expectedValue}", but saw type "${typeof actualValue}".`);
        break;
      }
      const comparableExpected = typeof expectedValue === "object" ? JSON.stringify(expectedValue) : expectedValue;
      const comparableActual = typeof actualValue === "object" ? JSON.stringify(actualValue) : actualValue;
      if (comparableExpected !== comparableActual) {
        messages.push(`For row ${i} and column "${column}": expected "${comparableExpected}", but saw "${comparableActual}".`);
      }
    }
  }
  return messages;
}

const SHOWN_ROWS = 5;

/** A row as a person reads it: BigQuery's date and time objects as their text. */
function showRow(row: ClientRow): string {
  return JSON.stringify(row, (_k, v: unknown) => (v && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 1 && "value" in v ? (v as { value: unknown }).value : v));
}

/** The rows only one side has (as multisets), a few of each: what a person needs to see first. */
export function rowDiff(actualRows: ClientRow[], expectedRows: ClientRow[]): string[] {
  const unmatched = new Map<string, number>();
  for (const row of actualRows) unmatched.set(rowKey(row), (unmatched.get(rowKey(row)) ?? 0) + 1);
  const missing: ClientRow[] = [];
  for (const row of expectedRows) {
    const left = unmatched.get(rowKey(row)) ?? 0;
    if (left > 0) unmatched.set(rowKey(row), left - 1);
    else missing.push(row);
  }
  const extra = actualRows.filter((row) => {
    const left = unmatched.get(rowKey(row)) ?? 0;
    if (left > 0) unmatched.set(rowKey(row), left - 1);
    return left > 0;
  });
  const lines = (sign: string, rows: ClientRow[]) => [
    ...rows.slice(0, SHOWN_ROWS).map((r) => `${sign} ${showRow(r)}`),
    ...(rows.length > SHOWN_ROWS ? [`${sign} … ${rows.length - SHOWN_ROWS} more`] : []),
  ];
  return [...lines("- expected", missing), ...lines("+ actual  ", extra)];
}
