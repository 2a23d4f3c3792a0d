import type {
  CompiledAssertion,
  CompiledDeclaration,
  CompiledGraph,
  CompiledOperation,
  CompiledTable,
  Target,
} from "./compiled-graph";
import { targetName } from "./target";
import { isUnitTestOperation } from "./unit-tests";

/** One node of the graph, whatever Dataform kind it is, with what scheduling needs up front. */
export type Action =
  | { kind: "table" | "view" | "incremental"; name: string; table: CompiledTable }
  | { kind: "operation"; name: string; operation: CompiledOperation }
  | { kind: "assertion"; name: string; assertion: CompiledAssertion }
  | { kind: "declaration"; name: string; declaration: CompiledDeclaration };

export function compiledAction(action: Action): CompiledTable | CompiledOperation | CompiledAssertion | CompiledDeclaration {
  switch (action.kind) {
    case "operation":
      return action.operation;
    case "assertion":
      return action.assertion;
    case "declaration":
      return action.declaration;
    default:
      return action.table;
  }
}

/** The table, view or incremental table an action builds; undefined for the other kinds. */
export const compiledTableOf = (a: Action): CompiledTable | undefined => (a.kind === "table" || a.kind === "view" || a.kind === "incremental" ? a.table : undefined);
export const actionTarget = (a: Action): Target => compiledAction(a).target;
export const actionFile = (a: Action): string => compiledAction(a).fileName;
export const actionTags = (a: Action): string[] => compiledAction(a).tags ?? [];
export const actionDependencies = (a: Action): string[] => (compiledAction(a).dependencyTargets ?? []).map(targetName);

/** Every action a run can execute; an operation carrying a unit test is a test (unit-tests.ts), not an action. */
export function graphActions(graph: CompiledGraph): Action[] {
  const kindOf = (t: CompiledTable) => (t.enumType === "VIEW" ? "view" : t.enumType === "INCREMENTAL" ? "incremental" : "table");
  return [
    ...(graph.declarations ?? []).map((d): Action => ({ kind: "declaration", name: targetName(d.target), declaration: d })),
    ...(graph.tables ?? []).map((t): Action => ({ kind: kindOf(t), name: targetName(t.target), table: t })),
    ...(graph.operations ?? []).filter((o) => !isUnitTestOperation(o)).map((o): Action => ({ kind: "operation", name: targetName(o.target), operation: o })),
    ...(graph.assertions ?? []).map((a): Action => ({ kind: "assertion", name: targetName(a.target), assertion: a })),
  ];
}

/** Dependency order (stable: ties keep the compiled order); Dataform rejects cycles at compile time. */
export function inDependencyOrder(actions: Action[]): Action[] {
  const byName = new Map(actions.map((a) => [a.name, a]));
  const done = new Set<string>();
  const ordered: Action[] = [];
  const visit = (a: Action, path: Set<string>) => {
    if (done.has(a.name)) return;
    if (path.has(a.name)) throw new Error(`dependency cycle through ${a.name}`);
    path.add(a.name);
    for (const dep of actionDependencies(a)) {
      const d = byName.get(dep);
      if (d) visit(d, path);
    }
    path.delete(a.name);
    done.add(a.name);
    ordered.push(a);
  };
  for (const a of actions) visit(a, new Set());
  return ordered;
}

export interface Selection {
  actions?: string[];
  tags?: string[];
  includeDependencies?: boolean;
  includeDependents?: boolean;
}

export class SelectionError extends Error {
  override name = "SelectionError";
}

/** `pattern` matches Dataform's way: a dotted name exactly, a bare name by its last part (must be unique). */
function matchPattern(pattern: string, names: string[]): string | undefined {
  if (pattern.includes(".")) return names.includes(pattern) ? pattern : undefined;
  const matches = names.filter((n) => n.split(".").at(-1) === pattern);
  if (matches.length > 1) throw new SelectionError(`--actions: '${pattern}' is ambiguous: ${matches.join(", ")}`);
  return matches[0];
}

/**
 * The actions a run includes, with Dataform's own rules (its CLI's `prune`): no selector means all;
 * `--actions` and `--tags` add up; dependencies and dependents are added transitively on request.
 * Declarations come along when something included depends on them, so a missing source is reported.
 */
export function selectActions(all: Action[], selection: Selection): Action[] {
  const executable = all.filter((a) => a.kind !== "declaration");
  const names = executable.map((a) => a.name);
  const included = new Set<string>();
  const hasSelector = (selection.actions?.length ?? 0) > 0 || (selection.tags?.length ?? 0) > 0;
  if (!hasSelector) names.forEach((n) => included.add(n));
  for (const pattern of selection.actions ?? []) {
    const name = matchPattern(pattern, names);
    if (!name) throw new SelectionError(`--actions: no action named '${pattern}'`);
    included.add(name);
  }
  for (const a of executable) if (actionTags(a).some((t) => selection.tags?.includes(t))) included.add(a.name);
  if (hasSelector && included.size === 0) throw new SelectionError(`--tags: no action has tag ${selection.tags!.map((t) => `'${t}'`).join(" or ")}`);

  const byName = new Map(executable.map((a) => [a.name, a]));
  if (selection.includeDependencies) {
    const queue = [...included];
    while (queue.length > 0) {
      for (const dep of actionDependencies(byName.get(queue.pop()!)!)) {
        if (byName.has(dep) && !included.has(dep)) {
          included.add(dep);
          queue.push(dep);
        }
      }
    }
  }
  if (selection.includeDependents) {
    const queue = [...included];
    while (queue.length > 0) {
      const name = queue.pop()!;
      for (const a of executable) {
        if (!included.has(a.name) && actionDependencies(a).includes(name)) {
          included.add(a.name);
          queue.push(a.name);
        }
      }
    }
  }
  const needed = new Set([...included].flatMap((n) => actionDependencies(byName.get(n)!)));
  return inDependencyOrder(all.filter((a) => included.has(a.name) || (a.kind === "declaration" && needed.has(a.name))));
}
