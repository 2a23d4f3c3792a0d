/**
 * Fixes are applied in two halves: on the BigQuery AST a construct polyglot translates wrongly is
 * replaced by a call to a placeholder function `BQFIX_<NAME>(args…)`; polyglot translates the
 * arguments (and passes the unknown function through untouched); then each placeholder in the DuckDB
 * text is expanded by its template. Innermost placeholders are expanded first.
 */
const PLACEHOLDER_PREFIX = "BQFIX_";

export type Template = (args: string[]) => string;

const NULL_LITERAL = /^\(*(NULL|CAST\(NULL AS [^()]+(\([\d, ]+\))?\))\)*$/i;

/**
 * For a binary operator's template: when an operand is a NULL literal, a NULL (of `result`'s type, when given) that still evaluates the
 * other operand. DuckDB folds `x op NULL` to NULL without evaluating x; BigQuery raises x's error. Undefined when neither is NULL.
 */
export function nullOperand(x: string, y: string, result?: string): string | undefined {
  const evaluated = NULL_LITERAL.test(x.trim()) ? y : NULL_LITERAL.test(y.trim()) ? x : undefined;
  if (evaluated === undefined) return undefined;
  const nullValue = `CASE WHEN (${evaluated}) IS NULL THEN NULL END`;
  return result === undefined ? nullValue : `cast_to_type(${nullValue}, ${result})`;
}

/** True when `node` is the placeholder call `name` (fixes applied deeper in the tree are already placeholders). */
export function isPlaceholderCall(node: Record<string, any>, name: string): boolean {
  return node.function?.name === PLACEHOLDER_PREFIX + name;
}

export function placeholderCall(name: string, args: unknown[]): Record<string, any> {
  return {
    function: {
      name: PLACEHOLDER_PREFIX + name,
      args,
      distinct: false,
      trailing_comments: [],
      use_bracket_syntax: false,
      no_parens: false,
      quoted: false,
    },
  };
}

export function expandPlaceholders(duckdbSql: string, templates: Record<string, Template>): string {
  let sql = duckdbSql;
  for (let start = lastPlaceholder(sql); start >= 0; start = lastPlaceholder(sql)) {
    const open = sql.indexOf("(", start);
    const name = sql.slice(start + PLACEHOLDER_PREFIX.length, open).trim().toUpperCase();
    const template = templates[name];
    if (!template) throw new Error(`internal: no template for placeholder ${name}`);
    const { args, end } = readArguments(sql, open);
    sql = sql.slice(0, start) + template(args) + sql.slice(end);
  }
  return sql;
}

/** Start of the last placeholder call outside quotes, or -1. */
function lastPlaceholder(sql: string): number {
  let last = -1;
  for (let i = 0; i < sql.length; i++) {
    const ch = sql[i];
    if (ch === "'" || ch === '"') i = closingQuote(sql, i);
    else if (ch === PLACEHOLDER_PREFIX[0] && sql.startsWith(PLACEHOLDER_PREFIX, i) && !/[A-Za-z0-9_]/.test(sql[i - 1] ?? "")) last = i;
  }
  return last;
}

/** Reads the comma-separated arguments of the call whose `(` is at `open`; `end` is past its `)`. */
function readArguments(sql: string, open: number): { args: string[]; end: number } {
  const args: string[] = [];
  let depth = 0;
  let argStart = open + 1;
  for (let i = open; i < sql.length; i++) {
    const ch = sql[i];
    if (ch === "'" || ch === '"') {
      i = closingQuote(sql, i);
    } else if (ch === "(" || ch === "[" || ch === "{") {
      depth++;
    } else if (ch === ")" || ch === "]" || ch === "}") {
      depth--;
      if (depth === 0) {
        const lastArg = sql.slice(argStart, i).trim();
        if (lastArg !== "" || args.length > 0) args.push(lastArg);
        return { args, end: i + 1 };
      }
    } else if (ch === "," && depth === 1) {
      args.push(sql.slice(argStart, i).trim());
      argStart = i + 1;
    }
  }
  throw new Error(`internal: unbalanced parentheses in generated SQL: ${sql}`);
}

function closingQuote(sql: string, i: number): number {
  const q = sql[i];
  const backslashEscapes = q === "'" && /[eE]/.test(sql[i - 1] ?? "") && !/[A-Za-z0-9_]/.test(sql[i - 2] ?? "");
  for (let j = i + 1; j < sql.length; j++) {
    if (backslashEscapes && sql[j] === "\\") j++;
    else if (sql[j] === q && sql[j + 1] === q) j++;
    else if (sql[j] === q) return j;
  }
  throw new Error(`internal: unterminated quote in generated SQL: ${sql}`);
}
