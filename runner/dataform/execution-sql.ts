// The BigQuery SQL that Dataform's CLI sends for each action, rebuilt from its ExecutionSql
// (cli/api/dbadapters/execution_sql.ts in Dataform's repository, bundled in @dataform/cli). The local
// target translates exactly these statements and `gigamart check` analyzes exactly these, so the two
// can never drift from what BigQuery receives.
import { createHash } from "node:crypto";
import type { Action } from "./actions";
import type { CompiledTable, ProjectConfig, Target } from "./compiled-graph";
import { resolveTarget } from "./target";

/** What the warehouse holds for a target before the action runs (Dataform's TableMetadata). */
export interface TableState {
  type: "table" | "view";
  columns: string[];
}

export interface RunOptions {
  fullRefresh?: boolean;
}

export interface Task {
  /** "assertion" tasks fail when their first column is > 0, as Dataform's runner checks them. */
  type: "statement" | "assertion";
  statement: string;
}

function formatStatement(statement: string, isLast: boolean): string {
  const lastLineStart = statement.lastIndexOf("\n") + 1;
  const commentIndex = statement.indexOf("--", lastLineStart);
  let code = statement;
  let comment = "";
  if (commentIndex === 0) {
    code = "";
    comment = statement;
  } else if (commentIndex > 0) {
    code = statement.substring(0, commentIndex).trimEnd();
    comment = statement.substring(commentIndex);
  }
  if (!isLast && code.length > 0 && !code.endsWith(";")) code += ";";
  return code.length > 0 && comment.length > 0 ? `${code} ${comment}` : code + comment;
}

/** Dataform joins an action's statements into one BigQuery script this way. */
export function concatenateQueries(statements: (string | undefined)[]): string {
  const processed = statements.filter((s): s is string => !!s).map((s) => s.trim()).filter((s) => s.length > 0);
  return processed.map((s, i) => formatStatement(s, i === processed.length - 1)).join("\n");
}

export class UnsupportedActionError extends Error {
  override name = "UnsupportedActionError";
}

export class ExecutionSql {
  constructor(private readonly project: ProjectConfig) {}

  resolveTarget(target: Target): string {
    return resolveTarget(target, this.project);
  }

  /** The tasks of one action; none for a declaration or a disabled action. */
  tasks(action: Action, state: TableState | undefined, options: RunOptions = {}): Task[] {
    switch (action.kind) {
      case "declaration":
        return [];
      case "operation":
        return action.operation.disabled ? [] : action.operation.queries.map((statement) => ({ type: "statement", statement }));
      case "assertion":
        return action.assertion.disabled
          ? []
          : [
              { type: "statement", statement: this.createOrReplaceView(action.assertion.target, action.assertion.query) },
              { type: "assertion", statement: `select sum(1) as row_count from ${this.resolveTarget(action.assertion.target)}` },
            ];
      default:
        return action.table.disabled ? [] : [{ type: "statement", statement: this.publishScript(action.table, state, options) }];
    }
  }

  /** True when an incremental table is merged into / appended to rather than rebuilt. */
  writesIncrementally(table: CompiledTable, state: TableState | undefined, options: RunOptions): boolean {
    return (!options.fullRefresh || !!table.protected) && !!state && state.type !== "view";
  }

  private publishScript(table: CompiledTable, state: TableState | undefined, options: RunOptions): string {
    const incremental = table.enumType === "INCREMENTAL" && this.writesIncrementally(table, state, options);
    const statements: string[] = [...((incremental ? table.incrementalPreOps : table.preOps) ?? [])];
    const baseType = table.enumType === "VIEW" ? "view" : "table";
    if (state && state.type !== baseType) {
      statements.push(`drop ${baseType === "view" ? "table" : "view"} if exists ${this.resolveTarget(table.target)}`);
    }
    if (table.enumType === "INCREMENTAL" && incremental) {
      if (table.onSchemaChange && table.onSchemaChange !== "IGNORE") {
        // Dataform runs these through a generated stored procedure; we do not rebuild that script,
        // so refuse by name rather than silently dropping the schema policy.
        throw new UnsupportedActionError(`onSchemaChange: ${table.onSchemaChange} is not supported (only IGNORE)`);
      }
      statements.push(this.incrementalDml(table, state!.columns));
    } else {
      statements.push(this.createOrReplace(table));
    }
    statements.push(...((incremental ? table.incrementalPostOps : table.postOps) ?? []));
    return concatenateQueries(statements);
  }

  createOrReplace(table: CompiledTable): string {
    const bq = table.bigquery;
    const options: string[] = [];
    if (bq?.partitionBy && bq.partitionExpirationDays) options.push(`partition_expiration_days=${bq.partitionExpirationDays}`);
    if (bq?.partitionBy && bq.requirePartitionFilter) options.push(`require_partition_filter=${bq.requirePartitionFilter}`);
    for (const [name, value] of Object.entries(bq?.additionalOptions ?? {})) options.push(`${name}=${value}`);
    const type = table.enumType === "VIEW" ? "view" : "table";
    return (
      `create or replace ${table.materialized ? "materialized " : ""}${type} ${this.resolveTarget(table.target)} ` +
      (bq?.partitionBy ? `partition by ${bq.partitionBy} ` : "") +
      (bq?.clusterBy && bq.clusterBy.length > 0 ? `cluster by ${bq.clusterBy.join(", ")} ` : "") +
      (options.length > 0 ? `OPTIONS(${options.join(",")})` : "") +
      `as ${table.query}`
    );
  }

  createOrReplaceView(target: Target, query: string): string {
    return `\n      create or replace view ${this.resolveTarget(target)} as ${query}`;
  }

  private incrementalQuery(table: CompiledTable): string {
    const query = table.incrementalQuery || table.query;
    return table.where ? `\n  select * from (${query}) as subquery\n    where ${table.where}` : query;
  }

  private predicates(table: CompiledTable): string {
    const valid = (table.bigquery?.incrementalPredicates ?? []).filter((p) => p.trim() !== "");
    return valid.length === 0 ? "" : `and ${valid.map((p) => `(${p})`).join(" and ")}`;
  }

  private incrementalDml(table: CompiledTable, columns: string[]): string {
    const query = this.incrementalQuery(table);
    const target = this.resolveTarget(table.target);
    const backticked = columns.map((c) => `\`${c}\``);
    if (table.incrementalStrategy === "INSERT_OVERWRITE") return this.insertOverwrite(table, backticked, query);
    if (table.uniqueKey && table.uniqueKey.length > 0) {
      const updatePartitionFilter = table.bigquery?.updatePartitionFilter;
      const predicates = this.predicates(table);
      return `
merge ${target} DATAFORM_DEST
using (${query}
) DATAFORM_SOURCE
on ${table.uniqueKey.map((k) => `DATAFORM_DEST.${k} = DATAFORM_SOURCE.${k}`).join(` and `)} ${updatePartitionFilter ? `and DATAFORM_DEST.${updatePartitionFilter}` : ""}
${predicates ? ` ${predicates}` : ""}
when matched then
  update set ${columns.map((c) => `\`${c}\` = DATAFORM_SOURCE.${c}`).join(",")}
when not matched then
  insert (${backticked.join(",")}) values (${backticked.join(",")})`;
    }
    return `\t\ninsert into ${target}\t\n(${backticked.join(",")})\t\nselect ${backticked.join(",")}\t\nfrom (${query}) as insertions`;
  }

  /** A stable id where Dataform uses a random one, so checks and dry runs are reproducible. */
  private uniqueId(table: CompiledTable): string {
    return createHash("sha256").update(this.resolveTarget(table.target)).digest("hex").slice(0, 10);
  }

  private insertOverwrite(table: CompiledTable, backticked: string[], query: string): string {
    const partitionBy = table.bigquery?.partitionBy;
    const updatePartitionFilter = table.bigquery?.updatePartitionFilter;
    const predicates = this.predicates(table);
    const staging = `staging_table_temp_${this.uniqueId(table)}`;
    return `CREATE OR REPLACE TEMP TABLE \`${staging}\` AS (
  ${query}
);

BEGIN
  DECLARE partitions_for_replacement DEFAULT (
    ARRAY(
      SELECT DISTINCT ${partitionBy}
      FROM \`${staging}\`
      WHERE ${partitionBy} IS NOT NULL
    )
  );

  MERGE ${this.resolveTarget(table.target)} DATAFORM_DEST
  USING \`${staging}\` DATAFORM_SOURCE
  ON FALSE
  WHEN NOT MATCHED BY SOURCE AND ${partitionBy} IN UNNEST(partitions_for_replacement) ${updatePartitionFilter ? `and DATAFORM_DEST.${updatePartitionFilter}` : ""}
  ${predicates ? ` ${predicates}` : ""}
  THEN
    DELETE
  WHEN NOT MATCHED BY TARGET THEN
    INSERT (${backticked.join(",")}) VALUES (${backticked.join(",")});
END;

DROP TABLE IF EXISTS \`${staging}\`;`;
  }
}
