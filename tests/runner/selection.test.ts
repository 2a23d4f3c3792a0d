import { expect } from "chai";
import { graphActions, selectActions, SelectionError } from "../../runner/dataform/actions";
import { compileFixture } from "./fixtures";

const names = (actions: { name: string }[]) => actions.map((a) => a.name.split(".").at(-1));

describe("choosing the actions of a run, with Dataform's rules", () => {
  it("runs everything in dependency order when nothing is selected", async () => {
    const actions = selectActions(graphActions(await compileFixture("runner-basic")), {});
    const order = names(actions);
    expect(order.indexOf("events")).to.be.lessThan(order.indexOf("merged"));
    expect(order.indexOf("merged")).to.be.lessThan(order.indexOf("totals"));
    expect(order.indexOf("amounts_not_below_min")).to.be.lessThan(order.indexOf("after_check"));
    expect(order.indexOf("audit_log")).to.be.lessThan(order.indexOf("ordered"));
  });

  it("selects by tag (inline assertions carry their table's tags), and brings along only the declarations the selection reads", async () => {
    const actions = selectActions(graphActions(await compileFixture("runner-basic")), { tags: ["daily"] });
    expect(names(actions).sort()).to.deep.equal([
      "amounts_not_below_min",
      "analytics_merged_assertions_rowConditions",
      "analytics_merged_assertions_uniqueKey_0",
      "appended",
      "events",
      "merged",
      "totals",
    ]);
  });

  it("adds dependencies and dependents transitively on request", async () => {
    const all = graphActions(await compileFixture("runner-basic"));
    expect(names(selectActions(all, { actions: ["totals"], includeDependencies: true })).sort()).to.deep.equal(["events", "merged", "totals"]);
    expect(names(selectActions(all, { actions: ["totals"], includeDependents: true })).sort()).to.deep.equal(["after_check", "totals"]);
  });

  it("matches an action by its full name or by its last part", async () => {
    const all = graphActions(await compileFixture("runner-basic"));
    expect(names(selectActions(all, { actions: ["fixture-proj.analytics.kept"] }))).to.deep.equal(["events", "kept"]);
    expect(() => selectActions(all, { actions: ["nope"] })).to.throw(SelectionError, "no action named 'nope'");
  });
});
