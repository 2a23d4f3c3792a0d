import type { TypeKind, TypeProto } from "./protos";

/** GoogleSQL type names as BigQuery spells them, both ways, so schemas read the same in reports and contracts. */

const SIMPLE_KINDS: Record<string, TypeKind> = {
  INT64: "TYPE_INT64",
  FLOAT64: "TYPE_DOUBLE",
  NUMERIC: "TYPE_NUMERIC",
  BIGNUMERIC: "TYPE_BIGNUMERIC",
  BOOL: "TYPE_BOOL",
  STRING: "TYPE_STRING",
  BYTES: "TYPE_BYTES",
  DATE: "TYPE_DATE",
  DATETIME: "TYPE_DATETIME",
  TIME: "TYPE_TIME",
  TIMESTAMP: "TYPE_TIMESTAMP",
  JSON: "TYPE_JSON",
  GEOGRAPHY: "TYPE_GEOGRAPHY",
  INTERVAL: "TYPE_INTERVAL",
};

// BigQuery's aliases (https://cloud.google.com/bigquery/docs/reference/standard-sql/data-types).
const ALIASES: Record<string, string> = {
  INT: "INT64",
  INTEGER: "INT64",
  SMALLINT: "INT64",
  BIGINT: "INT64",
  TINYINT: "INT64",
  BYTEINT: "INT64",
  FLOAT: "FLOAT64",
  DECIMAL: "NUMERIC",
  BIGDECIMAL: "BIGNUMERIC",
  BOOLEAN: "BOOL",
};

const KIND_NAMES: Partial<Record<TypeKind, string>> = Object.fromEntries(
  Object.entries(SIMPLE_KINDS).map(([name, kind]) => [kind, name]),
);

export class TypeSyntaxError extends Error {
  override name = "TypeSyntaxError";
}

/** `ARRAY<STRUCT<sku STRING, qty INT64>>` from a TypeProto. */
export function formatType(type: TypeProto): string {
  switch (type.type_kind) {
    case "TYPE_ARRAY":
      return `ARRAY<${formatType(type.array_type!.element_type)}>`;
    case "TYPE_STRUCT":
      return `STRUCT<${(type.struct_type?.field ?? []).map((f) => `${f.field_name} ${formatType(f.field_type)}`).join(", ")}>`;
    case "TYPE_RANGE":
      return `RANGE<${formatType(type.range_type!.element_type)}>`;
    default: {
      const name = KIND_NAMES[type.type_kind];
      if (!name) throw new TypeSyntaxError(`${type.type_kind} has no BigQuery spelling`);
      return name;
    }
  }
}

/** Parses a BigQuery column type; parameters such as `STRING(10)` or `NUMERIC(38, 9)` are accepted and dropped. */
export function parseType(text: string): TypeProto {
  const tokens = text.match(/`[^`]*`|[A-Za-z_][A-Za-z_0-9]*|\d+|[<>(),]|\S/g) ?? [];
  let at = 0;
  const peek = () => tokens[at];
  const fail = (why: string): never => {
    throw new TypeSyntaxError(`type "${text}": ${why}`);
  };
  const expect = (token: string) => {
    if (tokens[at] !== token) fail(`expected "${token}" but found "${tokens[at] ?? "end"}"`);
    at++;
  };
  const skipParameters = () => {
    if (peek() !== "(") return;
    while (at < tokens.length && tokens[at] !== ")") at++;
    expect(")");
  };
  const parse = (): TypeProto => {
    const word = peek();
    if (word === undefined) return fail("unexpected end");
    at++;
    const upper = word.toUpperCase();
    if (upper === "ARRAY" || upper === "RANGE") {
      expect("<");
      const element_type = parse();
      expect(">");
      return upper === "ARRAY" ? { type_kind: "TYPE_ARRAY", array_type: { element_type } } : { type_kind: "TYPE_RANGE", range_type: { element_type } };
    }
    if (upper === "STRUCT") {
      expect("<");
      const field: { field_name: string; field_type: TypeProto }[] = [];
      while (peek() !== ">") {
        if (field.length > 0) expect(",");
        const name = peek() ?? fail("expected a field name");
        at++;
        field.push({ field_name: name.replace(/^`|`$/g, ""), field_type: parse() });
      }
      expect(">");
      return { type_kind: "TYPE_STRUCT", struct_type: { field } };
    }
    const kind = SIMPLE_KINDS[ALIASES[upper] ?? upper] ?? fail(`unknown type "${word}"`);
    skipParameters();
    return { type_kind: kind };
  };
  const type = parse();
  if (at !== tokens.length) fail(`unexpected "${tokens[at]}"`);
  return type;
}
