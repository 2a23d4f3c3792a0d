/**
 * BigQuery refuses to scan a table created with require_partition_filter=true unless the query filters
 * on its partition column; a local run must refuse it the same way, or the error surfaces only in prod.
 * A scan counts as filtered when a WHERE (or a JOIN/MERGE ON) of the same query block references the
 * partition column of that table, by its alias, its name or unqualified.
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

function referencesColumn(predicates: unknown[], column: string, names: Set<string>): boolean {
  let found = false;
  visit(predicates, (node) => {
    const ref = node.column;
    if (!ref || String(ref.name?.name).toLowerCase() !== column.toLowerCase()) return;
    if (!ref.table || names.has(String(ref.table.name).toLowerCase())) found = true;
  });
  return found;
}

/** Each place a table is scanned, with the predicates that may filter that scan. */
function scans(ast: unknown): { item: AstNode; predicates: unknown[] }[] {
  const out: { item: AstNode; predicates: unknown[] }[] = [];
  visit(ast, (node) => {
    if (node.select) {
      const s = node.select;
      const predicates = [s.where_clause, ...(s.joins ?? []).map((j: AstNode) => j.on)];
      for (const item of s.from?.expressions ?? []) out.push({ item, predicates });
      for (const join of s.joins ?? []) out.push({ item: join.this, predicates });
    } else if (node.merge) {
      const whens = node.merge.whens;
      for (const item of [node.merge.this, node.merge.using]) out.push({ item, predicates: [node.merge.on, whens] });
    } else if (node.update || node.delete) {
      const dml = node.update ?? node.delete;
      out.push({ item: { table: dml.table }, predicates: [dml.where_clause] });
    }
  });
  return out;
}

export function checkPartitionFilters(ast: unknown, tables: Map<AstNode, TablePath>, lookup: PartitionFilterLookup): void {
  for (const { item, predicates } of scans(ast)) {
    const table = tablePayload(item);
    const path = table && tables.get(table);
    if (!path) continue;
    const column = lookup(path.project, path.dataset, path.table);
    if (column && !referencesColumn(predicates, column, qualifiers(item, table))) {
      throw new BigQueryRuleError(
        `Cannot query over table '${path.project}.${path.dataset}.${path.table}' without a filter over column(s) '${column}' that can be used for partition elimination`,
      );
    }
  }
}
