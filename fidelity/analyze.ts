import { TableCatalog, type Column } from "./catalog";
import type { AnalyzerOptionsProto, AnyNode, LanguageOptionsProto, TypeProto } from "./zetasql/protos";
import type { ZetaSqlService } from "./zetasql/service";
import { formatType, parseType } from "./zetasql/types";

/** One statement of a BigQuery script, as ZetaSQL judged it. */
export interface StatementAnalysis {
  /** 1-based line of the script where the statement starts. */
  line: number;
  /** `QUERY`, `CREATE_TABLE_AS_SELECT`, `MERGE`, `DECLARE`, `SET`, ... */
  kind: string;
  sql: string;
  /** ZetaSQL's message; `[at line:col]` counts from the start of the whole script. */
  error?: string;
  /** Why the statement was not analyzed (a statement kind the local service does not resolve). */
  skipped?: string;
  /** The table or view a CREATE statement defines, as written (`proj.ds.tbl`). */
  creates?: string;
  /** Output schema of a query, CTAS or view. */
  columns?: Column[];
  /** The permanent tables the statement reads and the one it writes (`proj.ds.tbl`), from the resolved AST. */
  tables?: StatementTables;
  /** The resolved statement itself, when the analyzer was asked to keep it (lineage and cost read it). */
  resolved?: ResolvedStatement;
}

/**
 * A resolved statement as the service returned it, with unused columns pruned from its scans and each
 * node's byte range in `script` (the whole script the statement was analyzed in).
 */
export interface ResolvedStatement {
  node: AnyNode;
  script: string;
}

export interface AnalyzerSettings {
  /** Keep each statement's resolved AST (`StatementAnalysis.resolved`). */
  keepResolved?: boolean;
}

export interface StatementTables {
  reads: string[];
  writes?: string;
  /** CREATE OR REPLACE: the table may exist already. */
  replaces?: boolean;
}

export interface ScriptStatement {
  kind: string;
  text: string;
  names?: string[];
  type?: string;
  defaultExpression?: string;
}

export interface Range {
  start: number;
  end: number;
}

/** `sql` with each byte range replaced by its text. */
export function replaceRanges(sql: string, replacements: { range: Range; name: string }[]): string {
  let out = Buffer.from(sql, "utf8");
  for (const { range, name } of [...replacements].sort((a, b) => b.range.start - a.range.start)) {
    out = Buffer.concat([out.subarray(0, range.start), Buffer.from(name), out.subarray(range.end)]);
  }
  return out.toString("utf8");
}

/** Where IF, WHILE, BEGIN…END and the like keep the statements of their bodies (ASTStatementListProto). */
const STATEMENT_LIST = "statement_list";

/** A parse node's own location: unwrap `Any...Proto` oneofs, then climb the `parent` messages it extends. */
function rangeOf(node: unknown): Range | undefined {
  if (!node || typeof node !== "object") return undefined;
  for (let at: Record<string, unknown> | undefined = concrete(node as AnyNode).value; at; at = at.parent as Record<string, unknown> | undefined) {
    const range = at.parse_location_range as { start?: number; end?: number } | undefined;
    if (range) return { start: range.start ?? 0, end: range.end ?? 0 };
  }
  return undefined;
}

/** Follows a chain of `Any...Proto` oneof wrappers down to the concrete message and its key. */
export function concrete(node: AnyNode): { key: string; value: Record<string, unknown> } {
  let key = "";
  let value: Record<string, unknown> = node;
  while (typeof value.node === "string") {
    key = value.node;
    value = value[key] as Record<string, unknown>;
  }
  return { key, value };
}

/** The output schema of a resolved query, CTAS or view, or the declared columns of a CREATE TABLE. */
export function resolvedColumns(statement: AnyNode): Column[] | undefined {
  const { value } = concrete(statement);
  const outputs = inherited<{ name: string; column: { type: TypeProto } }[]>(value, "output_column_list");
  const definitions = inherited<{ name: string; type: TypeProto }[]>(value, "column_definition_list");
  if (outputs) return outputs.map((c) => ({ name: c.name, type: formatType(c.column.type) }));
  if (definitions) return definitions.map((c) => ({ name: c.name, type: formatType(c.type) }));
  return undefined;
}

/** Looks for a field on a resolved node or the `parent` messages it extends. */
export function inherited<T>(node: Record<string, unknown>, field: string): T | undefined {
  for (let at: Record<string, unknown> | undefined = node; at; at = at.parent as Record<string, unknown> | undefined) {
    if (at[field] !== undefined) return at[field] as T;
  }
  return undefined;
}

function kindName(key: string): string {
  return key
    .replace(/^(resolved|ast)_/, "")
    .replace(/_(stmt|statement)?_?node$/, "")
    .toUpperCase();
}

/** Analyzes BigQuery scripts with Google's ZetaSQL front end, with BigQuery's language features. */
export class ZetaSqlAnalyzer {
  readonly languageOptions: LanguageOptionsProto;

  constructor(
    private readonly service: ZetaSqlService,
    private readonly defaultTimezone = "UTC",
    private readonly settings: AnalyzerSettings = {},
  ) {
    // BigQuery is ZetaSQL's external product mode: no INT32/UINT/PROTO types, FLOAT64 spelled as such.
    this.languageOptions = { ...service.languageOptions, product_mode: "PRODUCT_EXTERNAL" };
  }

  analyzerOptions(): AnalyzerOptionsProto {
    return {
      language_options: this.languageOptions,
      error_message_mode: "ERROR_MESSAGE_ONE_LINE",
      default_timezone: this.defaultTimezone,
      // Only the columns a statement uses stay in its scans, which is what BigQuery reads and bills.
      ...(this.settings.keepResolved && { prune_unused_columns: true, parse_location_record_type: "PARSE_LOCATION_RECORD_FULL_NODE_SCOPE" }),
    };
  }

  /**
   * Analyzes every statement of a script in order. Tables created by one statement are visible to the
   * next; DECLAREd variables are resolved as catalog constants of the declared (or inferred) type.
   * The catalog passed in is not changed.
   */
  async analyzeScript(script: string, catalog: TableCatalog): Promise<StatementAnalysis[]> {
    const scope = catalog.fork();
    const bytes = Buffer.from(script, "utf8");
    const text = (range: Range) => bytes.subarray(range.start, range.end).toString("utf8");
    const lineAt = (offset: number) => bytes.subarray(0, offset).toString("utf8").split("\n").length;
    let parsed;
    try {
      parsed = await this.service.client.parse({ sql_statement: script, options: this.languageOptions, allow_script: true });
    } catch (err) {
      const message = (err as Error).message;
      const line = Number(/\[at (\d+):\d+\]/.exec(message)?.[1] ?? 1);
      return [{ line, kind: "SCRIPT", sql: script, error: message }];
    }
    const results: StatementAnalysis[] = [];

    // BigQuery stops a script at its first failing statement; later ones would only repeat the failure.
    const failed = () => results.some((r) => r.error);
    const visit = async (statements: AnyNode[]): Promise<void> => {
      for (const statement of statements) {
        if (failed()) return;
        const range = rangeOf(statement) ?? { start: 0, end: bytes.length };
        const { key, value } = concrete(statement);
        const base = { line: lineAt(range.start), sql: text(range) };
        if (key === "ast_variable_declaration_node") {
          results.push(await this.declare(value, base, scope, text, bytes));
        } else if (key === "ast_single_assignment_node") {
          const expression = rangeOf(value.expression);
          const name = (value.variable as { id_string?: string } | undefined)?.id_string;
          const target = name ? scope.variableType(name) : undefined;
          let error: string | undefined;
          let reads: string[] = [];
          let resolved: ResolvedStatement | undefined;
          if (expression) {
            const inferred = await this.expressionType(text(expression), scope, bytes, expression.start);
            if ("error" in inferred) error = inferred.error;
            else {
              reads = inferred.reads;
              resolved = inferred.resolved;
              if (target) error = await this.assignmentError(text(expression), name!, target, scope, bytes, expression.start);
            }
          }
          results.push({ ...base, kind: "SET", tables: { reads }, ...(error && { error }), ...(resolved && { resolved }) });
        } else if (statement.node === "ast_script_statement_node") {
          await visitNested(value);
        } else {
          results.push({ ...base, ...(await this.statement(script, range.start, scope, kindName(key))) });
        }
      }
    };
    const visitNested = async (node: unknown): Promise<void> => {
      if (!node || typeof node !== "object") return;
      for (const [field, child] of Object.entries(node as object)) {
        if (field === STATEMENT_LIST && Array.isArray(child)) await visit(child as AnyNode[]);
        else await visitNested(child);
      }
    };
    await visit(parsed.parsed_script?.statement_list_node?.statement_list ?? []);
    return results;
  }

  /** The top-level statements of a script as text; for a DECLARE also its names, type and default expression. */
  async splitScript(script: string): Promise<ScriptStatement[]> {
    const bytes = Buffer.from(script, "utf8");
    const text = (range: Range) => bytes.subarray(range.start, range.end).toString("utf8");
    const parsed = await this.service.client.parse({ sql_statement: script, options: this.languageOptions, allow_script: true });
    return (parsed.parsed_script?.statement_list_node?.statement_list ?? []).map((statement) => {
      const { key, value } = concrete(statement);
      const range = rangeOf(statement) ?? { start: 0, end: bytes.length };
      if (key !== "ast_variable_declaration_node") return { kind: kindName(key), text: text(range) };
      const typeRange = rangeOf(value.type);
      const defaultRange = rangeOf(value.default_value);
      return {
        kind: "DECLARE",
        text: text(range),
        names: declaredNames(value),
        ...(typeRange && { type: text(typeRange) }),
        ...(defaultRange && { defaultExpression: text(defaultRange) }),
      };
    });
  }

  /**
   * The query with every multi-part table path that names a catalog table written as one quoted name
   * (`giga_raw.t` -> `` `proj.giga_raw.t` ``), the only form the reference engine finds table contents by.
   */
  async quoteTablePaths(sql: string, catalog: TableCatalog): Promise<string> {
    const replacements = (await this.tablePaths(sql)).flatMap(({ range, parts }) => {
      const name = parts.length === 2 ? `${catalog.defaultProject}.${parts.join(".")}` : parts.join(".");
      return parts.length >= 2 && catalog.has(name) ? [{ range, name: `\`${name}\`` }] : [];
    });
    return replaceRanges(sql, replacements);
  }

  /** Every table path of a statement with its byte range in `sql`, split into its dotted parts however it is quoted. */
  async tablePaths(sql: string): Promise<{ range: Range; parts: string[] }[]> {
    const parsed = await this.service.client.parse({ sql_statement: sql, options: this.languageOptions });
    const paths: { range: Range; parts: string[] }[] = [];
    const visit = (node: unknown): void => {
      if (!node || typeof node !== "object") return;
      for (const [field, child] of Object.entries(node as object)) {
        if (field === "ast_table_path_expression_node") {
          const path = (child as { path_expr?: { names?: { id_string?: string }[] } }).path_expr;
          const range = rangeOf(path);
          if (range) paths.push({ range, parts: (path?.names ?? []).flatMap((n) => (n.id_string ?? "").split(".")) });
        }
        visit(child);
      }
    };
    visit(parsed.parsed_statement);
    return paths;
  }

  /** True when the query's result is ordered (a top-level ORDER BY), so results must match row by row. */
  async isOrdered(query: string, catalog: TableCatalog): Promise<boolean> {
    const response = await this.service.client.analyze({
      options: this.analyzerOptions(),
      simple_catalog: catalog.toProto(this.languageOptions, query),
      sql_statement: query,
    });
    const { value } = concrete(response.resolved_statement ?? {});
    const scan = value.query ? concrete(value.query as AnyNode).value : undefined;
    return scan ? inherited<boolean>(scan, "is_ordered") === true : false;
  }

  private async statement(
    script: string,
    offset: number,
    scope: TableCatalog,
    parsedKind: string,
  ): Promise<Omit<StatementAnalysis, "line" | "sql">> {
    let response;
    try {
      response = await this.service.client.analyze({
        options: this.analyzerOptions(),
        simple_catalog: scope.toProto(this.languageOptions, script),
        parse_resume_location: { input: script, byte_position: offset, allow_resume: true },
      });
    } catch (err) {
      const message = (err as Error).message;
      const unsupported = /^Statement not supported: (\w+)/.exec(message);
      if (unsupported) return { kind: kindName(unsupported[1].replace(/Statement$/, "")), skipped: message };
      return { kind: parsedKind, error: message };
    }
    const { key, value } = concrete(response.resolved_statement ?? {});
    const result: Omit<StatementAnalysis, "line" | "sql"> = { kind: kindName(key) };
    if (this.settings.keepResolved) result.resolved = { node: response.resolved_statement!, script };
    const columns = resolvedColumns(response.resolved_statement ?? {});
    if (columns) result.columns = columns;
    const namePath = inherited<string[]>(value, "name_path");
    result.tables = statementTables(key, value, namePath, scope.defaultProject);
    if (key.startsWith("resolved_create_") && namePath && result.columns) {
      result.creates = namePath.join(".");
      scope.define(result.creates, result.columns);
    }
    return result;
  }

  private async declare(
    node: Record<string, unknown>,
    base: { line: number; sql: string },
    scope: TableCatalog,
    text: (range: Range) => string,
    bytes: Buffer,
  ): Promise<StatementAnalysis> {
    const identifiers = declaredNames(node);
    const typeRange = rangeOf(node.type);
    const defaultRange = rangeOf(node.default_value);
    let type: TypeProto | undefined;
    let reads: string[] = [];
    let resolved: ResolvedStatement | undefined;
    try {
      if (typeRange) type = parseType(text(typeRange));
    } catch (err) {
      return { ...base, kind: "DECLARE", error: (err as Error).message };
    }
    if (defaultRange) {
      const inferred = await this.expressionType(text(defaultRange), scope, bytes, defaultRange.start);
      if ("error" in inferred) return { ...base, kind: "DECLARE", error: inferred.error };
      const error = type && (await this.assignmentError(text(defaultRange), identifiers.join(", "), type, scope, bytes, defaultRange.start));
      if (error) return { ...base, kind: "DECLARE", error };
      type ??= inferred.type;
      reads = inferred.reads;
      resolved = inferred.resolved;
    }
    for (const name of identifiers) scope.declareVariable(name, type!);
    return { ...base, kind: "DECLARE", tables: { reads }, columns: identifiers.map((name) => ({ name, type: formatType(type!) })), ...(resolved && { resolved }) };
  }

  /**
   * BigQuery assigns a DEFAULT or SET value to a typed variable only by implicit coercion (a string literal
   * may become a DATE, a FLOAT64 may not become an INT64). ZetaSQL decides it as it coerces a query's
   * output to target column types.
   */
  private async assignmentError(
    expression: string,
    variable: string,
    type: TypeProto,
    scope: TableCatalog,
    script: Buffer,
    offset: number,
  ): Promise<string | undefined> {
    try {
      await this.service.client.analyze({
        options: { ...this.analyzerOptions(), target_column_types: [type] },
        simple_catalog: scope.toProto(this.languageOptions, expression),
        sql_statement: `SELECT ${expression}`,
      });
      return undefined;
    } catch (err) {
      const coercion = /has type (.+) which cannot be coerced to target type/.exec((err as Error).message);
      if (!coercion) return relocate((err as Error).message, script, offset);
      return relocate(`Cannot assign a value of type ${coercion[1]} to ${variable} of type ${formatType(type)} [at 1:1]`, script, offset);
    }
  }

  /** The type of an expression of a script; an error's location is moved to where the expression sits in the script. */
  /** With the resolved expression when kept: a DECLARE default or SET value is a query BigQuery bills too. */
  private async expressionType(
    expression: string,
    scope: TableCatalog,
    script: Buffer,
    offset: number,
  ): Promise<{ type: TypeProto; reads: string[]; resolved?: ResolvedStatement } | { error: string }> {
    try {
      const response = await this.service.client.analyze({
        options: this.analyzerOptions(),
        simple_catalog: scope.toProto(this.languageOptions, expression),
        sql_expression: expression,
      });
      const { value } = concrete(response.resolved_expression ?? {});
      const type = inherited<TypeProto>(value, "type");
      if (!type) return { error: `ZetaSQL returned no type for expression: ${expression}` };
      const reads = statementTables("", value, undefined, scope.defaultProject).reads;
      return { type, reads, ...(this.settings.keepResolved && { resolved: { node: response.resolved_expression!, script: expression } }) };
    } catch (err) {
      return { error: relocate((err as Error).message, script, offset) };
    }
  }
}

/** A DML statement's target is its own `table_scan`; CREATE and DROP name theirs; temp tables (one part) need no grant. */
function statementTables(key: string, node: Record<string, unknown>, namePath: string[] | undefined, defaultProject: string): StatementTables {
  const scanned = new Set<string>();
  const collect = (n: unknown): void => {
    if (!n || typeof n !== "object") return;
    for (const [field, child] of Object.entries(n as object)) {
      if (field === "resolved_table_scan_node") {
        const name = (child as { table?: { full_name?: string } }).table?.full_name;
        if (name && name.includes(".")) scanned.add(name);
      }
      collect(child);
    }
  };
  collect(node);
  const target = (node.table_scan as { table?: { full_name?: string } } | undefined)?.table?.full_name;
  const named = namePath && namePath.length > 1 ? (namePath.length === 2 ? [defaultProject, ...namePath] : namePath).join(".") : undefined;
  const writes = target ?? named;
  // A DML target is a plain `table_scan` field, not a scan node: an INSERT only writes it; MERGE, UPDATE and DELETE also read it.
  if (target && key !== "resolved_insert_stmt_node") scanned.add(target);
  const replaces = inherited<string>(node, "create_mode") === "CREATE_OR_REPLACE";
  return { reads: [...scanned].sort(), ...(writes && { writes }), ...(replaces && { replaces }) };
}

function declaredNames(declaration: Record<string, unknown>): string[] {
  return ((declaration.variable_list as { identifier_list?: { id_string?: string }[] })?.identifier_list ?? [])
    .map((i) => i.id_string)
    .filter((name): name is string => typeof name === "string");
}

/** Rewrites `[at l:c]` of a message about a fragment into a position in the whole script. */
function relocate(message: string, script: Buffer, offset: number): string {
  const before = script.subarray(0, offset).toString("utf8").split("\n");
  const startLine = before.length;
  const startColumn = before[before.length - 1].length + 1;
  return message.replace(/\[at (\d+):(\d+)\]/, (_m, l: string, c: string) => {
    const line = Number(l);
    return `[at ${startLine + line - 1}:${line === 1 ? startColumn + Number(c) - 1 : Number(c)}]`;
  });
}
