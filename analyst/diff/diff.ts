import { DuckDBInstance } from "@duckdb/node-api";
import { type Action, actionTarget, graphActions, SelectionError, selectActions } from "../../runner/dataform/actions";
import type { CompiledGraph } from "../../runner/dataform/compiled-graph";
import { sqlString } from "../../runner/local/warehouse";
import { runLocal } from "../../runner/targets/local";
import type { ZetaSqlService } from "../../fidelity/zetasql/service";
import { DUCKDB_SESSION_SETUP } from "../../runner/translate";
import { tableKey } from "../plan/table-key";
import { compareTables, type TableComparison } from "./compare";
import { scratchCopy } from "./scratch";

export interface DiffInputs {
  /** the working tree's graph: what is built */
  head: CompiledGraph;
  /** action names or patterns (as `--actions`); their dependents are built and compared too */
  actions: string[];
  warehouseFile: string;
  /** match rows by these columns instead of each table's own key */
  key?: string[];
  /** rebuild incremental tables from scratch instead of running them as the next run would */
  fullRefresh?: boolean;
  analyzer?: ZetaSqlService;
  sampleSize?: number;
  progress?: (line: string) => void;
}

export interface TableDiff {
  action: string;
  /** `project.dataset.table` */
  table: string;
  kind: Action["kind"];
  /** compared; `new`: no current table; `failed`: the build failed; `not compared`: see note */
  status: "compared" | "new" | "failed" | "not compared";
  /** no schema change and no row added, removed or changed */
  identical: boolean;
  comparison?: TableComparison;
  note?: string;
}

export interface DiffReport {
  warehouse: string;
  /** what was built in the scratch copy, in order, and how it went */
  built: { action: string; status: string; error?: string }[];
  tables: TableDiff[];
}

const quotedPath = (catalog: string, action: Action) => {
  const t = actionTarget(action);
  return `"${catalog}"."${t.schema.replace(/"/g, '""')}"."${t.name.replace(/"/g, '""')}"`;
};

/**
 * Builds the given actions and everything downstream of them from the working tree, in a copy of the
 * warehouse (the current tables are only read), then compares each built table with the current one.
 * Incremental tables run as the next run would (merge into a copy of the current table) unless `fullRefresh`.
 */
export async function diffChange(inputs: DiffInputs): Promise<DiffReport> {
  const progress = inputs.progress ?? (() => undefined);
  let selection: Action[];
  try {
    selection = selectActions(graphActions(inputs.head), { actions: inputs.actions, includeDependents: true });
  } catch (err) {
    if (err instanceof SelectionError) err.message = err.message.replace(/^--actions: /, "diff: ");
    throw err;
  }
  const compared = selection.filter((a) => a.kind === "table" || a.kind === "incremental" || a.kind === "view");
  const scratch = scratchCopy(inputs.warehouseFile);
  try {
    progress(`diff: building ${selection.filter((a) => a.kind !== "declaration").length} actions in a scratch copy of ${inputs.warehouseFile}`);
    const run = await runLocal({
      graph: inputs.head,
      warehouseFile: scratch.file,
      selection: { actions: inputs.actions, includeDependents: true },
      fullRefresh: inputs.fullRefresh,
      analyzer: inputs.analyzer,
      onAction: (result, index, total) => {
        if (result.kind !== "declaration") progress(`diff: [${index + 1}/${total}] ${result.status} ${result.name} (${result.durationMs ?? 0} ms)`);
      },
    });
    const built = run.actions.filter((a) => a.kind !== "declaration").map((a) => ({ action: a.name, status: a.status, ...(a.error && { error: a.error }) }));
    const statusOf = new Map(run.actions.map((a) => [a.name, a]));

    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    const tables: TableDiff[] = [];
    try {
      for (const setting of DUCKDB_SESSION_SETUP) await connection.run(setting);
      await connection.run(`ATTACH ${sqlString(inputs.warehouseFile)} AS "before" (READ_ONLY)`);
      await connection.run(`ATTACH ${sqlString(scratch.file)} AS "after" (READ_ONLY)`);
      const exists = async (catalog: string, action: Action) => {
        const t = actionTarget(action);
        const found = await connection.runAndReadAll(
          `SELECT table_type FROM information_schema.tables WHERE table_catalog = ${sqlString(catalog)} AND table_schema = ${sqlString(t.schema)} AND table_name = ${sqlString(t.name)}`,
        );
        return found.currentRowCount > 0;
      };
      const project = inputs.head.projectConfig.defaultDatabase ?? "";
      for (const [i, action] of compared.entries()) {
        const t = actionTarget(action);
        const common = { action: action.name, table: [t.database || project, t.schema, t.name].join("."), kind: action.kind };
        const result = statusOf.get(action.name);
        if (result && result.status !== "successful") {
          tables.push({ ...common, status: "failed", identical: false, note: result.error ?? result.status });
          continue;
        }
        if ((t.database || project) !== project) {
          tables.push({ ...common, status: "not compared", identical: false, note: `in project ${t.database}, not the warehouse file's ${project}` });
          continue;
        }
        if (action.kind === "view") {
          // A view's query names the project's catalog, which here is the current file on both sides.
          tables.push({ ...common, status: "not compared", identical: false, note: "a view: rows are compared in the tables it reads and that read it" });
          continue;
        }
        if (!(await exists("before", action))) {
          tables.push({ ...common, status: "new", identical: false, note: "no current table" });
          continue;
        }
        progress(`diff: comparing ${common.table} (${i + 1}/${compared.length})`);
        const key = inputs.key ?? tableKey(inputs.head, action);
        const comparison = await compareTables(connection, quotedPath("before", action), quotedPath("after", action), { key, sampleSize: inputs.sampleSize });
        const s = comparison.schema;
        const identical = s.added.length + s.removed.length + s.retyped.length === 0 && comparison.added + comparison.removed + (comparison.changed ?? 0) === 0;
        tables.push({ ...common, status: "compared", identical, comparison });
      }
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
    return { warehouse: inputs.warehouseFile, built, tables };
  } finally {
    scratch.remove();
  }
}
