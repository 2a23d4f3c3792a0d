// Reading ZetaSQL's resolved AST as the service sends it: every node is a chain of `Any...Proto` oneof
// wrappers around a message that extends its `parent` messages. Lineage and cost both walk it.
import { concrete } from "../fidelity/analyze";
import type { AnyNode } from "../fidelity/zetasql/protos";

/** A resolved node with its own and its parents' fields side by side; `kind` is `table_scan`, `column_ref`… */
export interface Node {
  kind: string;
  fields: Record<string, unknown>;
}

/** A ResolvedColumn: ids are unique within one statement. */
export interface ResolvedColumn {
  column_id: string;
  table_name?: string;
  name: string;
}

const isWrapper = (value: unknown): value is AnyNode => !!value && typeof value === "object" && typeof (value as AnyNode).node === "string";

/** The node a oneof wrapper holds; undefined for anything else. */
export function nodeOf(value: unknown): Node | undefined {
  if (!isWrapper(value)) return undefined;
  const { key, value: message } = concrete(value);
  const fields: Record<string, unknown> = {};
  for (let at: Record<string, unknown> | undefined = message; at; at = at.parent as Record<string, unknown> | undefined) {
    for (const [k, v] of Object.entries(at)) if (k !== "parent" && !(k in fields)) fields[k] = v;
  }
  return { kind: key.replace(/^resolved_/, "").replace(/_node$/, ""), fields };
}

/** A field typed as one concrete message (a DML statement's `table_scan`) comes without a wrapper. */
export function messageNode(value: unknown, kind: string): Node | undefined {
  if (!value || typeof value !== "object") return undefined;
  const wrapped = nodeOf(value);
  if (wrapped) return wrapped;
  const fields: Record<string, unknown> = {};
  for (let at = value as Record<string, unknown> | undefined; at; at = at.parent as Record<string, unknown> | undefined) {
    for (const [k, v] of Object.entries(at)) if (k !== "parent" && !(k in fields)) fields[k] = v;
  }
  return { kind, fields };
}

/** Every node below `value` (itself included when it is one), depth first; `stop` keeps a node's insides out. */
export function* descendants(value: unknown, stop?: (node: Node) => boolean): Generator<Node> {
  if (!value || typeof value !== "object") return;
  if (Array.isArray(value)) {
    for (const item of value) yield* descendants(item, stop);
    return;
  }
  const node = nodeOf(value);
  if (node) {
    yield node;
    if (stop?.(node)) return;
    for (const child of Object.values(node.fields)) yield* descendants(child, stop);
    return;
  }
  for (const child of Object.values(value as object)) yield* descendants(child, stop);
}

/** Plain messages (not nodes) with the given field set, anywhere below `value`: computed columns, output columns… */
export function* messagesWith(value: unknown, field: string): Generator<Record<string, unknown>> {
  if (!value || typeof value !== "object") return;
  if (Array.isArray(value)) {
    for (const item of value) yield* messagesWith(item, field);
    return;
  }
  const node = nodeOf(value);
  const fields = node ? node.fields : (value as Record<string, unknown>);
  if (!node && field in fields) yield fields;
  for (const child of Object.values(fields)) yield* messagesWith(child, field);
}

export const columnList = (node: Node): ResolvedColumn[] => (node.fields.column_list as ResolvedColumn[] | undefined) ?? [];

/** The byte range of a node in the script it was analyzed in (the analyzer records full node scopes). */
export function sourceText(node: Node, script: string): string | undefined {
  const range = node.fields.parse_location_range as { start?: number; end?: number } | undefined;
  if (!range) return undefined;
  return Buffer.from(script, "utf8").subarray(range.start ?? 0, range.end ?? 0).toString("utf8");
}
