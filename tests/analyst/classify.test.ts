import { expect } from "chai";
import { classify } from "../../analyst/plan/classify";
import { downstreamColumns } from "../../analyst/plan/downstream";
import type { ColumnLineage } from "../../analyst/lineage/types";
import type { Action } from "../../runner/dataform/actions";

const table = (bigquery = {}): Action => ({
  kind: "table",
  name: "p.d.t",
  table: { target: { database: "p", schema: "d", name: "t" }, fileName: "definitions/t.sqlx", enumType: "TABLE", query: "select 1", bigquery },
});
const columns = [{ name: "id", type: "INT64" }, { name: "amount", type: "NUMERIC" }];

describe("classifying a changed action from its output schemas", () => {
  it("calls a changed key breaking", () => {
    const result = classify({ action: table(), columns, key: ["id"] }, { action: table(), columns, key: ["id", "amount"] });
    expect(result).to.deep.include({ classification: "breaking", reasons: ["key: id -> id, amount"] });
  });

  it("calls a retyped column breaking and names both types", () => {
    const result = classify({ action: table(), columns }, { action: table(), columns: [columns[0]!, { name: "amount", type: "FLOAT64" }] });
    expect(result).to.deep.include({ classification: "breaking", reasons: ["column retyped: amount NUMERIC -> FLOAT64"] });
  });

  it("calls a renamed column breaking: the old name is gone", () => {
    const result = classify({ action: table(), columns }, { action: table(), columns: [columns[0]!, { name: "net_amount", type: "NUMERIC" }] });
    expect(result.classification).to.equal("breaking");
    expect(result.reasons).to.deep.equal(["column removed: amount"]);
  });

  it("compares column names as BigQuery does, without case", () => {
    const result = classify({ action: table(), columns }, { action: table(), columns: columns.map((c) => ({ ...c, name: c.name.toUpperCase() })) });
    expect(result.classification).to.equal("data");
  });

  it("calls a changed clustering breaking", () => {
    const result = classify({ action: table({ clusterBy: ["id"] }), columns }, { action: table({ clusterBy: ["amount"] }), columns });
    expect(result).to.deep.include({ classification: "breaking", reasons: ["clustering: id -> amount"] });
  });
});

describe("downstream columns over column lineage", () => {
  const ref = (table: string, column: string) => ({ table, column });
  const lineage: ColumnLineage[] = [
    { output: ref("p.d.b", "x"), sources: [{ column: ref("p.d.a", "x"), derivation: "copy" }] },
    { output: ref("p.d.c", "y"), sources: [{ column: ref("p.d.b", "X"), derivation: "transform" }, { column: ref("p.d.a", "z"), derivation: "copy" }] },
    { output: ref("p.d.c", "w"), sources: [{ column: ref("p.d.a", "z"), derivation: "copy" }] },
    // a cycle (an incremental table reading itself) must end
    { output: ref("p.d.b", "x"), sources: [{ column: ref("p.d.c", "y"), derivation: "transform" }] },
  ];

  it("follows copies and transforms transitively, nearest first, without the changed column itself", () => {
    expect(downstreamColumns(lineage, [ref("p.d.a", "x")])).to.deep.equal([ref("p.d.b", "x"), ref("p.d.c", "y")]);
  });

  it("finds nothing downstream of a column nothing reads", () => {
    expect(downstreamColumns(lineage, [ref("p.d.c", "w")])).to.deep.equal([]);
  });
});
