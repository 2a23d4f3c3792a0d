import * as path from "node:path";
import { expect } from "chai";
import { compileForProject } from "../../cli/project";
import { ZetaSqlAnalyzer } from "../../fidelity/analyze";
import { checkGraph, type CheckReport } from "../../fidelity/check";
import { compareGraph, type SemanticReport } from "../../fidelity/semantic";
import { startZetaSql, type ZetaSqlService } from "../../fidelity/zetasql/service";

const REPO_ROOT = path.resolve(__dirname, "..", "..");

// Result differences on the repo's models, found by the comparison and handed to the translator's owner.
// Each says why; a model leaves this list when the translation is fixed, and any new difference fails.
// (daily_store_sales.average_basket was here: SAFE_DIVIDE(NUMERIC, INT64) is NUMERIC in BigQuery but a float
// after translation; the model now casts to NUMERIC, which BigQuery reads as a no-op.)
const EXPLAINED_MISMATCHES: Record<string, string> = {};

describe("the repo's own Dataform project under the GoogleSQL judge", () => {
  let service: ZetaSqlService;
  let analysis: CheckReport;
  let semantic: SemanticReport;

  before(async () => {
    const [{ graph }, started] = await Promise.all([compileForProject({ projectDir: REPO_ROOT, env: "dev" }), startZetaSql()]);
    service = started;
    const analyzer = new ZetaSqlAnalyzer(service);
    analysis = await checkGraph(graph, analyzer);
    semantic = await compareGraph(graph, service, analyzer, { analysis });
  });
  after(() => service.stop());

  it("passes gigamart check: every statement BigQuery would receive is accepted by ZetaSQL", () => {
    expect(analysis.errors).to.deep.equal([]);
    expect(analysis.statementsAnalyzed).to.be.greaterThan(0);
    const unanalyzed = analysis.actions.filter((a) => a.kind !== "declaration" && a.scripts.length === 0);
    expect(unanalyzed.map((a) => a.name)).to.deep.equal([]);
  });

  it("knows the output schema of every table, view and assertion", () => {
    const withoutSchema = analysis.actions.filter((a) => a.kind !== "operation" && a.kind !== "unit test" && !a.columns);
    expect(withoutSchema.map((a) => a.name)).to.deep.equal([]);
  });

  it("compares every table, view and assertion query, with no unexplained difference", () => {
    const queries = semantic.models.filter((m) => m.kind !== "operation");
    expect(queries.filter((m) => m.status === "not compared").map((m) => `${m.name}: ${m.notes.join("; ")}`)).to.deep.equal([]);
    const unexplained = semantic.models.filter((m) => m.status === "different" && !(m.name in EXPLAINED_MISMATCHES));
    expect(unexplained.map((m) => `${m.name}: ${m.differences.join("; ")}`)).to.deep.equal([]);
    const stale = Object.keys(EXPLAINED_MISMATCHES).filter((name) => semantic.models.find((m) => m.name === name)?.status !== "different");
    expect(stale, "explained differences that no longer differ: remove them").to.deep.equal([]);
  });
});
