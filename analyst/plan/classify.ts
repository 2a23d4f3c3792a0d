import { type Action, compiledTableOf } from "../../runner/dataform/actions";
import type { Column } from "../../fidelity/catalog";

export type Classification = "breaking" | "non-breaking" | "data";

/** How an output schema changed; names compare case-insensitively, as BigQuery's columns do. */
export interface SchemaChange {
  added: Column[];
  removed: Column[];
  retyped: { name: string; from: string; to: string }[];
}

/** One side of a changed action: its output schema (undefined when unknown) and its key. */
export interface ActionSide {
  action: Action;
  columns?: Column[];
  key?: string[];
}

export interface Classified {
  classification: Classification;
  /** each reason in a few words, e.g. `column removed: net_sales`, `partitioning: sales_date -> none` */
  reasons: string[];
  schema?: SchemaChange;
}

/**
 * What Dataform sends for an action, without what does not change its data or its table: file, tags,
 * descriptions, dependencies (a ref shows in the query; a quality-gate dependency changes no row).
 */
export function definition(action: Action): unknown {
  const { fileName: _f, tags: _t, actionDescriptor: _d, dependencyTargets: _dt, canonicalTarget: _c, hermeticity: _h, ...rest } =
    action.kind === "operation" ? action.operation : action.kind === "assertion" ? action.assertion : action.kind === "declaration" ? action.declaration : action.table;
  return rest;
}

export function schemaChange(base: readonly Column[], head: readonly Column[]): SchemaChange {
  const byName = (columns: readonly Column[]) => new Map(columns.map((c) => [c.name.toLowerCase(), c]));
  const before = byName(base);
  const after = byName(head);
  return {
    added: head.filter((c) => !before.has(c.name.toLowerCase())),
    removed: base.filter((c) => !after.has(c.name.toLowerCase())),
    retyped: head.flatMap((c) => {
      const old = before.get(c.name.toLowerCase());
      return old && old.type !== c.type ? [{ name: c.name, from: old.type, to: c.type }] : [];
    }),
  };
}

export const schemaChanged = (s: SchemaChange) => s.added.length + s.removed.length + s.retyped.length > 0;

const shown = (value: string | string[] | undefined) => (value === undefined || value.length === 0 ? "none" : Array.isArray(value) ? value.join(", ") : value);
const same = (a: string | string[] | undefined, b: string | string[] | undefined) => shown(a).toLowerCase() === shown(b).toLowerCase();

/**
 * A changed action: `breaking` when a reader of its table can break (an output column removed, renamed
 * or retyped; its key, partitioning or clustering changed), `non-breaking` when columns were only added,
 * `data` when only the logic changed (same schema, same key, same layout).
 */
export function classify(base: ActionSide, head: ActionSide): Classified {
  const reasons: string[] = [];
  const schema = base.columns && head.columns ? schemaChange(base.columns, head.columns) : undefined;
  for (const c of schema?.removed ?? []) reasons.push(`column removed: ${c.name}`);
  for (const c of schema?.retyped ?? []) reasons.push(`column retyped: ${c.name} ${c.from} -> ${c.to}`);
  if (!same(base.key, head.key)) reasons.push(`key: ${shown(base.key)} -> ${shown(head.key)}`);
  const [before, after] = [compiledTableOf(base.action), compiledTableOf(head.action)];
  if (!same(before?.bigquery?.partitionBy, after?.bigquery?.partitionBy)) {
    reasons.push(`partitioning: ${shown(before?.bigquery?.partitionBy)} -> ${shown(after?.bigquery?.partitionBy)}`);
  }
  if (!same(before?.bigquery?.clusterBy, after?.bigquery?.clusterBy)) {
    reasons.push(`clustering: ${shown(before?.bigquery?.clusterBy)} -> ${shown(after?.bigquery?.clusterBy)}`);
  }
  if (reasons.length > 0) return { classification: "breaking", reasons, ...(schema && { schema }) };
  if (schema && schema.added.length > 0) {
    return { classification: "non-breaking", reasons: schema.added.map((c) => `column added: ${c.name} ${c.type}`), schema };
  }
  return { classification: "data", reasons: [base.action.kind === head.action.kind ? "logic only" : `${base.action.kind} -> ${head.action.kind}`], ...(schema && { schema }) };
}
