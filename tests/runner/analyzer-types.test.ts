import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { expect } from "chai";
import { googleSqlType } from "../../fidelity/duckdb-values";
import { withAnalyzerTypes } from "../../runner/local/analyzer-types";

describe("a local query's columns in the analyzer's types", () => {
  let connection: DuckDBConnection;
  before(async () => {
    connection = await (await DuckDBInstance.create(":memory:")).connect();
  });

  const typesOf = async (sql: string) => (await connection.runAndReadAll(sql)).columnTypes().map(googleSqlType);

  it("casts the columns DuckDB types otherwise: a FLOAT64 literal read as DECIMAL, a string literal beside a DATE", async () => {
    const sql = "SELECT 0.1 AS f, d FROM (SELECT DATE '2024-03-01' AS d UNION ALL SELECT '2024-02-29') AS u";
    expect(await typesOf(sql)).to.deep.equal(["NUMERIC", "STRING"]);
    const typed = await withAnalyzerTypes(connection, sql, [{ name: "f", type: "FLOAT64" }, { name: "d", type: "DATE" }]);
    expect(await typesOf(typed)).to.deep.equal(["FLOAT64", "DATE"]);
    const rows = (await connection.runAndReadAll(`${typed} ORDER BY d`)).getRowsJson();
    expect(rows).to.deep.equal([[0.1, "2024-02-29"], [0.1, "2024-03-01"]]);
  });

  it("casts a HUGEINT sum back to INT64, raising where it overflows as BigQuery's SUM does", async () => {
    const sql = "SELECT sum(x) AS s FROM (SELECT 9223372036854775807 AS x UNION ALL SELECT x) AS t(x)";
    const typed = (bound: string) => withAnalyzerTypes(connection, sql.replace("SELECT x", `SELECT ${bound}`), [{ name: "s", type: "INT64" }]);
    expect((await connection.runAndReadAll(await typed("-1"))).getRowsJson()).to.deep.equal([["9223372036854775806"]]);
    let error: Error | undefined;
    await connection.runAndReadAll(await typed("1")).catch((e: Error) => (error = e));
    expect(error?.message).to.match(/out of range/);
  });

  it("leaves a query DuckDB already types as BigQuery does as it is", async () => {
    const sql = "SELECT CAST(1 AS BIGINT) AS n, 'a' AS s";
    expect(await withAnalyzerTypes(connection, sql, [{ name: "n", type: "INT64" }, { name: "s", type: "STRING" }])).to.equal(sql);
  });

  it("leaves a statement DuckDB cannot prepare to fail when it runs, with DuckDB's own message", async () => {
    const sql = "SELECT no_such_column";
    expect(await withAnalyzerTypes(connection, sql, [{ name: "no_such_column", type: "INT64" }])).to.equal(sql);
  });
});
