import type { LanguageOptionsProto, SimpleCatalogProto, SimpleTableProto, TypeProto, ValueProto } from "./zetasql/protos";
import { parseType } from "./zetasql/types";

/** A column with its GoogleSQL type as BigQuery spells it (`ARRAY<STRUCT<sku STRING>>`). */
export interface Column {
  name: string;
  type: string;
}

/**
 * The tables a statement can see, keyed by `project.dataset.table`. BigQuery also resolves
 * `dataset.table` in the default project, and a path may be quoted whole or per part, so every
 * table is registered under each spelling: flat names with dots and nested catalogs.
 */
export class TableCatalog {
  private readonly tables = new Map<string, Column[]>();
  private readonly variables = new Map<string, { type: TypeProto; value: ValueProto }>();

  constructor(readonly defaultProject: string) {}

  define(fullName: string, columns: Column[]): void {
    const parts = fullName.split(".");
    const name = parts.length === 2 ? `${this.defaultProject}.${fullName}` : fullName;
    this.tables.set(name, columns.map((c) => ({ ...c })));
  }

  has(fullName: string): boolean {
    return this.tables.has(fullName) || this.tables.has(`${this.defaultProject}.${fullName}`);
  }

  /** The root names under which the flat catalog holds a table, for passing its contents. */
  flatNames(fullName: string): string[] {
    const parts = fullName.split(".");
    return parts.length === 3 ? [fullName, `${parts[1]}.${parts[2]}`] : [fullName];
  }

  /** Script variables are resolved as catalog constants, which is how a bare identifier can name them. */
  declareVariable(name: string, type: TypeProto, value: ValueProto = {}): void {
    this.variables.set(name.toLowerCase(), { type, value });
  }

  variableType(name: string): TypeProto | undefined {
    return this.variables.get(name.toLowerCase())?.type;
  }

  /** A copy whose later definitions and variables do not leak back (one script's scope). */
  fork(): TableCatalog {
    const copy = new TableCatalog(this.defaultProject);
    for (const [name, columns] of this.tables) copy.tables.set(name, columns);
    for (const [name, variable] of this.variables) copy.variables.set(name, variable);
    return copy;
  }

  /**
   * The catalog for analyzing or evaluating `sql`, holding only the tables whose name appears in it: the
   * service rebuilds the catalog on every request, and its size dominates the cost of a request.
   * `flat`: only the names with dots, each table once per spelling at the root. The reference engine
   * takes table contents by root name only, so evaluation uses this form (quoted paths, as ref() writes them).
   */
  toProto(languageOptions: LanguageOptionsProto, sql: string, options: { flat?: boolean } = {}): SimpleCatalogProto {
    const text = sql.toLowerCase();
    const root: SimpleCatalogProto = {
      name: "bigquery",
      table: [],
      catalog: [],
      builtin_function_options: { language_options: languageOptions },
    };
    const child = (parent: SimpleCatalogProto, name: string): SimpleCatalogProto => {
      parent.catalog ??= [];
      let found = parent.catalog.find((c) => c.name === name);
      if (!found) {
        found = { name, table: [], catalog: [] };
        parent.catalog.push(found);
      }
      return found;
    };
    for (const [fullName, columns] of this.tables) {
      if (!text.includes(fullName.split(".").pop()!.toLowerCase())) continue;
      const proto = (name: string): SimpleTableProto => ({
        name,
        full_name: fullName,
        column: columns.map((c) => ({ name: c.name, type: parseType(c.type) })),
      });
      root.table!.push(...this.flatNames(fullName).map(proto));
      const [project, dataset, table] = fullName.split(".");
      // A script's temp table has a one-part name: nothing to nest.
      if (options.flat || table === undefined) continue;
      child(child(root, project), dataset).table!.push(proto(table));
      child(root, dataset).table!.push(proto(table));
      child(root, `${project}.${dataset}`).table!.push(proto(table));
    }
    const constants = [...this.variables].map(([name, { type, value }]) => ({ name_path: [name], type, value }));
    if (constants.length > 0) root.constant = constants;
    return root;
  }
}
