import * as fs from "node:fs";
import * as path from "node:path";
import { parseDocument } from "yaml";
import { z } from "zod";
import type { GigaMartConfig } from "../config/schema";
import { dataformVars } from "../config/dataform-vars";
import { loadConfig } from "../config/load";
import { compileProject, parseVars, type CompileOptions } from "../runner/dataform/compile";
import type { CompiledGraph } from "../runner/dataform/compiled-graph";
import { DEFAULT_REPORTS_DIR } from "../runner/report/write";
import { DEFAULT_ENV, type ProjectDirFlags, type ProjectFlags } from "./project-options";

export const REPO_ROOT = path.resolve(__dirname, "..");

/** BigQuery's own default location, for a project whose workflow_settings.yaml names none. */
const DEFAULT_LOCATION = "US";

/** What a command works with: the project folder, whose settings apply, and where its local files go. */
export interface ProjectContext {
  readonly dir: string;
  /** the project is this repo (by real path), whose Dataform repository `--target bigquery` runs */
  readonly isThisRepo: boolean;
  /** GigaMart's environment config, when it applies: this repo, or any project with `--env` given */
  readonly config?: GigaMartConfig;
  /** the BigQuery project tables land in and `dataset.table` resolves in */
  readonly project: string;
  readonly location: string;
  /** the default local warehouse and reports folder (`--warehouse`, `--reports` override them) */
  readonly warehouseFile: string;
  readonly reportsDir: string;
}

const NO_PROJECT = "missing: a local run needs the project its tables land in (or give --env)";
const workflowSettingsSchema = z.object({
  defaultProject: z.string({ error: NO_PROJECT }).min(1, NO_PROJECT),
  defaultLocation: z.string().min(1).optional(),
});

/** The settings of a foreign project's workflow_settings.yaml that choose where its tables land. */
function readWorkflowSettings(dir: string): z.infer<typeof workflowSettingsSchema> {
  const file = path.join(dir, "workflow_settings.yaml");
  const shown = path.relative(process.cwd(), file) || file;
  if (!fs.existsSync(file)) throw new Error(`${dir}: not a Dataform v3 project (no workflow_settings.yaml)`);
  const doc = parseDocument(fs.readFileSync(file, "utf8"));
  if (doc.errors.length > 0) throw new Error(`${shown}:${doc.errors[0]!.linePos?.[0]?.line ?? "?"}: ${doc.errors[0]!.message.split("\n")[0]}`);
  const parsed = workflowSettingsSchema.safeParse(doc.toJS() ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${shown}: ${issue.path.join(".")}: ${issue.message}`);
  }
  return parsed.data;
}

const realPath = (p: string) => (fs.existsSync(p) ? fs.realpathSync(p) : path.resolve(p));

/**
 * GigaMart's config (config/config_<env>.yaml) applies to this repo, and to any project when `--env`
 * is given. Any other Dataform project keeps its own workflow_settings.yaml, as `dataform compile` and
 * `dataform run` would, and keeps its local warehouse and reports in its own `.gigamart/` folder, so
 * its tables never mix with GigaMart's.
 */
export function projectContext(flags: ProjectDirFlags): ProjectContext {
  const dir = path.resolve(flags.projectDir ?? REPO_ROOT);
  const isThisRepo = realPath(dir) === realPath(REPO_ROOT);
  if (isThisRepo || flags.env !== undefined) {
    const config = loadConfig(flags.env ?? DEFAULT_ENV);
    const warehouseFile = path.resolve(config.warehouse.local_file);
    return { dir, isThisRepo, config, project: config.gcp.project, location: config.gcp.region, warehouseFile, reportsDir: DEFAULT_REPORTS_DIR };
  }
  const settings = readWorkflowSettings(dir);
  const local = path.join(dir, ".gigamart");
  return {
    dir,
    isThisRepo,
    project: settings.defaultProject,
    location: (settings.defaultLocation ?? DEFAULT_LOCATION).toLowerCase(),
    warehouseFile: path.join(local, "warehouse.duckdb"),
    reportsDir: path.join(local, "reports"),
  };
}

/**
 * Compiles with the real Dataform compiler. Under GigaMart's config, as the environment's release
 * configuration would: the env's project and vars (datasets, time zone, thresholds:
 * config/dataform-vars.ts). A foreign project compiles with its own workflow_settings.yaml. `--vars`
 * goes on top of either; the dataset suffix applies only when asked, so local table names stay readable.
 */
export async function compileForProject(flags: ProjectFlags): Promise<{ graph: CompiledGraph; context: ProjectContext }> {
  const context = projectContext(flags);
  const graph = await compileProject(compileOptions(context, flags));
  return { graph, context };
}

/** The compile options of a context; `projectDir` may point at another revision of the same project (`gigamart plan --base`). */
export function compileOptions(context: ProjectContext, flags: ProjectFlags, projectDir = context.dir): CompileOptions {
  return {
    projectDir,
    ...(context.config && { defaultDatabase: context.config.gcp.project }),
    vars: { ...(context.config && dataformVars(context.config)), ...parseVars(flags.vars) },
    schemaSuffix: flags.schemaSuffix,
    tablePrefix: flags.tablePrefix,
  };
}
