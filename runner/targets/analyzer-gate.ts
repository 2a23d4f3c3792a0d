import { createHash } from "node:crypto";
import { ZetaSqlAnalyzer, type StatementAnalysis } from "../../fidelity/analyze";
import type { Column } from "../../fidelity/catalog";
import { checkGraph, fullName, type ActionCheck } from "../../fidelity/check";
import { googleSqlColumns } from "../../fidelity/duckdb-values";
import { declarationSchema } from "../../fidelity/sources";
import { startZetaSql, type ZetaSqlService } from "../../fidelity/zetasql/service";
import { type Action, actionTarget, compiledAction, graphActions } from "../dataform/actions";
import type { CompiledGraph } from "../dataform/compiled-graph";
import { resolveTarget } from "../dataform/target";
import { duckdbTable, Warehouse } from "../local/warehouse";

/** A run the analyzer refused: its message is one line naming file, action and ZetaSQL's message, then details. */
export class RunRefused extends Error {
  override name = "RunRefused";
}

/** One statement BigQuery would reject. */
export interface Rejection {
  file: string;
  action: string;
  /** `create` (first run / full refresh) or `incremental` (merge / insert) */
  path: string;
  statement: StatementAnalysis;
}

/** How many lines of a rejected statement the details show. */
const SHOWN_LINES = 12;

/**
 * The gate every local run passes before it executes anything: each statement of the actions it will
 * execute, analyzed by `gigamart check`'s own code (`checkGraph`) with Google's GoogleSQL analyzer.
 * Throws RunRefused when BigQuery would reject one. `service` is a running ZetaSQL service to share;
 * without one the gate starts its own, only when it has something to analyze.
 */
export async function refuseWhatBigQueryRejects(graph: CompiledGraph, selected: Action[], warehouseFile: string, service?: ZetaSqlService): Promise<void> {
  const analyze = new Set(selected.filter((a) => a.kind !== "declaration" && !compiledAction(a).disabled).map((a) => a.name));
  if (analyze.size === 0) return;
  const existing = await existingSchemas(graph, analyze, warehouseFile);
  const key = createHash("sha256").update(JSON.stringify([graph, [...analyze].sort(), [...existing]])).digest("hex");
  const verdict = VERDICTS.get(key) ?? (await judge(graph, analyze, existing, service));
  remember(key, verdict);
  if (verdict.length > 0) throw new RunRefused(refusal(verdict));
}

/**
 * Verdicts by graph, analyzed set and existing schemas: a pure function of its key, kept so that a
 * caller running one compiled graph many times (the demo replays 21 days) pays for the analysis once.
 */
const VERDICTS = new Map<string, Rejection[]>();
const KEPT_VERDICTS = 32;

/** For benchmarks: the next gate pays for its analysis again. */
export function forgetVerdicts(): void {
  VERDICTS.clear();
}

function remember(key: string, verdict: Rejection[]): void {
  VERDICTS.delete(key);
  VERDICTS.set(key, verdict);
  if (VERDICTS.size > KEPT_VERDICTS) VERDICTS.delete(VERDICTS.keys().next().value!);
}

async function judge(graph: CompiledGraph, analyze: ReadonlySet<string>, existing: ReadonlyMap<string, Column[]>, shared?: ZetaSqlService): Promise<Rejection[]> {
  const service = shared ?? (await startZetaSql());
  try {
    const report = await checkGraph(graph, new ZetaSqlAnalyzer(service), { analyze, existing });
    return report.actions.filter((a) => analyze.has(a.name)).flatMap(rejections);
  } finally {
    if (!shared) await service.stop();
  }
}

const rejections = (check: ActionCheck): Rejection[] =>
  check.scripts.flatMap((script) =>
    script.statements.filter((s) => s.error).map((statement) => ({ file: check.file, action: check.name, path: script.path, statement })),
  );

/**
 * What the analyzed actions read but do not write, as the warehouse holds it: every action outside the
 * run, and each declaration the contracts and column docs do not type. Read from a read-only opening,
 * so a refused run leaves the warehouse file exactly as it was (or absent).
 */
export async function existingSchemas(graph: CompiledGraph, analyze: ReadonlySet<string>, warehouseFile: string): Promise<Map<string, Column[]>> {
  const needed = graphActions(graph).filter((a) =>
    a.kind === "declaration" ? "error" in declarationSchema(a.declaration) : !analyze.has(a.name),
  );
  const schemas = new Map<string, Column[]>();
  if (needed.length === 0) return schemas;
  const warehouse = await Warehouse.open(warehouseFile, { readOnly: true });
  try {
    for (const action of needed) {
      const name = fullName(resolveTarget(actionTarget(action), graph.projectConfig));
      const [table, dataset, ...project] = name.split(".").reverse();
      const target = { database: project.reverse().join("."), schema: dataset!, name: table! };
      if (!(await warehouse.attach(target.database)) || !(await warehouse.tableState(target))) continue;
      schemas.set(name, await googleSqlColumns(warehouse.connection, duckdbTable(target)));
    }
  } finally {
    warehouse.close();
  }
  return schemas;
}

/** `run refused: <file>: <action>: <ZetaSQL's message>`, then the statement and any further rejections. */
function refusal(rejected: Rejection[]): string {
  const label = (r: Rejection) => `${r.file}: ${r.action}${r.path === "incremental" ? " (incremental)" : ""}: ${r.statement.error}`;
  const [first, ...rest] = rejected;
  const lines = first!.statement.sql.trim().split("\n");
  return [
    `run refused: ${label(first!)}`,
    `  Google's GoogleSQL analyzer (as in \`gigamart check\`) rejects this ${first!.statement.kind} statement, so BigQuery would; nothing was executed.`,
    `  statement at line ${first!.statement.line} of the action's ${first!.path === "incremental" ? "incremental" : "first-run"} script:`,
    ...lines.slice(0, SHOWN_LINES).map((l) => `    ${l}`),
    ...(lines.length > SHOWN_LINES ? [`    … (${lines.length - SHOWN_LINES} more lines)`] : []),
    ...(rest.length > 0 ? [`  also rejected (${rest.length}):`, ...rest.map((r) => `    ${label(r)}`)] : []),
  ].join("\n");
}
