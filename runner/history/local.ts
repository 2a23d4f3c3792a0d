// The local target's side of the run history: the same BigQuery statements BigQuery gets
// (statements.ts), translated and run on the warehouse file.
import { tables } from "../../includes_src/run_history";
import type { CompiledGraph } from "../dataform/compiled-graph";
import type { Warehouse } from "../local/warehouse";
import type { RunResult } from "../targets/run-result";
import { translateScript } from "../translate";
import { createStatements, declaredLocation, HISTORY_TABLES, insertStatements, type HistoryLocation } from "./statements";

/** Where the graph keeps its run history: the tables it declares (GigaMart's giga_monitoring), or none. */
export function historyLocation(graph: CompiledGraph): HistoryLocation | undefined {
  return declaredLocation((graph.declarations ?? []).map((d) => d.target), graph.projectConfig.defaultDatabase ?? "");
}

async function runAll(warehouse: Warehouse, at: HistoryLocation, statements: readonly string[]): Promise<void> {
  const session = await warehouse.session();
  try {
    for (const statement of statements) {
      for (const translated of translateScript(statement, { defaultProject: at.project })) await session.run(translated.duckdb);
    }
  } finally {
    session.closeSync();
  }
}

/** Creates the tables when missing, before the run's first action: their declarations must find them. */
export async function prepareHistory(warehouse: Warehouse, at: HistoryLocation): Promise<void> {
  await warehouse.createSchema(at.project, at.dataset);
  await runAll(warehouse, at, createStatements(at));
  for (const name of HISTORY_TABLES) {
    const t = tables[name]!;
    await warehouse.recordTableOptions(
      { database: at.project, schema: at.dataset, name },
      { partitionBy: `DATE(${t.partitionBy})`, clusterBy: t.clusterBy, description: t.description, columnDescriptions: Object.fromEntries(t.columns.map((c) => [c.name, c.description])) },
      false,
    );
  }
}

/** Appends the run's rows in one transaction: a process killed before COMMIT leaves no trace of the run. */
export async function recordRun(warehouse: Warehouse, at: HistoryLocation, run: RunResult): Promise<void> {
  await runAll(warehouse, at, insertStatements(at, run));
}
