"use strict";
// Absent is not NULL. Bronze lists in absent_fields the contract fields a source did not send (a CSV
// column missing from its header, a JSON member missing from its object); their typed columns are NULL
// but mean "not said". A dimension keeps, for such a field, the value last sent for it and names the
// fields no row has sent yet; a fact (an event, with nothing before it to carry) names them.
Object.defineProperty(exports, "__esModule", { value: true });
exports.lastSent = lastSent;
exports.neverSent = neverSent;
exports.notSent = notSent;
exports.latestExtract = latestExtract;
/**
 * The value of `column` in the last row of `window` (with its frame) that sent it; a sent NULL counts.
 * Wrapping the value in a STRUCT lets IGNORE NULLS skip only the rows that did not send it.
 */
function lastSent(column, absentFields, window) {
    return `(last_value(if('${column}' in unnest(${absentFields}), null, struct(${column} as v)) ignore nulls) over (${window})).v`;
}
/** The columns (in the order given) that no row of `window` has sent: unknown, not NULL. */
function neverSent(columns, absentFields, window) {
    const unknown = columns.map((c) => `if(logical_or('${c}' not in unnest(${absentFields})) over (${window}), [], ['${c}'])`);
    return `array_concat(${unknown.join(", ")})`;
}
/**
 * The names (in the order given) of the columns whose source field one row did not send: an
 * ARRAY<STRING> for a fact's unknown_attributes. `columns` maps a column to its source field.
 */
function notSent(columns, absentFields) {
    const unknown = Object.entries(columns).map(([column, field]) => `if('${field}' in unnest(${absentFields}), ['${column}'], [])`);
    return `array_concat(${unknown.join(", ")})`;
}
/**
 * One row per key of a full master extract: the latest row, each attribute as last sent for the key
 * (a file without that column says nothing about it), `unknown_attributes` naming those never sent, and
 * the latest row's ingestion_ts.
 */
function latestExtract(o) {
    const sentSoFar = `partition by ${o.key} order by ${o.loadOrder} rows between unbounded preceding and current row`;
    return `(
  select ${o.key},
    ${o.attributes.map((c) => `${lastSent(c, "absent_fields", sentSoFar)} as ${c}`).join(",\n    ")},
    ${neverSent(o.attributes, "absent_fields", sentSoFar)} as unknown_attributes,
    ingestion_ts
  from ${o.from}
  where ${o.where}
  qualify row_number() over (partition by ${o.key} order by ${o.loadOrder}) = count(*) over (partition by ${o.key})
)`;
}
