import { expect } from "chai";
import fc from "fast-check";
import { parseType } from "../../fidelity/zetasql/types";
import {
  decodeNumeric,
  decodeScaled,
  encodeNumeric,
  encodeScaled,
  formatTimestamp,
  fromValueProto,
  normalizeDecimal,
  parseTimestamp,
  toValueProto,
  type SqlValue,
} from "../../fidelity/zetasql/values";

describe("GoogleSQL values on the wire", () => {
  it("encodes NUMERIC as ZetaSQL does: value × 10^9, minimal little-endian two's complement", () => {
    expect([...encodeNumeric("1.5")]).to.deep.equal([0x00, 0x2f, 0x68, 0x59]);
    expect([...encodeNumeric("-1.5")]).to.deep.equal([0x00, 0xd1, 0x97, 0xa6]);
    expect([...encodeNumeric("0")]).to.deep.equal([0x00]);
    expect([...encodeScaled(128n)]).to.deep.equal([0x80, 0x00]);
    expect([...encodeScaled(-128n)]).to.deep.equal([0x80]);
    expect(decodeNumeric(Buffer.from([0x00, 0x2f, 0x68, 0x59]))).to.equal("1.5");
  });

  it("round-trips any scaled integer through the two's complement bytes", () => {
    fc.assert(fc.property(fc.bigInt({ min: -(10n ** 38n), max: 10n ** 38n }), (n) => decodeScaled(encodeScaled(n)) === n));
  });

  it("spells each decimal one way", () => {
    expect(normalizeDecimal("0010.500")).to.equal("10.5");
    expect(normalizeDecimal("-0.000")).to.equal("0");
    expect(normalizeDecimal("-.25")).to.equal("-0.25");
    expect(() => encodeNumeric("0.0000000001")).to.throw(/more than 9 decimal places/);
  });

  it("reads timestamps with or without a zone as instants in UTC", () => {
    const utc = (text: string) => {
      const { seconds, nanos } = parseTimestamp(text);
      return formatTimestamp(seconds, nanos);
    };
    expect(utc("2024-02-29 23:59:59.999999+05:30")).to.equal("2024-02-29 18:29:59.999999+00");
    expect(utc("2024-03-01T00:00:00Z")).to.equal("2024-03-01 00:00:00+00");
    expect(utc("1969-12-31 23:59:59.5")).to.equal("1969-12-31 23:59:59.5+00");
  });

  it("round-trips nested values through ValueProto with their type", () => {
    const type = parseType("ARRAY<STRUCT<d DATE, ts TIMESTAMP, dt DATETIME, t TIME, n NUMERIC, i INT64, f FLOAT64, s STRING, b BOOL>>");
    const value: SqlValue = [
      { d: "2024-02-29", ts: "2024-02-29 18:45:00.123+00", dt: "2024-02-29 13:45:30.123456", t: "23:59:59.5", n: { numeric: "-2.25" }, i: -5n, f: 1e-7, s: "₹", b: false },
      { d: null, ts: null, dt: null, t: null, n: null, i: null, f: null, s: null, b: null },
    ];
    expect(fromValueProto(toValueProto(value, type), type)).to.deep.equal(value);
  });
});
