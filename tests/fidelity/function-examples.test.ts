import { expect } from "chai";
import { ZetaSqlAnalyzer } from "../../fidelity/analyze";
import { compareCorpus, type CorpusReport } from "../../fidelity/corpus";
import { FUNCTION_EXAMPLE_ENTRIES, FUNCTION_EXAMPLES } from "../../fidelity/differential/function-examples";
import { startZetaSql, type ZetaSqlService } from "../../fidelity/zetasql/service";

describe("the BigQuery function reference's examples on both engines", function () {
  this.timeout(120_000);
  let service: ZetaSqlService;
  let report: CorpusReport;

  before(async () => {
    service = await startZetaSql();
    report = await compareCorpus(service, new ZetaSqlAnalyzer(service), FUNCTION_EXAMPLE_ENTRIES);
  });
  after(() => service.stop());

  it("cites a BigQuery reference page for every group", () => {
    for (const group of FUNCTION_EXAMPLES) expect(group.reference).to.match(/^https:\/\/cloud\.google\.com\/bigquery\/docs\/reference\/standard-sql\/\w+$/);
  });

  it("gets the documented result from the reference engine for every example", () => {
    expect(report.referenceGaps.map((e) => `${e.name}: ${e.differences.join("; ")}`)).to.deep.equal([]);
    const documented = report.entries.flatMap((e) => e.differences.filter((d) => d.startsWith("corpus expectation")).map((d) => `${e.name}: ${d}`));
    expect(documented).to.deep.equal([]);
  });

  it("gets the same result locally, or refuses the construct by name", () => {
    expect(report.mismatches.map((e) => `${e.name}: ${e.differences.join("; ")}`)).to.deep.equal([]);
  });
});
