/**
 * polyglot decodes `\x41` in a BigQuery string literal but keeps `\u20AC` and `\U0001F600` as text, and
 * by then an escaped backslash (`\\u20AC`) looks the same: so \u and \U are decoded on the BigQuery
 * text, token by token, before polyglot reads it. Raw strings and everything outside strings are kept.
 */
import { tokenize } from "./lexer";

const ESCAPE = /\\(\\|u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|.)/gs;

export function decodeUnicodeEscapes(sql: string): string {
  if (!/\\[uU]/.test(sql)) return sql;
  return tokenize(sql)
    .map((t) => {
      if (t.kind !== "string" || /^[rR]|^[bB][rR]/.test(t.text)) return t.text;
      return t.text.replace(ESCAPE, (whole, _c, u4?: string, u8?: string) => {
        const hex = u4 ?? u8;
        if (!hex) return whole;
        const char = String.fromCodePoint(parseInt(hex, 16));
        return /['"\\]/.test(char) ? `\\${char}` : char;
      });
    })
    .join("");
}
