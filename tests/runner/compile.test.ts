import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { CompileError, compileProject, parseVars } from "../../runner/dataform/compile";
import { compileFixture, FIXTURES } from "./fixtures";

describe("compiling a Dataform project with the real Dataform compiler", () => {
  it("compiles a folder that has no node_modules with the runner's own @dataform/core", async () => {
    expect(fs.existsSync(path.join(FIXTURES, "runner-basic", "node_modules"))).to.equal(false);
    const graph = await compileFixture("runner-basic");
    expect(graph.dataformCoreVersion).to.equal(require("@dataform/core/package.json").version);
    const names = (graph.tables ?? []).map((t) => t.target.name).sort();
    expect(names).to.include.members(["merged", "appended", "kept", "totals", "ordered", "after_check"]);
    expect(fs.existsSync(path.join(FIXTURES, "runner-basic", "node_modules"))).to.equal(false);
  });

  it("applies vars, the default project, the dataset suffix and the table prefix as release configurations do", async () => {
    const graph = await compileFixture("runner-basic", {
      vars: { min_amount: "5" },
      defaultDatabase: "other-project",
      schemaSuffix: "dev",
      tablePrefix: "pr1",
    });
    const merged = graph.tables!.find((t) => t.target.name === "pr1_merged")!;
    expect(merged.target).to.deep.equal({ database: "other-project", schema: "analytics_dev", name: "pr1_merged" });
    const assertion = graph.assertions!.find((a) => a.target.name.endsWith("amounts_not_below_min"))!;
    expect(assertion.query).to.contain("amount < 5");
    // Declarations are the sources' real names: suffixes and prefixes apply to what Dataform writes.
    expect(graph.declarations![0]!.target).to.deep.equal({ database: "other-project", schema: "raw", name: "events" });
  });

  it("takes vars as Dataform's CLI does: --vars=k1=v1,k2=v2", () => {
    expect(parseVars("a=1,b=x=y")).to.deep.equal({ a: "1", b: "x=y" });
    expect(() => parseVars("a")).to.throw(CompileError, "'a' is not key=value");
  });

  it("reports a SQLX syntax error in one line naming the file and line", async () => {
    const error = await compileProject({ projectDir: path.join(FIXTURES, "errors-syntax") }).catch((e) => e);
    expect(error).to.be.instanceOf(CompileError);
    expect(error.message).to.match(/^definitions\/daily_totals\.sqlx:\d+: SyntaxError: /);
    expect(error.message.split("\n")).to.have.length(1);
  });

  it("reports an unknown ref naming the file and the missing name", async () => {
    const error = await compileProject({ projectDir: path.join(FIXTURES, "errors-unknown-ref") }).catch((e) => e);
    expect(error).to.be.instanceOf(CompileError);
    expect(error.message).to.match(/^definitions\/daily_totals\.sqlx: .*no_such_table/);
  });

  it("refuses a folder that is not a Dataform project", async () => {
    const error = await compileProject({ projectDir: FIXTURES }).catch((e) => e);
    expect(error.message).to.contain("not a Dataform project");
  });
});
