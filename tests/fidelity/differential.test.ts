import { expect } from "chai";
import { ZetaSqlAnalyzer } from "../../fidelity/analyze";
import { generateCase, runDifferential, type DifferentialReport } from "../../fidelity/differential/differential";
import { formatMismatch } from "../../fidelity/differential/report";
import { startZetaSql, type ZetaSqlService } from "../../fidelity/zetasql/service";

// The CI seed: 3,000 generated queries with no silent mismatch (README, "Local answers equal BigQuery's", lists the
// kinds other seeds still find); `npm run test:differential -- --count N --seed S` is the long run.
const SEED = 20261203;
const COUNT = 3000;

describe("generated queries on the GoogleSQL reference engine and on DuckDB", function () {
  this.timeout(300_000);
  let service: ZetaSqlService;
  let report: DifferentialReport;

  before(async () => {
    service = await startZetaSql();
    report = await runDifferential(service, new ZetaSqlAnalyzer(service), { count: COUNT, seed: SEED });
  });
  after(() => service.stop());

  it("generates the same cases from the same seed, and different ones from another", () => {
    expect(generateCase(SEED, 7).value_).to.deep.equal(generateCase(SEED, 7).value_);
    expect(generateCase(SEED, 7).value_.query).to.not.equal(generateCase(SEED + 1, 7).value_.query);
  });

  it("runs every case and covers every query shape", () => {
    expect(report.run).to.equal(COUNT);
    expect(Object.keys(report.byShape)).to.have.members([
      "projection", "order by", "aggregate", "rollup", "window", "range window", "qualify", "join", "cross join", "unnest", "set operation", "subquery", "pivot",
    ]);
  });

  it("gets BigQuery's answer for most cases rather than refusing them", () => {
    // ROLLUP cases are not judged: the reference engine does not implement grouping sets.
    expect(report.agreed.sameResult).to.be.greaterThan(COUNT * 0.7);
  });

  it("finds no silent mismatch: every case agrees, is refused by name, or differs only where BigQuery's documentation allows both answers", () => {
    expect(report.mismatches.map(formatMismatch)).to.deep.equal([]);
  });

  it("names the construct of every refusal by the translator", () => {
    expect(Object.keys(report.refused.translator)).to.not.include.members(["polyglot", "syntax"]);
  });
});
