import { expect } from "chai";
import type { ResultSet } from "../../fidelity/compare";
import { LocalEngine } from "../../fidelity/engines";

describe("GoogleSQL values through DuckDB", () => {
  it("loads every type the fixtures use and reads it back unchanged, typed as GoogleSQL", async () => {
    const data: ResultSet = {
      columns: [
        { name: "i", type: "INT64" },
        { name: "f", type: "FLOAT64" },
        { name: "n", type: "NUMERIC" },
        { name: "s", type: "STRING" },
        { name: "b", type: "BOOL" },
        { name: "d", type: "DATE" },
        { name: "ts", type: "TIMESTAMP" },
        { name: "dt", type: "DATETIME" },
        { name: "lines", type: "ARRAY<STRUCT<line_no INT64, unit_price NUMERIC, sku STRING>>" },
        { name: "tags", type: "ARRAY<STRING>" },
      ],
      rows: [
        [
          -9007199254740993n,
          Number.NaN,
          { numeric: "-99999999999999999999999999999.999999999" },
          "O'Brien ₹",
          true,
          "2024-02-29",
          "2024-02-29 18:45:00.123456+00",
          "2024-02-29 23:59:59.999999",
          [{ line_no: 1n, unit_price: { numeric: "0.000000001" }, sku: null }],
          [],
        ],
        [null, 1e-7, null, "", false, null, null, null, [], ["a", "b"]],
      ],
    };
    const engine = await LocalEngine.create("gigamart-dev", new Date());
    try {
      await engine.load("gigamart-dev.giga_raw.values", data);
      const back = await engine.evaluate([], "select * from `gigamart-dev.giga_raw.values`");
      expect(back.columns).to.deep.equal(data.columns);
      expect(back.rows[0].map((v) => (typeof v === "number" && Number.isNaN(v) ? "NaN" : v))).to.deep.equal(
        data.rows[0].map((v) => (typeof v === "number" && Number.isNaN(v) ? "NaN" : v)),
      );
      expect(back.rows[1]).to.deep.equal(data.rows[1]);
    } finally {
      engine.close();
    }
  });
});
