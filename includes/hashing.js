"use strict";
// Hashes the models share: surrogate keys and change-detection hashes, as hex SHA-256 like the
// bronze record_hash. Null and empty string must hash differently, so nulls get a marker.
Object.defineProperty(exports, "__esModule", { value: true });
exports.sha256Hex = sha256Hex;
exports.sha256HexWithList = sha256HexWithList;
exports.surrogateKey = surrogateKey;
const NULL_MARKER = "'(null)'";
function part(expr) {
    return `coalesce(cast(${expr} as string), ${NULL_MARKER})`;
}
/** Hex SHA-256 of the expressions joined with '|' (null-safe). */
function sha256Hex(exprs) {
    return `to_hex(sha256(concat(${exprs.map(part).join(", '|', ")})))`;
}
/**
 * As sha256Hex, with the ARRAY<STRING> `list` joined on when it is not empty: an empty list hashes as
 * the expressions alone, so a row without unknown attributes keeps the hash it had before lists existed.
 */
function sha256HexWithList(exprs, list) {
    const tail = `if(array_length(${list}) > 0, concat('|', array_to_string(${list}, ',')), '')`;
    return `to_hex(sha256(concat(${exprs.map(part).join(", '|', ")}, ${tail})))`;
}
/** A surrogate key stable across reruns and full refreshes: a hash of the natural key parts. */
function surrogateKey(naturalKey) {
    return sha256Hex(naturalKey);
}
