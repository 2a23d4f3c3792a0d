import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { concatenateQueries } from "../runner/dataform/execution-sql";
import { runStatement } from "../runner/targets/local";
import { withAnalyzerTypes } from "../runner/local/analyzer-types";
import { DUCKDB_SESSION_SETUP, initTranslator, translateScript, type TranslatedStatement } from "../runner/translate";
import type { ScriptStatement, ZetaSqlAnalyzer } from "./analyze";
import { TableCatalog, type Column } from "./catalog";
import { pinClock } from "./clock";
import type { ResultSet } from "./compare";
import { duckDbLiteral, duckDbType, fromDuckDbJson, googleSqlType } from "./duckdb-values";
import type { TableContent, TypeProto, ValueProto } from "./zetasql/protos";
import type { ZetaSqlService } from "./zetasql/service";
import { formatType, parseType } from "./zetasql/types";
import { fromValueProto, toValueProto } from "./zetasql/values";

export interface Evaluation extends ResultSet {
  ordered: boolean;
}

/** GoogleSQL's reference semantics: ZetaSQL's EvaluateQuery over in-memory table contents, its clock pinned to `now`. */
export class ReferenceEngine {
  private readonly tables: TableCatalog;
  private readonly contents = new Map<string, TableContent>();

  constructor(
    private readonly service: ZetaSqlService,
    private readonly analyzer: ZetaSqlAnalyzer,
    defaultProject: string,
    private readonly now: Date,
  ) {
    this.tables = new TableCatalog(defaultProject);
  }

  load(fullName: string, data: ResultSet): void {
    this.tables.define(fullName, data.columns);
    const types = data.columns.map((c) => parseType(c.type));
    const content: TableContent = { table_data: { row: data.rows.map((row) => ({ cell: row.map((v, i) => toValueProto(v, types[i])) })) } };
    for (const name of this.tables.flatNames(fullName)) this.contents.set(name, content);
  }

  private async run(sql: string, scope: TableCatalog): Promise<{ types: TypeProto[]; names: string[]; rows: ValueProto[][] }> {
    const response = await this.service.client.evaluateQuery({
      sql,
      options: this.analyzer.analyzerOptions(),
      simple_catalog: scope.toProto(this.analyzer.languageOptions, sql, { flat: true }),
      // Only the contents the query names: a flat catalog resolves a table only by its full quoted name.
      table_content: Object.fromEntries([...this.contents].filter(([name]) => sql.toLowerCase().includes(name.toLowerCase()))),
    });
    const columns = response.prepared?.columns ?? [];
    return {
      names: columns.map((c) => c.name),
      types: columns.map((c) => c.type),
      rows: (response.content?.table_data?.row ?? []).map((r) => r.cell ?? []),
    };
  }

  /** Gives each DECLARE its value (its default evaluated, in order), then runs the query. */
  async evaluate(declarations: ScriptStatement[], query: string): Promise<Evaluation> {
    const scope = this.tables.fork();
    for (const declaration of declarations) {
      let type = declaration.type ? parseType(declaration.type) : undefined;
      let value: ValueProto = {};
      if (declaration.defaultExpression) {
        // A declared type takes the default by coercion (a string literal for a DATE): make the value that type.
        const expression = pinClock(declaration.defaultExpression, this.now);
        const valueSql = declaration.type ? `CAST((${expression}) AS ${declaration.type})` : expression;
        const select = await this.analyzer.quoteTablePaths(`SELECT ${valueSql}`, scope);
        const result = await this.run(select, scope);
        type ??= result.types[0];
        value = result.rows[0]?.[0] ?? {};
      }
      for (const name of declaration.names ?? []) scope.declareVariable(name, type!, value);
    }
    const pinned = await this.analyzer.quoteTablePaths(pinClock(query, this.now), scope);
    const result = await this.run(pinned, scope);
    return {
      columns: result.names.map((name, i) => ({ name, type: formatType(result.types[i]) })),
      rows: result.rows.map((row) => row.map((cell, i) => fromValueProto(cell, result.types[i]))),
      ordered: await this.analyzer.isOrdered(pinned, scope),
    };
  }
}

const quote = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;

/** The local target: the runner's translation to DuckDB, on an in-memory DuckDB laid out as the warehouse is, its clock pinned to `now`. */
export class LocalEngine {
  private readonly projects = new Set<string>();
  private readonly schemas = new Set<string>();

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    private readonly defaultProject: string,
    private readonly now: Date,
  ) {}

  static async create(defaultProject: string, now: Date): Promise<LocalEngine> {
    await initTranslator();
    const instance = await DuckDBInstance.create(":memory:");
    return new LocalEngine(instance, await LocalEngine.session(instance), defaultProject, now);
  }

  private static async session(instance: DuckDBInstance): Promise<DuckDBConnection> {
    const connection = await instance.connect();
    for (const setting of DUCKDB_SESSION_SETUP) await connection.run(setting);
    return connection;
  }

  /** A BigQuery dataset: a schema of the project's catalog, attached on first use. */
  async createDataset(project: string, dataset: string): Promise<void> {
    if (!this.projects.has(project)) {
      await this.connection.run(`ATTACH ':memory:' AS ${quote(project)}`);
      this.projects.add(project);
    }
    if (!this.schemas.has(`${project}.${dataset}`)) {
      await this.connection.run(`CREATE SCHEMA IF NOT EXISTS ${quote(project)}.${quote(dataset)}`);
      this.schemas.add(`${project}.${dataset}`);
    }
  }

  async load(fullName: string, data: ResultSet): Promise<void> {
    const [project, dataset, table] = fullName.split(".");
    await this.createDataset(project, dataset);
    const types = data.columns.map((c) => parseType(c.type));
    const path = `${quote(project)}.${quote(dataset)}.${quote(table)}`;
    await this.connection.run(`CREATE OR REPLACE TABLE ${path} (${data.columns.map((c, i) => `${quote(c.name)} ${duckDbType(types[i])}`).join(", ")})`);
    if (data.rows.length > 0) {
      const values = data.rows.map((row) => `(${row.map((v, i) => duckDbLiteral(v, types[i], true)).join(", ")})`);
      await this.connection.run(`INSERT INTO ${path} VALUES ${values.join(", ")}`);
    }
  }

  /**
   * Translates the DECLAREs and the query as one script, as the runner does, and returns the query's rows;
   * `columns`: the analyzer's output schema, which the result is cast to as `gigamart query` does.
   */
  async evaluate(declarations: ScriptStatement[], query: string, columns?: Column[]): Promise<ResultSet> {
    // One query goes as written: Dataform's joining puts a space before a `--` on the last line, even in a string
    const script = pinClock(declarations.length ? concatenateQueries([...declarations.map((d) => d.text), query]) : query, this.now);
    const statements = translateScript(script, { defaultProject: this.defaultProject });
    const session = await LocalEngine.session(this.instance);
    try {
      for (const statement of statements.slice(0, -1)) await session.run(statement.duckdb);
      const last = statements[statements.length - 1].duckdb;
      const reader = await session.runAndReadAll(columns ? await withAnalyzerTypes(session, last, columns) : last);
      const types = reader.columnTypes().map((t) => googleSqlType(t));
      const protos = types.map((t) => (t.startsWith("DuckDB ") ? undefined : parseType(t)));
      return {
        columns: reader.columnNames().map((name, i) => ({ name, type: types[i] })),
        rows: reader.getRowsJson().map((row) => row.map((v, i) => (protos[i] ? fromDuckDbJson(v, protos[i]!) : String(v)))),
      };
    } finally {
      session.closeSync();
    }
  }

  /** Runs a BigQuery script (DDL, DML, MERGE) as the runner runs an action's script, with BigQuery's MERGE check; returns what ran. */
  async run(script: string): Promise<TranslatedStatement[]> {
    const statements = translateScript(pinClock(script, this.now), { defaultProject: this.defaultProject });
    const session = await LocalEngine.session(this.instance);
    try {
      for (const statement of statements) await runStatement(session, statement);
      return statements;
    } finally {
      session.closeSync();
    }
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}
