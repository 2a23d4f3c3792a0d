/**
 * BigQuery -> DuckDB translation for the local target: polyglot (a sqlglot port) plus the project's
 * fixes for what it gets wrong. Anything that cannot be translated faithfully is refused loudly.
 */
import { splitScript, tokenize, withoutOptions, type ScriptStatement } from "./lexer";
import { BigQueryRuleError, UntranslatableError } from "./errors";
import { decodeUnicodeEscapes } from "./escapes";
import { duplicateMatchGuardAst } from "./merge";
import { initPolyglot, type AstNode } from "./polyglot";
import { refuseScripting, ScriptVariables, setVariable, transactionStatement } from "./scripting";
import { expressionToDuckDb, parseOne, resolveTables, toDuckDb, type StatementContext } from "./statement";
import { refuseBigNumeric } from "./types";

export { BigQueryRuleError, UntranslatableError } from "./errors";
export { DUPLICATE_MATCH_MESSAGE } from "./merge";
export { splitScript } from "./lexer";

export interface TranslateContext {
  /** project used for `dataset.table` references (BigQuery resolves two-part names in the default project) */
  defaultProject: string;
  /** returns the partition column if the (project, dataset, table) has require_partition_filter=true */
  partitionFilterColumn?: (project: string, dataset: string, table: string) => string | undefined;
  /**
   * Variables DECLAREd by earlier parts of the same BigQuery script (e.g. an action's pre-operations
   * translated separately from its main statement), name -> declared BigQuery type; updated in place.
   * Pass one empty Map per action: BigQuery refuses to declare a name twice in one script.
   */
  declaredVariables?: Map<string, string | undefined>;
}

export type TranslatedStatement = {
  bigquery: string;
  duckdb: string;
  kind: "query" | "ddl" | "dml" | "merge" | "variable" | "transaction" | "other";
  /** for MERGE: a DuckDB query returning >=1 row iff some target row is matched by more than one source row */
  duplicateMatchGuard?: string;
};

/**
 * Session settings the DuckDB connection needs for translated SQL to mean what BigQuery means:
 * TIMESTAMP values are instants shown and truncated in UTC, and ascending sorts put NULLs first.
 */
export const DUCKDB_SESSION_SETUP = ["SET TimeZone = 'UTC'", "SET default_null_order = 'nulls_first_on_asc_last_on_desc'"];

/** Loads polyglot's wasm; call once before translating. */
export async function initTranslator(): Promise<void> {
  await initPolyglot();
}

export function translateScript(bigQueryScript: string, ctx: TranslateContext): TranslatedStatement[] {
  const statementCtx: StatementContext = { ...ctx, variables: new ScriptVariables(ctx.declaredVariables) };
  return splitScript(bigQueryScript).map((statement) => {
    try {
      return translateStatement(statement, statementCtx);
    } catch (error) {
      if (error instanceof UntranslatableError || error instanceof BigQueryRuleError) {
        (error as Error & { line?: number }).line = statement.line;
      }
      throw error;
    }
  });
}

const KIND_BY_TAG: [RegExp, TranslatedStatement["kind"]][] = [
  [/^(select|union|intersect|except|with)$/, "query"],
  [/^(create|drop|alter)_/, "ddl"],
  [/^(insert|update|delete|truncate\w*)$/, "dml"],
  [/^merge$/, "merge"],
];

function translateStatement(statement: ScriptStatement, ctx: StatementContext): TranslatedStatement {
  const bigquery = statement.text;
  const transaction = transactionStatement(statement.keywords);
  if (transaction) return { bigquery, duckdb: transaction, kind: "transaction" };
  refuseScripting(statement.keywords);
  refuseBigNumeric(bigquery);
  if (statement.keywords[0] === "CREATE" && statement.keywords[1] === "SCHEMA") {
    return { bigquery, duckdb: createSchema(bigquery, ctx.defaultProject), kind: "ddl" };
  }
  const ast = parseOne(decodeUnicodeEscapes(statement.keywords[0] === "CREATE" ? withoutOptions(bigquery) : bigquery));
  const tag = Object.keys(ast)[0];
  if (tag === "declare" || tag === "set_statement") return { bigquery, duckdb: variableStatement(ast, ctx), kind: "variable" };

  resolveTables(ast, ctx);
  const guard = ast.merge ? duplicateMatchGuardAst(ast.merge) : undefined;
  const kind = KIND_BY_TAG.find(([pattern]) => pattern.test(tag))?.[1] ?? "other";
  return {
    bigquery,
    duckdb: toDuckDb(ast, ctx),
    kind,
    ...(guard ? { duplicateMatchGuard: toDuckDb(guard, ctx) } : {}),
  };
}

function variableStatement(ast: AstNode, ctx: StatementContext): string {
  if (ast.declare) {
    const out: string[] = [];
    for (const { declare_item: item } of ast.declare.expressions) {
      const names = [item.this, ...(item.additional_names ?? [])].map((n: AstNode) => String(n.identifier?.name));
      const type: string | undefined = item.kind ?? undefined;
      if (!item.default && !type) throw new UntranslatableError("DECLARE", "DECLARE needs a type or a DEFAULT");
      const value = expressionToDuckDb(item.default ?? { null: null }, type, ctx);
      out.push(setVariable(names[0], value));
      for (const extra of names.slice(1)) out.push(setVariable(extra, `getvariable('${names[0].toLowerCase()}')`));
      names.forEach((n) => ctx.variables.declare(n, type));
    }
    return out.join(";\n");
  }
  return ast.set_statement.items
    .map((item: AstNode) => {
      const name = item.name?.identifier?.name;
      if (!name || !ctx.variables.has(name)) {
        throw new UntranslatableError("SET", "only SET of a variable DECLAREd earlier in the script is translated");
      }
      return setVariable(name, expressionToDuckDb(item.value, ctx.variables.typeOf(name), ctx));
    })
    .join(";\n");
}

/** CREATE SCHEMA [IF NOT EXISTS] `project.dataset` [OPTIONS(…)]: polyglot cannot parse the OPTIONS. */
function createSchema(sql: string, defaultProject: string): string {
  const words = tokenize(sql).filter((t) => t.kind !== "space" && t.kind !== "comment");
  let i = 2;
  const ifNotExists = words[i]?.text.toUpperCase() === "IF";
  if (ifNotExists) i += 3;
  const parts: string[] = [];
  for (; i < words.length && !/^OPTIONS$/i.test(words[i].text); i++) {
    const t = words[i];
    if (t.kind === "quoted") parts.push(...t.text.slice(1, -1).split("."));
    else if (t.kind === "word") parts.push(t.text);
    else if (t.text !== "." && t.text !== "-") throw new UntranslatableError("CREATE SCHEMA", `unexpected ${t.text} in CREATE SCHEMA`);
  }
  if (parts.length === 1) parts.unshift(defaultProject);
  if (parts.length !== 2) throw new UntranslatableError("CREATE SCHEMA", `cannot read the dataset name in: ${sql}`);
  return `CREATE SCHEMA ${ifNotExists ? "IF NOT EXISTS " : ""}${parts.map((p) => `"${p.replace(/"/g, '""')}"`).join(".")}`;
}
