import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { ZetaSqlAnalyzer } from "../../fidelity/analyze";
import { checkGraph } from "../../fidelity/check";
import { startZetaSql, type ZetaSqlService } from "../../fidelity/zetasql/service";
import { compileProject } from "../../runner/dataform/compile";

const FIXTURE = path.join(__dirname, "..", "fixtures", "unit-tests");

describe("gigamart check on a project's unit tests", function () {
  this.timeout(120_000);
  let service: ZetaSqlService;
  let analyzer: ZetaSqlAnalyzer;

  before(async () => {
    service = await startZetaSql();
    analyzer = new ZetaSqlAnalyzer(service);
  });
  after(() => service.stop());

  it("analyzes the queries of every unit test, Dataform's and the incremental ones", async () => {
    const report = await checkGraph(await compileProject({ projectDir: FIXTURE }), analyzer);
    const tests = report.actions.filter((a) => a.kind === "unit test");
    expect(tests.map((t) => t.file).sort()).to.deep.equal(
      ["customer_orders_test", "order_states_first_run_test", "order_states_merge_test", "order_totals_test", "order_totals_wrong_test"].map((n) => `definitions/tests/${n}.sqlx`),
    );
    // Dataform's tests: the tested query and the expected rows; the merge test: its input, current and expected rows
    expect(tests.find((t) => t.file.includes("customer_orders"))!.scripts[0]!.statements).to.have.length(2);
    expect(tests.find((t) => t.file.includes("merge"))!.scripts[0]!.statements).to.have.length(3);
    // (the fixture's declarations carry no types, which check reports apart: the tests' queries stand alone)
    expect(tests.flatMap((t) => t.errors)).to.deep.equal([]);
  });

  it("names the unit test and the query BigQuery would reject", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "check-unit-tests-"));
    fs.cpSync(FIXTURE, dir, { recursive: true });
    const file = path.join(dir, "definitions", "tests", "order_states_merge_test.sqlx");
    fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace("union all select 3, 'placed'", "union all select list_sum([3]), 'placed'"));
    const report = await checkGraph(await compileProject({ projectDir: dir }), analyzer);
    const errors = report.actions.filter((a) => a.kind === "unit test").flatMap((t) => t.errors);
    expect(errors).to.have.length(1);
    expect(report.errors).to.include(errors[0]);
    expect(errors[0]).to.match(/^definitions\/tests\/order_states_merge_test\.sqlx: .*\(-- expect\): Function not found: list_sum/);
  });
});
