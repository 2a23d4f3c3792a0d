import { type Action, graphActions } from "../../runner/dataform/actions";
import type { CompiledGraph } from "../../runner/dataform/compiled-graph";
import { targetName } from "../../runner/dataform/target";

/**
 * Dataform's uniqueKey assertion (`assertions: { uniqueKey: [...] }`) is not kept on the table it checks;
 * it compiles to an assertion, `<dataset>_<table>_assertions_uniqueKey_<i>`, whose query groups by the key.
 */
const UNIQUE_KEY_ASSERTION = /_assertions_uniqueKey_0$/;
const GROUP_BY = /\bGROUP BY ([^\n]+)\n/;

/** The columns that identify a row of a table: its incremental `uniqueKey`, else the key its uniqueKey assertion checks. */
export function tableKey(graph: CompiledGraph, action: Action): string[] | undefined {
  if (action.kind !== "table" && action.kind !== "incremental" && action.kind !== "view") return undefined;
  if (action.table.uniqueKey?.length) return action.table.uniqueKey;
  const assertion = graphActions(graph).find(
    (a) => a.kind === "assertion" && a.assertion.parentAction && targetName(a.assertion.parentAction) === action.name && UNIQUE_KEY_ASSERTION.test(a.name),
  );
  const groupBy = assertion?.kind === "assertion" ? GROUP_BY.exec(assertion.assertion.query)?.[1] : undefined;
  return groupBy?.split(",").map((c) => c.trim());
}
