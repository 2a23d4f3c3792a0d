// The bytes one resolved statement reads, as BigQuery's on-demand billing counts them: the columns each
// scan keeps (the analyzer prunes the rest), over the partitions its constant filters keep, plus for
// UPDATE, DELETE and a MERGE that updates or deletes the whole of the target's scanned partitions
// (https://cloud.google.com/bigquery/docs/reference/standard-sql/dml-syntax#on-demand_query_size_calculation).
import type { StatementAnalysis } from "../../fidelity/analyze";
import { columnList, descendants, messageNode, nodeOf, sourceText, type Node, type ResolvedColumn } from "../resolved-tree";
import { neededColumns } from "./column-pruning";
import type { ConstantEvaluator } from "./constants";
import { BILLING_ROUND_BYTES, MIN_BYTES_PER_TABLE } from "./logical-sizes";
import { bytesOf, NULL_PARTITION, type TableSize } from "./table-sizes";

export interface TableRead {
  /** `project.dataset.table` (a view's reads are those of its query, named after the view's tables) */
  table: string;
  columns: string[];
  /** `read` by the query; `dml target`: the partitions an UPDATE, DELETE or MERGE rewrites, every column */
  role: "read" | "dml target";
  /** How partitions were chosen: not partitioned, kept n of m (and by which filter), or why it cannot prune. */
  pruning: string;
  /** the partitions read; absent: all of them */
  partitions?: string[];
  bytes: number;
}

export interface StatementCost {
  line: number;
  kind: string;
  reads: TableRead[];
  bytes_processed: number;
  bytes_billed: number;
}

/** What costing needs besides the statement: table sizes, constant evaluation, views' definitions, scale. */
export interface CostContext {
  sizes: ReadonlyMap<string, TableSize>;
  evaluator: ConstantEvaluator;
  /** CREATE VIEW statements by lower-case view name: a view is billed as the tables its query reads. */
  views: ReadonlyMap<string, StatementAnalysis>;
  /** How much bigger than in the local warehouse a table is (1: as measured). */
  scale: (table: string) => number;
}

const COMPARISONS: Record<string, string> = {
  "$equal": "=",
  "$greater": ">",
  "$greater_or_equal": ">=",
  "$less": "<",
  "$less_or_equal": "<=",
  "$between": "between",
  "$in": "in",
};
const FLIPPED: Record<string, string> = { ">": "<", ">=": "<=", "<": ">", "<=": ">=", "=": "=" };

const functionName = (node: Node) => String((node.fields.function as { name?: string } | undefined)?.name ?? "").replace(/^ZetaSQL:/, "");
const args = (node: Node) => ((node.fields.argument_list as unknown[] | undefined) ?? []).map((a) => nodeOf(a)!).filter(Boolean);

function conjuncts(expr: unknown): Node[] {
  const node = nodeOf(expr);
  if (!node) return [];
  if (node.kind === "function_call" && functionName(node) === "$and") return args(node).flatMap((a) => conjuncts(wrap(a)));
  return [node];
}

const refersTo = (node: Node, ids: Set<string>) =>
  [...descendants(wrap(node))].some((n) => n.kind === "column_ref" && ids.has((n.fields.column as ResolvedColumn).column_id));
const isConstant = (node: Node) => ![...descendants(wrap(node))].some((n) => n.kind === "column_ref" || n.kind === "subquery_expr");

/** A node back in a wrapper, so that the generic walkers see it as they see the tree's own nodes. */
function wrap(node: Node): unknown {
  const key = `resolved_${node.kind}_node`;
  return { node: key, [key]: node.fields };
}

interface Predicate {
  op: string;
  values: string[];
  text: string;
}

/** Keeps a partition day when every predicate can hold in it; a timestamp partition spans the whole day. */
function keeps(day: string, predicates: Predicate[], wholeDay: boolean): boolean {
  if (day === NULL_PARTITION) return false;
  return predicates.every(({ op, values }) => {
    const [a, b] = values;
    if (values.some((v) => v === null)) return false;
    switch (op) {
      case "=":
        return day === a;
      case ">":
        return wholeDay ? day >= a! : day > a!;
      case ">=":
        return day >= a!;
      case "<":
        return wholeDay ? day <= a! : day < a!;
      case "<=":
        return day <= a!;
      case "between":
        return day >= a! && day <= b!;
      case "in":
        return values.includes(day);
      default:
        return true;
    }
  });
}

export class StatementCoster {
  constructor(private readonly context: CostContext) {}

  /** The cost of one analyzed statement; `variables` are the DECLARE and SET statements before it in its script. */
  async statement(statement: StatementAnalysis, variables: readonly string[]): Promise<StatementCost> {
    const root = statement.resolved && nodeOf(statement.resolved.node);
    const reads = root ? this.merged(await this.reads(root, statement.resolved!.script, variables)) : [];
    return { line: statement.line, kind: statement.kind, reads, ...billing(reads) };
  }

  /**
   * One read per table and role: a table a statement references several times (a self-join, the arms
   * of a UNION) is read once, each column over the partitions any reference keeps.
   */
  private merged(reads: TableRead[]): TableRead[] {
    const groups = new Map<string, TableRead[]>();
    for (const r of reads) groups.set(`${r.role}|${r.table.toLowerCase()}`, [...(groups.get(`${r.role}|${r.table.toLowerCase()}`) ?? []), r]);
    return [...groups.values()].map((group) => {
      const [first] = group;
      if (group.length === 1) return first!;
      const size = this.context.sizes.get(first!.table.toLowerCase());
      const columns = [...new Set(group.flatMap((r) => r.columns))];
      const pruning = [...new Set(group.map((r) => r.pruning))].join(" | ");
      if (!size) return { ...first!, columns, pruning };
      let bytes = 0;
      for (const column of columns) {
        const using = group.filter((r) => r.columns.includes(column));
        const partitions = using.some((r) => !r.partitions) ? undefined : [...new Set(using.flatMap((r) => r.partitions!))];
        bytes += bytesOf(size, [column], partitions);
      }
      const all = group.some((r) => !r.partitions) ? undefined : [...new Set(group.flatMap((r) => r.partitions!))];
      return { ...first!, columns, pruning, ...(all && { partitions: all }), bytes: Math.round(bytes * this.context.scale(first!.table)) };
    });
  }

  private async reads(root: Node, script: string, variables: readonly string[]): Promise<TableRead[]> {
    // DDL that runs no query is free: a view's query runs when the view is read.
    if (root.kind === "create_view_stmt" || root.kind === "drop_stmt") return [];
    return this.tableReads(root, script, variables);
  }

  /** The reads of a statement, or of a view's query for the `outputs` of it a statement uses. */
  private async tableReads(root: Node, script: string, variables: readonly string[], outputs?: ReadonlySet<string>): Promise<TableRead[]> {
    const needed = neededColumns(wrap(root), outputs);
    const filters = [...descendants(wrap(root))].flatMap((n) => (n.kind === "filter_scan" ? conjuncts(n.fields.filter_expr) : []));
    const dmlFilters = conjuncts(root.fields.merge_expr ?? root.fields.where_expr);
    const target = messageNode(root.fields.table_scan, "table_scan");
    const reads: TableRead[] = [];
    for (const scan of descendants(wrap(root))) {
      if (scan.kind === "table_scan") reads.push(...(await this.scan(scan, needed, filters, script, variables)));
    }
    // The target of a DML statement: an INSERT only writes it; the others read the columns they use.
    if (target && root.kind !== "insert_stmt") reads.push(...(await this.scan(target, needed, [...filters, ...dmlFilters], script, variables)));
    if (target && this.rewritesTarget(root)) {
      const read = (await this.scan(target, needed, dmlFilters, script, variables, true))[0];
      if (read) reads.push(read);
    }
    return reads;
  }

  private rewritesTarget(root: Node): boolean {
    if (root.kind === "update_stmt" || root.kind === "delete_stmt") return true;
    if (root.kind !== "merge_stmt") return false;
    return ((root.fields.when_clause_list as unknown[] | undefined) ?? []).some((c) => {
      const clause = nodeOf(c)?.fields ?? (c as Record<string, unknown>);
      return clause.action_type === "UPDATE" || clause.action_type === "DELETE";
    });
  }

  private async scan(scan: Node, needed: ReadonlySet<string>, filters: Node[], script: string, variables: readonly string[], wholeTarget = false): Promise<TableRead[]> {
    const name = String((scan.fields.table as { full_name?: string }).full_name ?? "");
    const used = columnList(scan).filter((c) => needed.has(c.column_id));
    const view = this.context.views.get(name.toLowerCase());
    if (view?.resolved && !wholeTarget) {
      return this.tableReads(nodeOf(view.resolved.node)!, view.resolved.script, [], new Set(used.map((c) => c.name.toLowerCase())));
    }
    const size = this.context.sizes.get(name.toLowerCase());
    const columns = wholeTarget ? (size?.columns.map((c) => c.name) ?? []) : used.map((c) => c.name);
    const role = wholeTarget ? "dml target" : "read";
    if (!size) return [{ table: name, columns, role, pruning: name.includes(".") ? "not in the local warehouse: size 0" : "script temp table: size unknown, counted at the minimum", bytes: 0 }];
    const { partitions, pruning } = await this.prune(scan, size, filters, script, variables);
    return [{ table: name, columns, role, pruning, ...(partitions && { partitions }), bytes: Math.round(bytesOf(size, columns, partitions) * this.context.scale(name)) }];
  }

  private async prune(scan: Node, size: TableSize, filters: Node[], script: string, variables: readonly string[]): Promise<{ partitions?: string[]; pruning: string }> {
    if (!size.partitionColumn) return { pruning: "not partitioned" };
    const column = size.partitionColumn.toLowerCase();
    const all = [...size.partitions.keys()].sort();
    const ids = new Set(columnList(scan).filter((c) => c.name.toLowerCase() === column).map((c) => c.column_id));
    const on = filters.filter((f) => refersTo(f, ids));
    if (on.length === 0) return { pruning: `cannot prune: no filter on ${column} (${all.length} partitions read)` };
    const type = size.columns.find((c) => c.name.toLowerCase() === column)!.type;
    const predicates: Predicate[] = [];
    const refused: string[] = [];
    for (const f of on) {
      const text = sourceText(f, script)?.replace(/\s+/g, " ") || functionName(f);
      const op = f.kind === "function_call" ? COMPARISONS[functionName(f)] : undefined;
      const [first, ...rest] = f.kind === "function_call" ? args(f) : [];
      const direct = first?.kind === "column_ref" && ids.has((first.fields.column as ResolvedColumn).column_id);
      const flippedDirect = !direct && op && FLIPPED[op] && rest.length === 1 && rest[0]!.kind === "column_ref" && ids.has((rest[0]!.fields.column as ResolvedColumn).column_id);
      const constants = direct ? rest : flippedDirect ? [first!] : [];
      if (!op || constants.length === 0) {
        refused.push(`${text}: not a comparison of ${column} itself`);
        continue;
      }
      if (constants.some((c) => [...descendants(wrap(c))].some((n) => n.kind === "subquery_expr"))) {
        refused.push(`${text}: compares with a subquery`);
        continue;
      }
      if (!constants.every(isConstant)) {
        refused.push(`${text}: compares with another column`);
        continue;
      }
      try {
        const values = await Promise.all(constants.map((c) => this.context.evaluator.dayOf(sourceText(c, script) ?? "", type, variables)));
        predicates.push({ op: flippedDirect ? FLIPPED[op]! : op, values: values as string[], text });
      } catch (err) {
        refused.push(`${text}: cannot evaluate (${(err as Error).message.split("\n")[0]})`);
      }
    }
    if (predicates.length === 0) return { pruning: `cannot prune: ${refused.join("; ")} (${all.length} partitions read)` };
    const kept = all.filter((day) => keeps(day, predicates, type !== "DATE"));
    const by = predicates.map((p) => `${p.text} [${p.values.join(", ")}]`).join(" and ");
    return { partitions: kept, pruning: `kept ${kept.length} of ${all.length} partitions: ${by}` };
  }
}

/** Bytes processed, and billed: at least 10 MB per table referenced, rounded up to the MB; nothing for no table. */
export function billing(reads: readonly TableRead[]): { bytes_processed: number; bytes_billed: number } {
  const byTable = new Map<string, number>();
  for (const r of reads) byTable.set(r.table.toLowerCase(), (byTable.get(r.table.toLowerCase()) ?? 0) + r.bytes);
  const processed = [...byTable.values()].reduce((a, b) => a + b, 0);
  const billed = [...byTable.values()].reduce((a, b) => a + Math.max(b, MIN_BYTES_PER_TABLE), 0);
  return { bytes_processed: processed, bytes_billed: billed === 0 ? 0 : Math.ceil(billed / BILLING_ROUND_BYTES) * BILLING_ROUND_BYTES };
}
