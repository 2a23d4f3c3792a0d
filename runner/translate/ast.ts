import type { AstNode } from "./polyglot";

/**
 * Rewrites a polyglot AST bottom-up: `fn` sees every object after its children were rewritten and
 * returns a replacement, or undefined to keep it.
 */
export function rewrite<T>(value: T, fn: (node: AstNode) => AstNode | undefined): T {
  if (Array.isArray(value)) return value.map((v) => rewrite(v, fn)) as T;
  if (value === null || typeof value !== "object") return value;
  const node = value as AstNode;
  for (const key of Object.keys(node)) node[key] = rewrite(node[key], fn);
  return (fn(node) ?? node) as T;
}

/** Calls `fn` on every object in the tree, parents before children. */
export function visit(value: unknown, fn: (node: AstNode) => void): void {
  if (Array.isArray(value)) value.forEach((v) => visit(v, fn));
  else if (value !== null && typeof value === "object") {
    fn(value as AstNode);
    for (const child of Object.values(value)) visit(child, fn);
  }
}

export const clone = <T>(value: T): T => structuredClone(value);

export const stringLiteral = (value: string): AstNode => ({ literal: { literal_type: "string", value } });

/** The value of a string literal: plain, raw (r'…') or triple-quoted. */
export function literalString(node: AstNode | undefined): string | undefined {
  const literal = node?.literal;
  if (literal?.literal_type === "string" || literal?.literal_type === "raw_string") return literal.value;
  if (literal?.literal_type === "triple_quoted_string") return literal.value[0];
  return undefined;
}

/** A bare keyword argument such as the `DAY` of DATE_TRUNC(d, DAY), or `WEEK(MONDAY)`. */
export function keywordArg(node: AstNode | undefined): string | undefined {
  if (node?.var) return String(node.var.this).toUpperCase();
  if (node?.column && !node.column.table) return String(node.column.name.name).toUpperCase();
  if (node?.function?.args?.length === 1) {
    const inner = keywordArg(node.function.args[0]);
    if (inner) return `${String(node.function.name).toUpperCase()}(${inner})`;
  }
  return undefined;
}

/** A table reference: `{name, schema, catalog, …}` with identifier parts. */
export function isTableRef(node: AstNode): boolean {
  return "catalog" in node && "schema" in node && typeof node.name?.name === "string";
}
