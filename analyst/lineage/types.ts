// Column-level lineage as `plan`, `docs` and the OpenLineage export read it.

/** A column of a permanent table or view: `table` is `project.dataset.table` as BigQuery names it. */
export interface ColumnRef {
  table: string;
  column: string;
}

/** How an output column is computed from one source column. */
export type Derivation = "copy" | "transform";

/** For one output column of an action's table, the permanent-table columns it is computed from. */
export interface ColumnLineage {
  output: ColumnRef;
  sources: { column: ColumnRef; derivation: Derivation }[];
}
