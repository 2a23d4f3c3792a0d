import { bronzeTables, type BronzeColumn } from "../ingestion/contracts";
import type { CompiledDeclaration } from "../runner/dataform/compiled-graph";
import type { Column } from "./catalog";
import { parseType } from "./zetasql/types";

function bronzeType(column: BronzeColumn): string {
  const base = column.type === "RECORD" ? `STRUCT<${(column.fields ?? []).map((f) => `${f.name} ${bronzeType(f)}`).join(", ")}>` : column.type;
  return column.mode === "REPEATED" ? `ARRAY<${base}>` : base;
}

/** Bronze tables as the ingestion contracts type them, by table name (the dataset comes from the declaration). */
export function contractSchema(tableName: string): Column[] | undefined {
  const table = bronzeTables.find((t) => t.name === tableName);
  return table?.columns.map((c) => ({ name: c.name, type: bronzeType(c) }));
}

/**
 * A declaration outside the contracts can still be typed by its column docs when every description
 * starts with its GoogleSQL type: `columns: { id: "INT64: the store id" }`.
 */
function docsSchema(declaration: CompiledDeclaration): Column[] | undefined {
  const columns = declaration.actionDescriptor?.columns ?? [];
  if (columns.length === 0) return undefined;
  const typed: Column[] = [];
  for (const column of columns) {
    if (column.path.length !== 1) continue;
    const match = /^\s*([A-Za-z][A-Za-z0-9_<>, `]*?)\s*:/.exec(column.description ?? "");
    if (!match) return undefined;
    try {
      parseType(match[1]);
    } catch {
      return undefined;
    }
    typed.push({ name: column.path[0], type: match[1] });
  }
  return typed;
}

export type SourceSchema = { columns: Column[]; from: "contract" | "column docs" } | { error: string };

export function declarationSchema(declaration: CompiledDeclaration): SourceSchema {
  const fromContract = contractSchema(declaration.target.name);
  if (fromContract) return { columns: fromContract, from: "contract" };
  const fromDocs = docsSchema(declaration);
  if (fromDocs) return { columns: fromDocs, from: "column docs" };
  return {
    error:
      `no schema for declaration ${declaration.target.name}: it is not a bronze table of ingestion/contracts ` +
      `and its column docs do not start with types ("INT64: ...")`,
  };
}
