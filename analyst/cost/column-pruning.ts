// Which columns of its tables a statement needs. The analyzer prunes a table scan to the columns named
// anywhere in the statement, but a column that only passes through a `SELECT *` (a subquery, a view, the
// view Dataform checks an assertion with: `select sum(1) from (select * … where not (…))`) still counts
// there; BigQuery's planner drops it and bills only what the outer query uses.
import { columnList, nodeOf, type ResolvedColumn } from "../resolved-tree";

/**
 * Scans whose output is their input's columns plus what their own expressions compute: a column of their
 * input scan is needed only when something above asks for it. Every other scan or node (set operations,
 * WITH references, UNNEST, subquery expressions…) is taken to need every column its child scans give it.
 */
const PASS_THROUGH = new Set(["project_scan", "filter_scan", "order_by_scan", "limit_offset_scan", "aggregate_scan", "analytic_scan", "join_scan", "sample_scan"]);

const isColumn = (value: object): value is ResolvedColumn => "column_id" in value;

/**
 * The column ids a statement needs: every column an expression refers to, every column a node other than a
 * pass-through scan takes from its input, and of the statement's output columns those `outputs` names
 * (all of them when absent). A table scan reads only its columns in this set.
 */
export function neededColumns(root: unknown, outputs?: ReadonlySet<string>): Set<string> {
  const ids = new Set<string>();
  // A UNION ALL needs of each arm the columns at the positions of its own needed columns, known only once
  // the whole statement is walked; the other set operations compare whole rows and need every column.
  const unions: { columns: ResolvedColumn[]; arms: ResolvedColumn[][] }[] = [];
  // Likewise a WITH query: each reference to it needs the query's columns at the positions it uses.
  const withRefs: { columns: ResolvedColumn[]; name: string }[] = [];
  const withQueries = new Map<string, ResolvedColumn[][]>();
  const visit = (value: unknown, passThrough: boolean, top: boolean): void => {
    if (!value || typeof value !== "object") return;
    if (Array.isArray(value)) {
      for (const item of value) visit(item, passThrough, top);
      return;
    }
    const node = nodeOf(value);
    if (!node) {
      if (isColumn(value)) ids.add(value.column_id);
      else for (const child of Object.values(value)) visit(child, false, false);
      return;
    }
    if (node.kind.endsWith("_scan") && !passThrough) for (const c of columnList(node)) ids.add(c.column_id);
    if (node.kind === "with_ref_scan") withRefs.push({ name: String(node.fields.with_query_name), columns: columnList(node) });
    if (node.kind === "with_scan") {
      for (const entry of (node.fields.with_entry_list as { with_query_name: string; with_subquery: unknown }[] | undefined) ?? []) {
        const query = nodeOf(entry.with_subquery);
        withQueries.set(entry.with_query_name, [...(withQueries.get(entry.with_query_name) ?? []), query ? columnList(query) : []]);
        visit(entry.with_subquery, true, false);
      }
      visit(node.fields.query, true, false);
      return;
    }
    if (node.kind === "set_operation_scan" && String(node.fields.op_type) === "UNION_ALL") {
      const items = (node.fields.input_item_list as { scan: unknown; output_column_list: ResolvedColumn[] }[] | undefined) ?? [];
      unions.push({ columns: columnList(node), arms: items.map((i) => i.output_column_list ?? []) });
      for (const item of items) visit(item.scan, true, false);
      return;
    }
    // A statement with output columns passes its query through to them; the others (DML) need all of it.
    const outputList = top ? (node.fields.output_column_list as { name: string; column: ResolvedColumn }[] | undefined) : undefined;
    for (const [key, child] of Object.entries(node.fields)) {
      if (key === "column_list") continue;
      if (key === "output_column_list" && outputList) {
        for (const o of outputList) if (!outputs || outputs.has(o.name.toLowerCase())) ids.add(o.column.column_id);
        continue;
      }
      visit(child, PASS_THROUGH.has(node.kind) || !!outputList, false);
    }
  };
  visit(root, false, true);
  for (let grew = true; grew; ) {
    grew = false;
    const positional = [...unions, ...withRefs.map((r) => ({ columns: r.columns, arms: withQueries.get(r.name) ?? [] }))];
    for (const { columns, arms } of positional)
      columns.forEach((c, i) => {
        if (!ids.has(c.column_id)) return;
        for (const arm of arms) if (arm[i] && !ids.has(arm[i]!.column_id)) (ids.add(arm[i]!.column_id), (grew = true));
      });
  }
  return ids;
}
