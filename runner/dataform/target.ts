import type { ProjectConfig, Target } from "./compiled-graph";

/** Dataform's readable name: `database.schema.name` (the form `--actions` and dependencies use). */
export function targetName(target: Target): string {
  return [target.database, target.schema, target.name].filter((p) => p !== undefined && p !== "").join(".");
}

/** The table path BigQuery receives, exactly as Dataform's CompilationSql.resolveTarget writes it. */
export function resolveTarget(target: Target, project: ProjectConfig): string {
  const database = target.database || project.defaultDatabase;
  const schema = target.schema || project.defaultSchema;
  return database ? `\`${database}.${schema}.${target.name}\`` : `\`${schema}.${target.name}\``;
}
