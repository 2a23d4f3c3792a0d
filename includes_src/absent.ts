// Absent is not NULL. Bronze lists in absent_fields the contract fields a source did not send (a CSV
// column missing from its header); their typed columns are NULL but mean "not said". A model keeps,
// for such a field, the value last sent for it, and names the fields no row has sent yet.

/**
 * The value of `column` in the last row of `window` (with its frame) that sent it; a sent NULL counts.
 * Wrapping the value in a STRUCT lets IGNORE NULLS skip only the rows that did not send it.
 */
export function lastSent(column: string, absentFields: string, window: string): string {
  return `(last_value(if('${column}' in unnest(${absentFields}), null, struct(${column} as v)) ignore nulls) over (${window})).v`;
}

/** The columns (in the order given) that no row of `window` has sent: unknown, not NULL. */
export function neverSent(columns: readonly string[], absentFields: string, window: string): string {
  const unknown = columns.map((c) => `if(logical_or('${c}' not in unnest(${absentFields})) over (${window}), [], ['${c}'])`);
  return `array_concat(${unknown.join(", ")})`;
}
