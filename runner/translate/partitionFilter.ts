/**
 * BigQuery refuses to scan a table created with require_partition_filter=true unless the query filters
 * on its partition column; a local run must refuse it the same way, or the error surfaces only in prod.
 * A scan counts as filtered when a WHERE (or a JOIN/MERGE ON) of the same query block references the
 * partition column of that table (by its alias, its name or unqualified), or when an enclosing query
 * block filters on a column of that name, which BigQuery pushes down into CTEs and derived tables.
 */
import { visit } from "./ast";
import { BigQueryRuleError } from "./errors";
import type { AstNode } from "./polyglot";
import type { TablePath } from "./tables";

export type PartitionFilterLookup = (project: string, dataset: string, table: string) => string | undefined;

function tablePayload(item: AstNode | undefined): AstNode | undefined {
  return item?.table ?? item?.alias?.this?.table;
}

function qualifiers(item: AstNode, table: AstNode): Set<string> {
  const names = [table.name?.name, table.alias?.name, item.alias?.alias?.name];
  return new Set(names.filter(Boolean).map((n) => String(n).toLowerCase()));
}

/** Whether a predicate references the column, unqualified or qualified by one of `names` (any qualifier if absent). */
function referencesColumn(predicates: unknown[], column: string, names?: Set<string>): boolean {
  let found = false;
  visit(predicates, (node) => {
    const ref = node.column;
    if (!ref || String(ref.name?.name).toLowerCase() !== column.toLowerCase()) return;
    if (!ref.table || !names || names.has(String(ref.table.name).toLowerCase())) found = true;
  });
  return found;
}

interface Scan {
  item: AstNode;
  /** predicates of the query block that scans the table */
  own: unknown[];
  /** predicates of enclosing query blocks (a filter on a CTE or derived table is pushed down into it) */
  outer: unknown[];
}

/** Each place a table is scanned, with the predicates that may filter that scan. */
function scans(value: unknown, outer: unknown[] = [], out: Scan[] = []): Scan[] {
  if (Array.isArray(value)) {
    value.forEach((v) => scans(v, outer, out));
    return out;
  }
  if (value === null || typeof value !== "object") return out;
  const node = value as AstNode;
  let own: unknown[] | undefined;
  let items: AstNode[] = [];
  if (node.select) {
    const s = node.select;
    own = [s.where_clause, ...(s.joins ?? []).map((j: AstNode) => j.on)];
    items = [...(s.from?.expressions ?? []), ...(s.joins ?? []).map((j: AstNode) => j.this)];
  } else if (node.merge) {
    own = [node.merge.on, node.merge.whens];
    items = [node.merge.this, node.merge.using];
  } else if (node.update || node.delete) {
    const dml = node.update ?? node.delete;
    own = [dml.where_clause];
    items = [{ table: dml.table }];
  }
  for (const item of items) out.push({ item, own: own!, outer });
  const inner = own ? [...outer, ...own] : outer;
  for (const child of Object.values(node)) scans(child, inner, out);
  return out;
}

export function checkPartitionFilters(ast: unknown, tables: Map<AstNode, TablePath>, lookup: PartitionFilterLookup): void {
  for (const { item, own, outer } of scans(ast)) {
    const table = tablePayload(item);
    const path = table && tables.get(table);
    if (!path) continue;
    const column = lookup(path.project, path.dataset, path.table);
    if (column && !referencesColumn(own, column, qualifiers(item, table)) && !referencesColumn(outer, column)) {
      throw new BigQueryRuleError(
        `Cannot query over table '${path.project}.${path.dataset}.${path.table}' without a filter over column(s) '${column}' that can be used for partition elimination`,
      );
    }
  }
}
