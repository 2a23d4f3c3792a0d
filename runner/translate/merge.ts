/**
 * BigQuery fails a MERGE when one target row is matched by more than one source row ("UPDATE/MERGE
 * must match at most one source row for each target row"); DuckDB silently applies one of them. The
 * guard is a query over the same target, source and ON condition that returns a row iff that happens,
 * for the runner to run before the MERGE.
 */
import { clone } from "./ast";
import type { AstNode } from "./polyglot";
import { parseOne } from "./statement";

export const DUPLICATE_MATCH_MESSAGE = "UPDATE/MERGE must match at most one source row for each target row";

/** The guard's BigQuery AST, or undefined when the MERGE has no WHEN MATCHED clause (then duplicates are allowed). */
export function duplicateMatchGuardAst(merge: AstNode): AstNode | undefined {
  const whens: AstNode[] = merge.whens?.whens?.expressions ?? [];
  if (!whens.some((w) => w.when?.matched?.boolean?.value === true && !w.when?.source)) return undefined;
  const target = merge.this;
  const qualifier = target.alias?.alias?.name ?? target.table?.alias?.name ?? target.table?.name?.name;
  const guard = parseOne("SELECT 1 AS duplicate_match FROM t JOIN s ON TRUE GROUP BY t.rowid HAVING COUNT(*) > 1 LIMIT 1");
  const select = guard.select;
  select.from.expressions[0] = clone(target);
  select.joins[0].this = clone(merge.using);
  select.joins[0].on = clone(merge.on);
  select.group_by.expressions[0].column.table = { name: String(qualifier), quoted: true, trailing_comments: [] };
  return guard;
}
