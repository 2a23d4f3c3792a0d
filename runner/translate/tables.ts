/**
 * BigQuery table paths -> DuckDB catalog.schema.table. A backtick path `p.d.t` is one quoted identifier
 * to polyglot (it would become the single DuckDB identifier "p.d.t"), and `dataset.table` lives in the
 * default project. The runner attaches the warehouse as a catalog named after the project.
 */
import { isTableRef, visit } from "./ast";
import type { AstNode } from "./polyglot";

export interface TablePath {
  project: string;
  dataset: string;
  table: string;
}

const identifier = (name: string) => ({ name, quoted: true, trailing_comments: [] });

function parts(ref: AstNode): string[] {
  const out: string[] = [];
  for (const part of [ref.catalog, ref.schema, ref.name]) {
    if (!part) continue;
    if (part.quoted) out.push(...String(part.name).split("."));
    else out.push(String(part.name));
  }
  return out;
}

/** Names introduced by WITH in the statement: a one-part reference to them is not a table. */
function cteNames(ast: unknown): Set<string> {
  const names = new Set<string>();
  visit(ast, (node) => {
    if (node.cte?.alias?.name) names.add(String(node.cte.alias.name).toLowerCase());
  });
  return names;
}

/**
 * Qualifies every table reference in place and returns the tables read or written. Two-part names get
 * the default project; one-part names (CTEs, unqualified names) are left alone.
 */
export function qualifyTables(ast: unknown, defaultProject: string): Map<AstNode, TablePath> {
  const found = new Map<AstNode, TablePath>();
  const ctes = cteNames(ast);
  visit(ast, (node) => {
    if (!isTableRef(node)) return;
    const p = parts(node);
    if (p.length === 1 && ctes.has(p[0].toLowerCase())) return;
    if (p.length === 2) p.unshift(defaultProject);
    if (p.length !== 3) return;
    node.catalog = identifier(p[0]);
    node.schema = identifier(p[1]);
    node.name = identifier(p[2]);
    found.set(node, { project: p[0], dataset: p[1], table: p[2] });
  });
  return found;
}
