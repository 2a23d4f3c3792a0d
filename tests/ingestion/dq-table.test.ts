import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { DQ_CODES } from "../../ingestion/contracts/dq";

// The DQ table analysts read (ingestion/README.md, "DQ codes") against the codes the UDF can write.

/** The table's rows as [code, severity]. */
function readmeTable(): [string, string][] {
  const readme = fs.readFileSync(path.resolve(__dirname, "../../ingestion/README.md"), "utf8");
  const section = readme.slice(readme.indexOf("### DQ codes"), readme.indexOf("\n### ", readme.indexOf("### DQ codes") + 1));
  const rows = section.split("\n").filter((l) => l.startsWith("| `"));
  return rows.map((l) => l.split("|").map((c) => c.trim())).map((c) => [c[1]!.replace(/`/g, ""), c[3]!]);
}

describe("the DQ code table in ingestion/README.md", () => {
  it("lists every code the UDF can write, once, with the severity dq.ts gives it, and no other", () => {
    const table = readmeTable();
    expect(table.map(([code]) => code).sort()).to.deep.equal(Object.keys(DQ_CODES).sort());
    expect(Object.fromEntries(table)).to.deep.equal({ ...DQ_CODES });
  });
});
