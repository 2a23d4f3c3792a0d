import * as path from "node:path";
import { Option, type Command } from "commander";
import { ENVIRONMENTS, type GigaMartConfig } from "../config/schema";
import { dataformVars } from "../config/dataform-vars";
import { loadConfig } from "../config/load";
import { compileProject, parseVars } from "../runner/dataform/compile";
import type { CompiledGraph } from "../runner/dataform/compiled-graph";

export const REPO_ROOT = path.resolve(__dirname, "..");

/** Options every command that compiles the project shares. */
export function projectOptions(command: Command): Command {
  return command
    .option("--project-dir <dir>", "Dataform project folder", REPO_ROOT)
    .addOption(new Option("--env <env>", "environment whose config/config_<env>.yaml applies").choices(ENVIRONMENTS).default("dev"))
    .option("--vars <k1=v1,k2=v2>", "Dataform vars, as Dataform's CLI takes them (override config's dataform.vars)")
    .option("--schema-suffix <suffix>", "dataset suffix, as a release configuration sets it")
    .option("--table-prefix <prefix>", "table name prefix, as a release configuration sets it");
}

export interface ProjectFlags {
  projectDir: string;
  env: string;
  vars?: string;
  schemaSuffix?: string;
  tablePrefix?: string;
}

/**
 * Compiles as the environment's release configuration would: the env's project and vars (datasets,
 * time zone, thresholds: config/dataform-vars.ts), with
 * `--vars` on top. The dataset suffix applies only when asked, so local table names stay readable.
 */
export async function compileForEnv(flags: ProjectFlags): Promise<{ graph: CompiledGraph; config: GigaMartConfig }> {
  const config = loadConfig(flags.env);
  const graph = await compileProject({
    projectDir: flags.projectDir,
    defaultDatabase: config.gcp.project,
    vars: { ...dataformVars(config), ...parseVars(flags.vars) },
    schemaSuffix: flags.schemaSuffix,
    tablePrefix: flags.tablePrefix,
  });
  return { graph, config };
}
