// The options of the commands that read a Dataform project, apart from how a project's settings are read
// (cli/project.ts), so that a command can declare them without loading the config's validation.
import { Option, type Command } from "commander";
import { ENVIRONMENTS } from "../config/environments";

/** The environment this repo runs in when `--env` is not given. */
export const DEFAULT_ENV = "dev";

/** `--project-dir` and `--env`: every command that reads a Dataform project takes both. */
export function projectDirOptions(command: Command): Command {
  return command
    .option("--project-dir <dir>", "Dataform project folder (default: this repo)")
    .addOption(
      new Option("--env <env>", `environment whose config/config_<env>.yaml applies (default ${DEFAULT_ENV} for this repo; another project uses its own workflow_settings.yaml unless given)`).choices(
        ENVIRONMENTS,
      ),
    );
}

/** Options every command that compiles the project shares. */
export function projectOptions(command: Command): Command {
  return projectDirOptions(command)
    .option("--vars <k1=v1,k2=v2>", "Dataform vars, as Dataform's CLI takes them (on top of the project's or the env's vars)")
    .option("--schema-suffix <suffix>", "dataset suffix, as a release configuration sets it")
    .option("--table-prefix <prefix>", "table name prefix, as a release configuration sets it");
}

export interface ProjectDirFlags {
  projectDir?: string;
  /** undefined when not given: a foreign project then keeps its own settings */
  env?: string;
}

export interface ProjectFlags extends ProjectDirFlags {
  vars?: string;
  schemaSuffix?: string;
  tablePrefix?: string;
}
