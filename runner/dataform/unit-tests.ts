// The unit tests a compiled graph holds: Dataform's own `type: "test"` actions, and the tests of an
// incremental table's two paths, which Dataform's compile refuses as `type: "test"` ("Running tests on
// incremental datasets is not yet supported", core/actions/test.ts; dataform#412, #1132). Those are
// written as a disabled operation tagged `unit_test` (README "Unit tests"): Dataform compiles it, checks
// its dependency exists, and never executes it; `gigamart test` reads it from here.
import type { CompiledGraph, CompiledOperation, CompiledTable, Target } from "./compiled-graph";
import { targetName } from "./target";

export const UNIT_TEST_TAG = "unit_test";

/** An operation that carries an incremental table's unit test rather than SQL to run. */
export const isUnitTestOperation = (operation: CompiledOperation): boolean => (operation.tags ?? []).includes(UNIT_TEST_TAG);

export interface TestInput {
  /** as written after `-- input` */
  name: string;
  target: Target;
  query: string;
}

export type IncrementalPath = "first run" | "merge";

export type UnitTest =
  | { kind: "dataset"; name: string; fileName: string; testQuery: string; expectedOutputQuery: string }
  | {
      kind: "incremental";
      name: string;
      fileName: string;
      path: IncrementalPath;
      table: CompiledTable;
      inputs: TestInput[];
      /** the rows the table holds before the run: present for the merge path */
      current?: string;
      expect: string;
    }
  /** a unit-test operation that cannot be run as written; it fails with this one line */
  | { kind: "invalid"; name: string; fileName: string; error: string };

const MARKER = /^--[ \t]*(input[ \t]+(\S+)|current|expect)[ \t]*$/i;

export function graphUnitTests(graph: CompiledGraph): UnitTest[] {
  const dataform = (graph.tests ?? []).map((t): UnitTest => ({ kind: "dataset", ...t }));
  const incremental = (graph.operations ?? []).filter(isUnitTestOperation).map((op) => incrementalTest(op, graph));
  return [...dataform, ...incremental];
}

/** Resolves a name as ref() does: `name`, `dataset.name` or `project.dataset.name` of one table or declaration. */
function resolveInput(name: string, graph: CompiledGraph): Target | string {
  const targets = [...(graph.declarations ?? []), ...(graph.tables ?? [])].map((a) => a.target);
  const matches = targets.filter((t) => targetName(t) === name || targetName(t).endsWith(`.${name}`));
  if (matches.length === 1) return matches[0]!;
  return matches.length === 0 ? `-- input ${name}: no table or declaration is named ${name}` : `-- input ${name} is ambiguous: ${matches.map(targetName).join(", ")}`;
}

function incrementalTest(op: CompiledOperation, graph: CompiledGraph): UnitTest {
  const head = { name: op.target.name, fileName: op.fileName };
  const invalid = (error: string): UnitTest => ({ kind: "invalid", ...head, error });
  if (!op.disabled) return invalid(`a unit_test operation must say disabled: true, or Dataform would run its queries on BigQuery`);
  const deps = op.dependencyTargets ?? [];
  const tables = graph.tables ?? [];
  const table = deps.length === 1 ? tables.find((t) => targetName(t.target) === targetName(deps[0]!)) : undefined;
  if (!table) return invalid(`a unit_test operation depends on exactly one table, the incremental table it tests (dependencies: [${deps.map(targetName).join(", ")}])`);
  if (table.enumType !== "INCREMENTAL") return invalid(`${targetName(table.target)} is not incremental: test a table or view with Dataform's own config { type: "test" }`);

  const inputs: TestInput[] = [];
  const current: string[] = [];
  const expect: string[] = [];
  for (const [i, raw] of op.queries.entries()) {
    const query = raw.trim();
    const marker = MARKER.exec(query.split("\n")[0]!.trim());
    if (!marker) return invalid(`statement ${i + 1} must start with a line "-- input <name>", "-- current" or "-- expect"`);
    const body = query.slice(query.indexOf("\n") + 1).trim();
    if (!body || body === query) return invalid(`statement ${i + 1} (${marker[1]}) has no query after its marker line`);
    if (marker[2]) {
      const target = resolveInput(marker[2], graph);
      if (typeof target === "string") return invalid(target);
      if (inputs.some((x) => targetName(x.target) === targetName(target))) return invalid(`-- input ${marker[2]} is given twice`);
      inputs.push({ name: marker[2], target, query: body });
    } else (marker[1]!.toLowerCase() === "current" ? current : expect).push(body);
  }
  if (expect.length !== 1) return invalid(`a unit_test operation needs exactly one "-- expect" query (found ${expect.length})`);
  if (current.length > 1) return invalid(`a unit_test operation takes at most one "-- current" query (found ${current.length})`);

  // As Dataform requires an input for every ref() of a tested dataset, every table this one reads needs its rows.
  const readable = new Set([...(graph.declarations ?? []), ...tables].map((a) => targetName(a.target)));
  const given = new Set(inputs.map((x) => targetName(x.target)));
  const missing = (table.dependencyTargets ?? []).map(targetName).filter((name) => readable.has(name) && !given.has(name));
  if (missing.length > 0) {
    return invalid(`no input for ${missing.join(", ")}, which ${targetName(table.target)} reads: add a statement "-- input ${missing[0]!.split(".").at(-1)}" with its rows`);
  }
  return {
    kind: "incremental",
    ...head,
    path: current.length > 0 ? "merge" : "first run",
    table,
    inputs,
    ...(current.length > 0 ? { current: current[0] } : {}),
    expect: expect[0]!,
  };
}
