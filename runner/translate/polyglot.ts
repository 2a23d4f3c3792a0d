/**
 * The one polyglot module instance: `init()` and every later call must hit the same instance, or the
 * wasm exports are missing ("Cannot read properties of undefined (reading '__wbindgen_export')").
 */
import * as polyglot from "@polyglot-sql/sdk";
import { UntranslatableError } from "./errors";

export type AstNode = Record<string, any>;

let ready: Promise<void> | undefined;
let initialized = false;

export async function initPolyglot(): Promise<void> {
  ready ??= polyglot.init().then(() => {
    initialized = true;
  });
  await ready;
}

function requireInit(): void {
  if (!initialized) throw new Error("translator not initialized: await initTranslator() first");
}

export function parseBigQuery(sql: string): AstNode[] {
  requireInit();
  const result = polyglot.parse(sql, polyglot.Dialect.BigQuery);
  if (!result.success || !result.ast) {
    // polyglot's parse takes no guard options: its limits (32 nested levels, AST depth 512) are fixed
    if (/E_GUARD_(PARSER|AST)_DEPTH_EXCEEDED/.test(String(result.error))) {
      throw new UntranslatableError("nesting depth", `the statement nests deeper than polyglot's parser allows (${result.error}); nest less, e.g. as a chain of WITH queries`);
    }
    throw new UntranslatableError("syntax", `polyglot cannot parse this BigQuery statement: ${result.error}`);
  }
  return result.ast as unknown as AstNode[];
}

/** serde_json's nesting limit, which polyglot's JSON path keeps: a deeper AST is refused there. */
const JSON_RECURSION_LIMIT = /recursion limit exceeded/;

export function generateBigQuery(ast: AstNode[]): string {
  // Handing the AST over as JSON text is twice as fast as polyglot's default object marshalling: the
  // SDK takes its JSON path when given something that is not an array but serializes to one. That
  // path refuses an AST nested deeper than 128 JSON levels (a 30-deep parenthesized expression, a long
  // UNION ALL chain, which the parser accepts), so such a statement goes the object way.
  const asJson = { toJSON: () => ast } as unknown as AstNode[];
  let result = polyglot.generate(asJson, polyglot.Dialect.BigQuery);
  if (!result.success && JSON_RECURSION_LIMIT.test(String(result.error))) result = polyglot.generate(ast, polyglot.Dialect.BigQuery);
  if (!result.success || !result.sql) throw new Error(`internal: polyglot could not regenerate the statement: ${result.error}`);
  return result.sql.join(";\n");
}

/** BigQuery text -> DuckDB text; refuses (never falls back) when polyglot reports anything unsupported. */
export function transpileToDuckDb(bigQuerySql: string): string {
  requireInit();
  const result = polyglot.transpile(bigQuerySql, polyglot.Dialect.BigQuery, polyglot.Dialect.DuckDB, {
    unsupportedLevel: "raise",
  });
  if (!result.success || !result.sql) {
    throw new UntranslatableError("polyglot", `polyglot cannot translate this statement to DuckDB: ${result.error}`);
  }
  return result.sql.join(";\n");
}

export function duckDbTypeName(dataType: AstNode): string {
  const result = polyglot.generateDataType(dataType as polyglot.DataType, polyglot.Dialect.DuckDB);
  if (!result.success || !result.sql) throw new UntranslatableError("type", `polyglot cannot write this type for DuckDB: ${result.error}`);
  return result.sql;
}
