/**
 * A small GoogleSQL lexer: just enough to split scripts on `;` and to see the leading keywords of a
 * statement without being fooled by strings, quoted identifiers or comments.
 */
export type TokenKind = "word" | "string" | "quoted" | "comment" | "space" | "symbol";
export interface Token {
  kind: TokenKind;
  text: string;
  /** 1-based line where the token starts */
  line: number;
}

const STRING_PREFIX = /^(?:[rR][bB]?|[bB][rR]?)?(?='|")/;

export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  const push = (kind: TokenKind, end: number) => {
    const text = sql.slice(i, end);
    tokens.push({ kind, text, line });
    for (const ch of text) if (ch === "\n") line++;
    i = end;
  };
  while (i < sql.length) {
    const ch = sql[i];
    const rest = sql.slice(i, i + 3);
    if (/\s/.test(ch)) {
      let j = i + 1;
      while (j < sql.length && /\s/.test(sql[j])) j++;
      push("space", j);
    } else if (rest.startsWith("--") || ch === "#") {
      const nl = sql.indexOf("\n", i);
      push("comment", nl < 0 ? sql.length : nl);
    } else if (rest.startsWith("/*")) {
      const close = sql.indexOf("*/", i + 2);
      if (close < 0) throw new SyntaxError(`unterminated /* comment starting on line ${line}`);
      push("comment", close + 2);
    } else if (ch === "`") {
      push("quoted", endOfQuoted(sql, i, "`", false, line));
    } else if (STRING_PREFIX.test(sql.slice(i, i + 3)) && /^[rRbB'"]/.test(ch)) {
      const prefix = STRING_PREFIX.exec(sql.slice(i, i + 3))![0];
      const raw = /r/i.test(prefix);
      const q = sql[i + prefix.length];
      const triple = sql.startsWith(q.repeat(3), i + prefix.length);
      const end = triple
        ? endOfTriple(sql, i + prefix.length, q.repeat(3), raw, line)
        : endOfQuoted(sql, i + prefix.length, q, raw, line);
      push("string", end);
    } else if (/[A-Za-z_]/.test(ch)) {
      let j = i + 1;
      while (j < sql.length && /[A-Za-z0-9_]/.test(sql[j])) j++;
      push("word", j);
    } else {
      push("symbol", i + 1);
    }
  }
  return tokens;
}

function endOfQuoted(sql: string, start: number, q: string, raw: boolean, line: number): number {
  for (let j = start + 1; j < sql.length; j++) {
    if (sql[j] === "\\" && !raw) j++;
    else if (sql[j] === "\\" && raw && sql[j + 1] === q) j++;
    else if (sql[j] === q) return j + 1;
    else if (sql[j] === "\n") break;
  }
  throw new SyntaxError(`unterminated ${q} quote starting on line ${line}`);
}

function endOfTriple(sql: string, start: number, q3: string, raw: boolean, line: number): number {
  for (let j = start + 3; j < sql.length; j++) {
    if (sql[j] === "\\" && !raw) j++;
    else if (sql.startsWith(q3, j)) return j + 3;
  }
  throw new SyntaxError(`unterminated ${q3} string starting on line ${line}`);
}

export interface ScriptStatement {
  text: string;
  /** 1-based line of the statement's first token in the script */
  line: number;
  /** upper-cased leading words (comments skipped), for classifying the statement */
  keywords: string[];
}

/** Splits a BigQuery script on top-level `;`, dropping statements that hold only comments. */
export function splitScript(script: string): ScriptStatement[] {
  const out: ScriptStatement[] = [];
  let current: Token[] = [];
  const flush = () => {
    const meaningful = current.filter((t) => t.kind !== "space" && t.kind !== "comment");
    if (meaningful.length > 0) {
      const first = current.findIndex((t) => t.kind !== "space" && t.kind !== "comment");
      out.push({
        text: current.slice(first).map((t) => t.text).join("").trim(),
        line: current[first].line,
        keywords: meaningful.slice(0, 4).map((t) => (t.kind === "word" ? t.text.toUpperCase() : t.text)),
      });
    }
    current = [];
  };
  for (const t of tokenize(script)) {
    if (t.kind === "symbol" && t.text === ";") flush();
    else current.push(t);
  }
  flush();
  return out;
}

/**
 * Removes every `OPTIONS(…)` clause (table, view, column): they hold BigQuery metadata (description,
 * labels, require_partition_filter…) that the runner records itself, and polyglot cannot parse some of
 * them (column OPTIONS, OPTIONS after a column list's CLUSTER BY).
 */
export function withoutOptions(sql: string): string {
  const tokens = tokenize(sql);
  const kept: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    let next = i + 1;
    while (tokens[next]?.kind === "space" || tokens[next]?.kind === "comment") next++;
    if (t.kind === "word" && t.text.toUpperCase() === "OPTIONS" && tokens[next]?.text === "(") {
      let depth = 0;
      for (i = next; i < tokens.length; i++) {
        if (tokens[i].kind !== "symbol") continue;
        if (tokens[i].text === "(") depth++;
        else if (tokens[i].text === ")" && --depth === 0) break;
      }
      continue;
    }
    kept.push(t);
  }
  return kept.map((t) => t.text).join("");
}
