import { createHash } from "node:crypto";
import { expect } from "chai";
import fc from "fast-check";
import { canonicalRecordHash } from "../../ingestion/udf/sha256";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** The canonical form as record_hash defines it: objects as arrays of their values, in order. */
function canonical(v: Json): Json {
  if (v === null || typeof v !== "object") return v;
  if (Array.isArray(v)) return v.map(canonical);
  return Object.values(v).map(canonical);
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const field = fc.stringMatching(/^[a-z_][a-z0-9_]{0,12}$/);
// Strings with quotes, backslashes, control characters, non-ASCII, astral and lone surrogates.
const text = fc.oneof(fc.string({ unit: "binary" }), fc.constantFrom('a"b', "c\\d", "\u0000\n\t", "₹ 😀", "\ud800x", "\u2028"));
const scalar = fc.oneof(fc.constant(null), fc.boolean(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), text);
const { record } = fc.letrec<{ record: { [key: string]: Json }; value: Json }>((tie) => ({
  record: fc.dictionary(field, tie("value"), { maxKeys: 6 }),
  value: fc.oneof({ depthSize: "small" }, scalar, tie("record"), fc.array(fc.oneof(scalar, tie("record")), { maxLength: 3 })),
}));

describe("record_hash straight from the row text", () => {
  it("equals SHA-256 of the canonical array, for any record and extra last element", () => {
    fc.assert(
      fc.property(record, fc.option(text), (r, last) => {
        const values = canonical(r) as Json[];
        const expected = sha256(JSON.stringify(last === null ? values : [...values, JSON.stringify(last)]));
        return canonicalRecordHash(JSON.stringify(r), last === null ? null : JSON.stringify(JSON.stringify(last))) === expected;
      }),
      { numRuns: 3000 },
    );
  });

  it("hashes an empty record as an empty array", () => {
    expect(canonicalRecordHash("{}", null)).to.equal(sha256("[]"));
    expect(canonicalRecordHash("{}", '"x"')).to.equal(sha256('["x"]'));
  });
});
