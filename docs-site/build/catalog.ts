// The catalog page: every action of the compiled graph as a table of the warehouse, with what Dataform
// and the config say of it and the types the analyzer resolved.
import * as fs from "node:fs";
import * as path from "node:path";
import { PIPELINE_TAGS, workflowSelection } from "../../cloud/desired/dataform";
import type { GigaMartConfig } from "../../config/load";
import { type Action, actionDependencies, compiledAction, compiledTableOf, graphActions, selectActions } from "../../runner/dataform/actions";
import type { CompiledGraph } from "../../runner/dataform/compiled-graph";
import { ExecutionSql } from "../../runner/dataform/execution-sql";
import type { CatalogTable } from "../site-data";
import type { GraphAnalysis } from "./analysis";

/** Labels naming who answers for a table, in the order they are looked for. */
const OWNER_LABELS = ["owner", "owners", "team"];

function labelsOf(action: Action): Record<string, string> {
  const compiled = compiledAction(action);
  return { ...compiled.actionDescriptor?.bigqueryLabels, ...compiledTableOf(action)?.bigquery?.labels };
}

/** Owners: the action's own owner label, else the project's (config gcp.labels), as BigQuery would label the table. */
function ownersOf(labels: Record<string, string>, config: GigaMartConfig | undefined): string[] {
  for (const from of [labels, config?.gcp.labels ?? {}]) {
    const found = OWNER_LABELS.map((l) => from[l]).find((v) => v);
    if (found) return found.split(/[,;]/).map((o) => o.trim()).filter(Boolean);
  }
  return [];
}

/** The statements BigQuery receives for the action's first run and, for an incremental table, its next run. */
function compiledSql(action: Action, executionSql: ExecutionSql, columns: string[] | undefined): CatalogTable["sql"] {
  const scripts: CatalogTable["sql"] = [];
  const add = (label: string, make: () => { statement: string }[]) => {
    try {
      const text = make().map((t) => t.statement.trim()).join(";\n\n");
      if (text) scripts.push({ label, text });
    } catch (err) {
      scripts.push({ label, text: `-- not compiled: ${(err as Error).message}` });
    }
  };
  add(action.kind === "incremental" ? "first run / full refresh" : "run", () => executionSql.tasks(action, undefined));
  if (action.kind === "incremental" && columns) add("incremental run", () => executionSql.tasks(action, { type: "table", columns }));
  return scripts;
}

export function catalogTables(graph: CompiledGraph, analysis: GraphAnalysis, projectDir: string, config: GigaMartConfig | undefined): CatalogTable[] {
  const actions = graphActions(graph);
  const executionSql = new ExecutionSql(graph.projectConfig);
  const schedules = new Map<string, CatalogTable["schedules"]>();
  if (config) {
    for (const tag of PIPELINE_TAGS) {
      for (const a of selectActions(actions, workflowSelection(config, tag))) {
        schedules.set(a.name, [...(schedules.get(a.name) ?? []), { tag, cron: config.schedules[tag], timeZone: config.schedules.time_zone }]);
      }
    }
  }
  const sources = new Map<string, string | undefined>();
  const sourceOf = (file: string) => {
    if (!sources.has(file)) {
      const full = path.join(projectDir, file);
      sources.set(file, fs.existsSync(full) ? fs.readFileSync(full, "utf8") : undefined);
    }
    return sources.get(file);
  };
  return actions
    .map((action): CatalogTable => {
      const compiled = compiledAction(action);
      const table = compiledTableOf(action);
      const docs = new Map((compiled.actionDescriptor?.columns ?? []).map((c) => [c.path.join("."), c]));
      const typed = analysis.columns[action.name];
      const names = typed ? typed.map((c) => c.name) : [...docs.keys()];
      const labels = labelsOf(action);
      const [dataset, name] = [compiled.target.schema, compiled.target.name];
      return {
        name: action.name,
        dataset,
        table: name,
        kind: action.kind,
        description: compiled.actionDescriptor?.description,
        columns: names.map((n) => {
          const doc = docs.get(n);
          return { name: n, type: typed?.find((c) => c.name === n)?.type, description: doc?.description, ...(doc?.bigqueryPolicyTags && { policyTags: doc.bigqueryPolicyTags }) };
        }),
        partitionBy: table?.bigquery?.partitionBy,
        clusterBy: table?.bigquery?.clusterBy,
        tags: compiled.tags ?? [],
        schedules: schedules.get(action.name) ?? [],
        owners: ownersOf(labels, config),
        labels,
        file: compiled.fileName,
        source: sourceOf(compiled.fileName),
        sql: compiledSql(action, executionSql, typed?.map((c) => c.name)),
        dependencies: actionDependencies(action),
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}
