// Column lineage of one resolved statement: each column id of the statement is traced through the
// scans that define it (computed columns, CTE references, set operations, UNNEST) down to the table
// columns it is read from. Only direct sources count: a column used in a join key, filter or GROUP BY
// shapes the rows, not the value, and is left out (OpenLineage calls those INDIRECT).
import type { StatementAnalysis } from "../../fidelity/analyze";
import { columnList, descendants, messageNode, messagesWith, nodeOf, type Node, type ResolvedColumn } from "../resolved-tree";
import type { ColumnRef, Derivation } from "./types";

/** A column's sources, keyed by `table.column`. */
export type Sources = Map<string, { column: ColumnRef; derivation: Derivation }>;

/** Tables a script created that are not permanent (temp tables): their columns' sources, by table and column name. */
export type ScriptTables = Map<string, Map<string, Sources>>;

export interface StatementLineage {
  /** `project.dataset.table` written */
  table: string;
  columns: Map<string, Sources>;
}


/** Adds `from` to `into`; a source reached both as a copy and as a transform is a transform. */
export function addSources(into: Sources, from: Sources, derivation?: Derivation): void {
  for (const [k, s] of from) {
    const d = derivation === "transform" || s.derivation === "transform" || into.get(k)?.derivation === "transform" ? "transform" : "copy";
    into.set(k, { column: s.column, derivation: d });
  }
}

/** Expression kinds that hand on a value unchanged (a field of a struct is a part of the column, as is). */
const PASS_THROUGH = new Set(["get_struct_field", "get_json_field"]);

class ColumnTracer {
  private readonly definitions = new Map<string, () => Sources>();
  private readonly memo = new Map<string, Sources>();
  private readonly tracing = new Set<string>();

  constructor(root: unknown, scriptTables: ScriptTables) {
    const withQueries = new Map<string, Node>();
    for (const node of descendants(root)) {
      if (node.kind === "with_scan" || node.kind === "with_entry") {
        for (const entry of messagesWith(node.fields, "with_query_name")) {
          const subquery = nodeOf(entry.with_subquery);
          if (subquery) withQueries.set(String(entry.with_query_name), subquery);
        }
      }
    }
    for (const node of descendants(root)) {
      this.define(node, withQueries, scriptTables);
      if (node.kind.endsWith("computed_column")) this.compute(node.fields);
    }
    // Computed columns: project and aggregate lists, GROUP BY, analytic functions.
    for (const computed of messagesWith(root, "expr")) this.compute(computed);
  }

  private compute(computed: Record<string, unknown>): void {
    const column = computed.column as ResolvedColumn | undefined;
    if (column?.column_id) this.definitions.set(column.column_id, () => this.expression(computed.expr));
  }

  private define(node: Node, withQueries: Map<string, Node>, scriptTables: ScriptTables): void {
    const columns = columnList(node);
    switch (node.kind) {
      case "table_scan": {
        const table = String((node.fields.table as { full_name?: string }).full_name ?? "");
        const temp = scriptTables.get(table.toLowerCase());
        for (const c of columns) {
          this.definitions.set(c.column_id, () =>
            temp ? (temp.get(c.name.toLowerCase()) ?? new Map()) : new Map([[`${table}.${c.name}`, { column: { table, column: c.name }, derivation: "copy" as Derivation }]]),
          );
        }
        return;
      }
      case "with_ref_scan": {
        const subquery = withQueries.get(String(node.fields.with_query_name));
        const inner = subquery ? columnList(subquery) : [];
        columns.forEach((c, i) => inner[i] && this.definitions.set(c.column_id, () => this.column(inner[i]!.column_id)));
        return;
      }
      case "set_operation_scan": {
        const items = (node.fields.input_item_list as { output_column_list?: ResolvedColumn[] }[] | undefined) ?? [];
        columns.forEach((c, i) =>
          this.definitions.set(c.column_id, () => {
            const sources: Sources = new Map();
            for (const item of items) if (item.output_column_list?.[i]) addSources(sources, this.column(item.output_column_list[i]!.column_id));
            return sources;
          }),
        );
        return;
      }
      case "array_scan": {
        // UNNEST: each element is a value of the array, as is; its offset comes from no column.
        const elements = (node.fields.element_column_list as ResolvedColumn[] | undefined) ?? [node.fields.element_column as ResolvedColumn].filter(Boolean);
        const arrays = (node.fields.array_expr_list as unknown[] | undefined) ?? [node.fields.array_expr];
        elements.forEach((c, i) => this.definitions.set(c.column_id, () => this.expression(arrays[i])));
        return;
      }
    }
  }

  column(id: string): Sources {
    const known = this.memo.get(id);
    if (known) return known;
    const definition = this.definitions.get(id);
    // A recursive CTE refers to itself: its own columns add nothing new.
    if (!definition || this.tracing.has(id)) return new Map();
    this.tracing.add(id);
    const sources = definition();
    this.tracing.delete(id);
    this.memo.set(id, sources);
    return sources;
  }

  /** A column reference (or a field of one) keeps its sources' derivation; anything computed is a transform. */
  expression(value: unknown): Sources {
    const node = nodeOf(value);
    if (!node) return new Map();
    if (node.kind === "column_ref") return this.column((node.fields.column as ResolvedColumn).column_id);
    if (PASS_THROUGH.has(node.kind)) return this.expression(node.fields.expr);
    const sources: Sources = new Map();
    // A scalar or ARRAY subquery's value is its one output column; EXISTS and IN only filter.
    const subquery = (n: Node) => n.kind === "subquery_expr";
    for (const inner of descendants(value, subquery)) {
      if (inner.kind === "column_ref") addSources(sources, this.column((inner.fields.column as ResolvedColumn).column_id), "transform");
      if (subquery(inner) && ["SCALAR", "ARRAY"].includes(String(inner.fields.subquery_type))) {
        const scan = nodeOf(inner.fields.subquery);
        for (const c of scan ? columnList(scan).slice(0, 1) : []) addSources(sources, this.column(c.column_id), "transform");
      }
    }
    return sources;
  }
}

/** A message whether or not it comes in a oneof wrapper (repeated fields of one kind come bare). */
const fieldsOf = (value: unknown): Record<string, unknown> => messageNode(value, "")?.fields ?? {};

const tableName = (node: Node) => String((messageNode(node.fields.table_scan, "table_scan")?.fields.table as { full_name?: string } | undefined)?.full_name ?? "");

/**
 * The columns a statement writes and their sources: CREATE … AS SELECT and CREATE VIEW by output
 * column, INSERT by its column list, MERGE and UPDATE by their INSERT and SET clauses. A temp table's
 * lineage goes into `scriptTables`, for the later statements of the same script that read it.
 */
export function statementLineage(statement: StatementAnalysis, scriptTables: ScriptTables): StatementLineage | undefined {
  const root = statement.resolved && nodeOf(statement.resolved.node);
  if (!root) return undefined;
  const tracer = new ColumnTracer(statement.resolved!.node, scriptTables);
  const columns = new Map<string, Sources>();
  const add = (name: string, sources: Sources) => {
    const into = columns.get(name) ?? new Map();
    addSources(into, sources);
    columns.set(name, into);
  };
  let table = statement.tables?.writes;
  if (root.kind.startsWith("create_")) {
    for (const output of (root.fields.output_column_list as { name: string; column: ResolvedColumn }[] | undefined) ?? []) add(output.name, tracer.column(output.column.column_id));
    table = statement.creates ?? table;
  } else if (root.kind === "insert_stmt") {
    const targets = (root.fields.insert_column_list as ResolvedColumn[] | undefined) ?? [];
    const outputs = (root.fields.query_output_column_list as ResolvedColumn[] | undefined) ?? [];
    const rows = ((root.fields.row_list as unknown[] | undefined) ?? []).map(fieldsOf);
    targets.forEach((t, i) => {
      if (outputs[i]) add(t.name, tracer.column(outputs[i]!.column_id));
      for (const row of rows) add(t.name, tracer.expression(fieldsOf((row.value_list as unknown[] | undefined)?.[i]).value));
    });
    table = tableName(root);
  } else if (root.kind === "merge_stmt" || root.kind === "update_stmt") {
    const clauses = root.kind === "merge_stmt" ? ((root.fields.when_clause_list as unknown[] | undefined) ?? []).map(fieldsOf) : [root.fields];
    for (const clause of clauses) {
      ((clause.insert_column_list as ResolvedColumn[] | undefined) ?? []).forEach((t, i) => {
        const row = fieldsOf(clause.insert_row).value_list as unknown[] | undefined;
        add(t.name, tracer.expression(fieldsOf(row?.[i]).value));
      });
      for (const item of (clause.update_item_list as unknown[] | undefined) ?? []) {
        const fields = fieldsOf(item);
        const target = nodeOf(fields.target);
        if (target?.kind === "column_ref") add((target.fields.column as ResolvedColumn).name, tracer.expression(fieldsOf(fields.set_value).value));
      }
    }
    table = tableName(root);
  } else return undefined;
  if (!table) return undefined;
  if (!table.includes(".")) {
    scriptTables.set(table.toLowerCase(), new Map([...columns].map(([name, sources]) => [name.toLowerCase(), sources])));
    return undefined;
  }
  return { table, columns };
}
