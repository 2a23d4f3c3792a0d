// Hashes the models share: surrogate keys and change-detection hashes, as hex SHA-256 like the
// bronze record_hash. Null and empty string must hash differently, so nulls get a marker.

const NULL_MARKER = "'(null)'";

function part(expr: string): string {
  return `coalesce(cast(${expr} as string), ${NULL_MARKER})`;
}

/** Hex SHA-256 of the expressions joined with '|' (null-safe). */
export function sha256Hex(exprs: readonly string[]): string {
  return `to_hex(sha256(concat(${exprs.map(part).join(", '|', ")})))`;
}

/**
 * As sha256Hex, with the ARRAY<STRING> `list` joined on when it is not empty: an empty list hashes as
 * the expressions alone, so a row without unknown attributes keeps the hash it had before lists existed.
 */
export function sha256HexWithList(exprs: readonly string[], list: string): string {
  const tail = `if(array_length(${list}) > 0, concat('|', array_to_string(${list}, ',')), '')`;
  return `to_hex(sha256(concat(${exprs.map(part).join(", '|', ")}, ${tail})))`;
}

/** A surrogate key stable across reruns and full refreshes: a hash of the natural key parts. */
export function surrogateKey(naturalKey: readonly string[]): string {
  return sha256Hex(naturalKey);
}
