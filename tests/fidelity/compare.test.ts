import { expect } from "chai";
import { compareResults, valuesEqual, type ResultSet } from "../../fidelity/compare";

const result = (rows: ResultSet["rows"], type = "NUMERIC"): ResultSet => ({ columns: [{ name: "id", type: "INT64" }, { name: "v", type }], rows });

describe("comparing results of the two engines", () => {
  it("accepts FLOAT64 within 1e-9 relative and NUMERIC within one unit of its 9th decimal, and nothing more", () => {
    expect(valuesEqual(0.1 + 0.2, 0.3)).to.equal(true);
    expect(valuesEqual(1e6, 1e6 + 1e-4)).to.equal(true);
    expect(valuesEqual(1e6, 1e6 + 1e-2)).to.equal(false);
    expect(valuesEqual(Number.NaN, Number.NaN)).to.equal(true);
    expect(valuesEqual({ numeric: "1.000000001" }, { numeric: "1.000000002" })).to.equal(true);
    expect(valuesEqual({ numeric: "1.00000001" }, { numeric: "1.00000003" })).to.equal(false);
    expect(valuesEqual(1n, 1)).to.equal(false);
  });

  it("ignores row order unless the query orders, and says which cell differs", () => {
    const reference = result([[1n, { numeric: "2.5" }], [2n, null]]);
    const shuffled = result([[2n, null], [1n, { numeric: "2.5" }]]);
    expect(compareResults(reference, shuffled, false)).to.deep.equal([]);
    expect(compareResults(reference, shuffled, true)).to.deep.equal([
      'row 1: id: "1" vs "2"; v: {"numeric":"2.5"} vs null',
      'row 2: id: "2" vs "1"; v: null vs {"numeric":"2.5"}',
    ]);
  });

  it("treats duplicate rows as a multiset", () => {
    expect(compareResults(result([[1n, null], [1n, null]]), result([[1n, null]]), false)).to.deep.equal(["row counts differ: reference 2 vs DuckDB 1"]);
  });

  it("fails on a column whose GoogleSQL type differs even when the values look alike", () => {
    expect(compareResults(result([[1n, { numeric: "2.5" }]]), result([[1n, 2.5]], "FLOAT64"), false)).to.deep.equal([
      "columns differ: reference (id INT64, v NUMERIC) vs DuckDB (id INT64, v FLOAT64)",
    ]);
  });
});
