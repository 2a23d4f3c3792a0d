import { expect } from "chai";
import { formatType, parseType, TypeSyntaxError } from "../../fidelity/zetasql/types";

describe("GoogleSQL type names", () => {
  it("reads nested BigQuery types and writes them back the same", () => {
    for (const text of ["INT64", "NUMERIC", "ARRAY<STRUCT<line_no INT64, sku STRING, price NUMERIC>>", "STRUCT<a ARRAY<DATE>, b STRUCT<c TIMESTAMP>>", "RANGE<DATE>"]) {
      expect(formatType(parseType(text))).to.equal(text);
    }
  });

  it("accepts BigQuery's aliases and drops type parameters", () => {
    expect(parseType("integer")).to.deep.equal({ type_kind: "TYPE_INT64" });
    expect(parseType("DECIMAL(38, 9)")).to.deep.equal({ type_kind: "TYPE_NUMERIC" });
    expect(formatType(parseType("array<float>"))).to.equal("ARRAY<FLOAT64>");
    expect(formatType(parseType("STRING(10)"))).to.equal("STRING");
  });

  it("rejects an unknown type or trailing text, quoting the type", () => {
    expect(() => parseType("VARCHAR2")).to.throw(TypeSyntaxError, /type "VARCHAR2": unknown type/);
    expect(() => parseType("ARRAY<INT64")).to.throw(TypeSyntaxError, /expected ">"/);
    expect(() => parseType("INT64 INT64")).to.throw(TypeSyntaxError, /unexpected "INT64"/);
  });
});
