// Golden SQL: for every action of a Dataform project, the BigQuery script Dataform sends and the DuckDB
// statements the local target runs instead, as text files a test compares exactly and
// `npm run golden:update` rewrites. Both come from the runner's own code (`localScripts`), never re-rendered.
import * as fs from "node:fs";
import * as path from "node:path";
import { createTwoFilesPatch } from "diff";
import { compileForProject } from "../../cli/project";
import { ZetaSqlAnalyzer } from "../../fidelity/analyze";
import { checkGraph } from "../../fidelity/check";
import type { ZetaSqlService } from "../../fidelity/zetasql/service";
import { type Action, actionFile, actionTarget, graphActions } from "../../runner/dataform/actions";
import type { CompiledGraph } from "../../runner/dataform/compiled-graph";
import { ExecutionSql, type TableState } from "../../runner/dataform/execution-sql";
import { localScripts, type LocalScripts } from "../../runner/targets/local";
import { initTranslator } from "../../runner/translate";

export const GOLDEN_DIR = path.resolve(__dirname, "..", "golden");

/** One golden file: `<dataset>/<table>.<engine>.sql` under GOLDEN_DIR, and the action it belongs to. */
export interface Golden {
  file: string;
  action: string;
  kind: Action["kind"];
  text: string;
}

/** A run of an action as a golden shows it: its label and the target's state before it. */
interface Path {
  label: string;
  state: TableState | undefined;
}

const ENGINES = {
  bigquery: (scripts: LocalScripts) =>
    scripts.tasks.map((task, i) => `${job(i, scripts.tasks.length, task.type)}\n${task.statement}\n`),
  duckdb: (scripts: LocalScripts) =>
    scripts.translated.map((statements, i) => {
      const lines = statements.flatMap((s) => [
        ...(s.duplicateMatchGuard ? [`-- merge guard: a row returned fails the job with BigQuery's duplicate-match error\n${s.duplicateMatchGuard};`] : []),
        `${s.duckdb};`,
      ]);
      return `${job(i, scripts.tasks.length, scripts.tasks[i]!.type)}\n${lines.join("\n\n")}\n`;
    }),
};
type Engine = keyof typeof ENGINES;

function job(index: number, count: number, type: string): string {
  return `-- job ${index + 1} of ${count}${type === "assertion" ? ": the assertion fails when row_count > 0" : ""}`;
}

/**
 * The goldens of the project in `projectDir`, compiled as `gigamart run` compiles it in dev (config_dev's
 * project and vars, no suffix or prefix). An incremental table gets both scripts: its first run, and its
 * run into the table as its first run creates it (columns from Google's analyzer, as `gigamart check` types them).
 */
export async function generateGoldens(projectDir: string, service: ZetaSqlService): Promise<Golden[]> {
  const [{ graph }] = await Promise.all([compileForProject({ projectDir, env: "dev" }), initTranslator()]);
  const columns = await analyzedColumns(graph, service);
  const executionSql = new ExecutionSql(graph.projectConfig);
  const goldens: Golden[] = [];
  for (const action of graphActions(graph).filter((a) => a.kind !== "declaration")) {
    const paths: Path[] =
      action.kind === "incremental"
        ? [
            { label: "first run (the table does not exist, or --full-refresh)", state: undefined },
            { label: "incremental run (into the table its first run created)", state: { type: "table", columns: columnsOf(action, columns) } },
          ]
        : [{ label: "every run", state: undefined }];
    const scripts = paths.map((p) => ({ label: p.label, scripts: localScripts(action, graph, executionSql, p.state) }));
    for (const engine of Object.keys(ENGINES) as Engine[]) {
      const sections = scripts.map(({ label, scripts }) => [`-- ## ${label}`, ...ENGINES[engine](scripts)].join("\n"));
      const header = [`-- ${action.name} (${action.kind}), ${actionFile(action)}`, `-- ${engine === "bigquery" ? "BigQuery jobs Dataform sends" : "DuckDB statements the local target runs"}; written by \`npm run golden:update\``];
      goldens.push({ file: goldenFile(action, engine), action: action.name, kind: action.kind, text: `${header.join("\n")}\n\n${sections.join("\n")}` });
    }
  }
  const clash = goldens.find((g, i) => goldens.findIndex((o) => o.file === g.file) !== i);
  if (clash) throw new Error(`golden: two actions share ${clash.file}: ${goldens.filter((g) => g.file === clash.file).map((g) => g.action).join(", ")}`);
  return goldens.sort((a, b) => a.file.localeCompare(b.file));
}

const goldenFile = (action: Action, engine: Engine) => `${actionTarget(action).schema}/${actionTarget(action).name}.${engine}.sql`;

function columnsOf(action: Action, columns: Map<string, string[]>): string[] {
  const found = columns.get(action.name);
  if (!found) throw new Error(`golden: ${actionFile(action)}: ${action.name}: the analyzer gave no columns for its first run`);
  return found;
}

/** Each incremental table's columns after its first run; the project must pass `gigamart check`. */
async function analyzedColumns(graph: CompiledGraph, service: ZetaSqlService): Promise<Map<string, string[]>> {
  const report = await checkGraph(graph, new ZetaSqlAnalyzer(service));
  if (report.errors.length > 0) throw new Error(`golden: the project does not pass gigamart check: ${report.errors[0]}`);
  return new Map(report.actions.filter((a) => a.columns).map((a) => [a.name, a.columns!.map((c) => c.name)]));
}

/** The golden files on disk, by file name relative to `dir`. */
export function readGoldens(dir = GOLDEN_DIR): Map<string, string> {
  const files = fs.existsSync(dir) ? (fs.readdirSync(dir, { recursive: true }) as string[]) : [];
  return new Map(
    files
      .filter((f) => f.endsWith(".sql"))
      .sort()
      .map((f) => [f.split(path.sep).join("/"), fs.readFileSync(path.join(dir, f), "utf8")]),
  );
}

export interface GoldenChanges {
  changed: Golden[];
  added: Golden[];
  /** files on disk that no action produces any more */
  removed: string[];
}

export function goldenChanges(goldens: Golden[], onDisk: Map<string, string>): GoldenChanges {
  const produced = new Set(goldens.map((g) => g.file));
  return {
    changed: goldens.filter((g) => onDisk.has(g.file) && onDisk.get(g.file) !== g.text),
    added: goldens.filter((g) => !onDisk.has(g.file)),
    removed: [...onDisk.keys()].filter((f) => !produced.has(f)),
  };
}

/** How much of a long changed line a diff shows: DuckDB statements are one line each. */
const SHOWN_CHARS = 200;

/**
 * A unified diff from the golden on disk to what the SQL is now, cut after `maxLines` lines; a long
 * changed line is shown around its first difference from the line it replaces.
 */
export function goldenDiff(file: string, before: string, after: string, maxLines = 40): string {
  const lines = createTwoFilesPatch(`golden/${file}`, `now/${file}`, before, after, undefined, undefined, { context: 2 })
    .trimEnd()
    .split("\n")
    .slice(1); // the "====" line
  const shown = lines.map((line, i) => {
    if (line.length <= SHOWN_CHARS || !/^[-+][^-+]/.test(line)) return line;
    const counterpart = line[0] === "-" ? lines.slice(i + 1).find((l) => l[0] === "+") : lines.slice(0, i).reverse().find((l) => l[0] === "-");
    let same = 1;
    while (counterpart && same < line.length && line[same] === counterpart[same]) same++;
    const from = Math.max(1, same - SHOWN_CHARS / 4);
    return `${line[0]}${from > 1 ? "…" : ""}${line.slice(from, from + SHOWN_CHARS)}${from + SHOWN_CHARS < line.length ? "…" : ""}`;
  });
  return shown.length > maxLines ? [...shown.slice(0, maxLines), `… (${shown.length - maxLines} more diff lines)`].join("\n") : shown.join("\n");
}
