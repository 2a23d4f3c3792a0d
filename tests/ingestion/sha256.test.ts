import { createHash } from "node:crypto";
import { expect } from "chai";
import fc from "fast-check";
import { sha256Hex } from "../../ingestion/udf/sha256";

const nodeSha = (s: string) => createHash("sha256").update(s, "utf8").digest("hex");

describe("pure-JavaScript SHA-256 of the UDF", () => {
  it("matches node:crypto at every padding boundary", () => {
    for (let n = 0; n <= 130; n++) expect(sha256Hex("a".repeat(n)), `length ${n}`).to.equal(nodeSha("a".repeat(n)));
  });

  it("hashes the UTF-8 bytes of non-ASCII text: accents, rupee sign, Devanagari, emoji", () => {
    for (const s of ["é", "₹ 1,299.00", "नमस्ते मुंबई", "😀👍🏽", "Zoë Ñúñez — ₹"]) expect(sha256Hex(s)).to.equal(nodeSha(s));
  });

  it("encodes lone surrogates as U+FFFD like node does", () => {
    for (const s of ["\ud800", "x\udc00y", "\ud83d"]) expect(sha256Hex(s)).to.equal(nodeSha(s));
  });

  it("matches node:crypto on random Unicode text", () => {
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 300 }), (s) => sha256Hex(s) === nodeSha(s)), { numRuns: 500 });
  });

  it("matches node:crypto on a multi-block megabyte", () => {
    const big = "GigaMart ₹ ".repeat(100_000);
    expect(sha256Hex(big)).to.equal(nodeSha(big));
  });
});
