import { expect } from "chai";
import { ZetaSqlAnalyzer } from "../../fidelity/analyze";
import { DifferentialRunner, type Outcome } from "../../fidelity/differential/run";
import { PROJECT, DATASET } from "../../fidelity/differential/queries";
import { startZetaSql, type ZetaSqlService } from "../../fidelity/zetasql/service";
import type { SqlValue } from "../../fidelity/zetasql/values";

// The silent mismatches the differential generator found, as its minimal reproductions: each now gets BigQuery's answer
// (the reference engine's rows, or its error) from DuckDB through the translator.
const T1 = [["id", "INT64"], ["k", "STRING"], ["i", "INT64"], ["f", "FLOAT64"], ["n", "NUMERIC"], ["st", "STRUCT<x INT64, y STRING>"]];
const t1 = (...rows: SqlValue[][]) => ({
  [`${PROJECT}.${DATASET}.t1`]: { columns: T1.map(([name, type]) => ({ name, type })), rows },
  [`${PROJECT}.${DATASET}.t2`]: { columns: [{ name: "id", type: "INT64" }, { name: "k", type: "STRING" }, { name: "d", type: "DATE" }], rows: [] },
});
const row = (id: number, k: string | null = null, st: SqlValue = null): SqlValue[] => [BigInt(id), k, null, null, null, st];

describe("the generator's silent mismatches, on the GoogleSQL reference engine and on DuckDB", () => {
  let service: ZetaSqlService;
  let runner: DifferentialRunner;
  before(async () => {
    service = await startZetaSql();
    runner = await DifferentialRunner.create(service, new ZetaSqlAnalyzer(service));
  });
  after(async () => {
    runner.close();
    await service.stop();
  });

  const outcome = (query: string, rows: SqlValue[][] = [row(1)]): Promise<Outcome> => runner.run({ query, tables: t1(...rows), shape: "regression" });

  it("raises int64 overflow for a SUM inside a PIVOT, which DuckDB sums into HUGEINT", async () => {
    const query = "SELECT * FROM (SELECT MOD(t1.id, 2) AS g, t1.k, -9223372036854775807 AS v FROM ds.t1 AS t1) PIVOT(SUM(v) AS agg FOR k IN ('a', 'b'))";
    expect(await outcome(query, [row(1, "a"), row(2), row(3, "a")])).to.deep.equal({ kind: "agreed", how: "both raise" });
    // inside the query too, where a HUGEINT sum halved would fit INT64 again
    const halved = "SELECT p.agg_a / 2 AS h FROM (SELECT t1.k, -9223372036854775807 AS v FROM ds.t1 AS t1) PIVOT(SUM(v) AS agg FOR k IN ('a', 'b')) AS p";
    expect(await outcome(halved, [row(1, "a"), row(3, "a")])).to.deep.equal({ kind: "agreed", how: "both raise" });
  });

  it("divides NUMERIC exactly, rounding half away from zero to 9 decimal places, not in FLOAT64 precision", async () => {
    const query =
      "SELECT -(NUMERIC '99999999999999999999999999999.999999999' / NUMERIC '-2.5') AS big, NUMERIC '2' / 3 AS third, NUMERIC '-0.000000015' / 10 AS half, " +
      "SAFE_DIVIDE(NUMERIC '1', NUMERIC '99999999999999999999999999999.999999998') AS tiny, SAFE_DIVIDE(NUMERIC '1', 0) AS zero, " +
      // both operands just below 10^20 (one integer division) and the dividend just above (long division)
      "NUMERIC '99999999999999999999.999999999' / NUMERIC '-99999999999999999999.999999997' AS short_edge, " +
      "NUMERIC '100000000000000000000' / NUMERIC '7.000000003' AS long_edge, " +
      "NUMERIC '99999999999999999999.999999999' / NUMERIC '0.000000001' AS short_largest FROM ds.t1 AS t1";
    expect(await outcome(query)).to.deep.equal({ kind: "agreed", how: "same result" });
    expect(await outcome("SELECT NUMERIC '-99999999999999999999999999999.999999999' / NUMERIC '0.3' AS c FROM ds.t1 AS t1")).to.deep.equal({ kind: "agreed", how: "both raise" });
  });

  it("averages NUMERIC exactly, near its limits too, where DuckDB averages in FLOAT64", async () => {
    const numerics = (...values: string[]) => values.map((numeric, i) => [BigInt(i + 1), null, null, null, { numeric }, null]);
    const query = "SELECT t1.id, AVG(t1.n) OVER (ORDER BY t1.id) AS running, (SELECT AVG(n) FROM ds.t1) AS whole FROM ds.t1 AS t1";
    expect(await outcome(query, numerics("99999999999999999999999999999.999999999", "99999999999999999999999999999.999999998"))).to.deep.equal({ kind: "agreed", how: "same result" });
    expect(await outcome(query, numerics("1.000000001", "2", "-0.000000002"))).to.deep.equal({ kind: "agreed", how: "same result" });
    const pivot = "SELECT * FROM (SELECT 'a' AS k, t1.n AS v FROM ds.t1 AS t1) PIVOT(AVG(v) AS mean FOR k IN ('a', 'b'))";
    expect(await outcome(pivot, numerics("1.5", "2.5"))).to.deep.equal({ kind: "agreed", how: "same result" });
  });

  it("raises double overflow for a finite FLOAT64 product or sum past the maximum, where DuckDB gives infinity", async () => {
    expect(await outcome("SELECT t1.id, CAST(-2.5 AS FLOAT64) * 1e308 AS c FROM ds.t1 AS t1")).to.deep.equal({ kind: "agreed", how: "both raise" });
    const twice = [row(1, "a"), row(2, "a")];
    expect(await outcome("SELECT t1.id, SUM(1e308) OVER (ORDER BY t1.id) AS c FROM ds.t1 AS t1", twice)).to.deep.equal({ kind: "agreed", how: "both raise" });
    expect(await outcome("SELECT * FROM (SELECT t1.k, 1e308 AS v FROM ds.t1 AS t1) PIVOT(SUM(v) FOR k IN ('a'))", twice)).to.deep.equal({ kind: "agreed", how: "both raise" });
    expect(await outcome("SELECT SUM(CAST('inf' AS FLOAT64)) AS c FROM ds.t1 AS t1", twice)).to.deep.equal({ kind: "agreed", how: "same result" });
  });

  it("quotes an INT64 past 2^53 inside a STRUCT or ARRAY in TO_JSON_STRING", async () => {
    const query = "SELECT TO_JSON_STRING(t1.st) AS s, TO_JSON_STRING([t1.st.x, 1]) AS a FROM ds.t1 AS t1";
    expect(await outcome(query, [row(1, null, { x: 9223372036854775807n, y: null })])).to.deep.equal({ kind: "agreed", how: "same result" });
  });

  it("raises Invalid date for a computed string with a time cast to DATE", async () => {
    const query = "SELECT CAST(FORMAT_TIMESTAMP('%Y-%m-%d %H:%M:%S', TIMESTAMP '1970-01-01 00:00:00+00', 'UTC') AS DATE) AS c FROM ds.t1 AS t1";
    expect(await outcome(query)).to.deep.equal({ kind: "agreed", how: "both raise" });
  });

  it("evaluates every operand where DuckDB would skip or fold one away: BETWEEN's upper bound, a call with a constant NULL argument", async () => {
    for (const expression of [
      "CAST(-2.5 AS FLOAT64) BETWEEN CAST('-0' AS FLOAT64) AND CAST('' AS FLOAT64)",
      "NUMERIC '-1' BETWEEN NUMERIC '0.000000001' AND (NUMERIC '1.5' * NUMERIC '-99999999999999999999999999999.999999999')",
      "(NUMERIC '-99999999999999999999999999999.999999999' * NUMERIC '-2.5') + CAST(NULL AS NUMERIC)",
      "(NUMERIC '-99999999999999999999999999999.999999999' * NUMERIC '-2.5') + SAFE_CAST('€uro' AS NUMERIC)",
      "IEEE_DIVIDE(CAST(-2.5 AS FLOAT64) / CAST('-0' AS FLOAT64), SAFE_CAST('€uro' AS FLOAT64))",
      "ENDS_WITH(CAST(NULL AS STRING), SUBSTR('a', 0, -1))",
    ]) {
      expect(await outcome(`SELECT t1.id, ${expression} AS c FROM ds.t1 AS t1`), expression).to.deep.equal({ kind: "agreed", how: "both raise" });
    }
  });

  it("compares typed STRUCT constructors field by field: a NULL field makes equality NULL", async () => {
    const query = "SELECT t1.id, IF(STRUCT<x INT64, y STRING>(2, NULL) = STRUCT<x INT64, y STRING>(2, NULL), 1, 2) AS v FROM ds.t1 AS t1";
    expect(await outcome(query)).to.deep.equal({ kind: "agreed", how: "same result" });
  });

  it("floors UNIX_SECONDS and UNIX_MILLIS to the unit, where DuckDB rounds or truncates toward zero", async () => {
    const query = "SELECT UNIX_SECONDS(TIMESTAMP '9999-12-31 23:59:59.999999+00') AS top, UNIX_SECONDS(TIMESTAMP '1969-12-31 23:59:59.5+00') AS s, UNIX_MILLIS(TIMESTAMP '1969-12-31 23:59:59.9995+00') AS ms FROM ds.t1 AS t1";
    expect(await outcome(query)).to.deep.equal({ kind: "agreed", how: "same result" });
  });

  it("formats an instant in a zone with its UTC offset cut to whole minutes, as for London's local mean time in year 1", async () => {
    const query =
      "SELECT FORMAT_TIMESTAMP('%Y-%m-%d %H:%M:%S', TIMESTAMP '0001-01-01 00:00:00+00', 'Europe/London') AS f, " +
      "STRING(TIMESTAMP '1800-01-01 00:00:00+00', 'America/New_York') AS s FROM ds.t1 AS t1";
    expect(await outcome(query)).to.deep.equal({ kind: "agreed", how: "same result" });
  });
});
