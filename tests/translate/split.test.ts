import { expect } from "chai";
import { splitScript } from "../../runner/translate";

describe("splitting a BigQuery script into statements", () => {
  it("splits on semicolons and reports each statement's first line", () => {
    const statements = splitScript("SELECT 1;\n\nSELECT 2;\n");
    expect(statements.map((s) => [s.text, s.line])).to.deep.equal([
      ["SELECT 1", 1],
      ["SELECT 2", 3],
    ]);
  });

  it("ignores semicolons inside strings, raw strings, triple-quoted strings and backtick names", () => {
    const script = [
      "SELECT 'a;b', \"c;d\", r'e\\';f', '''g;\nh''', \"\"\"i;j\"\"\", 'k\\';l' FROM `p.d.t;x`",
      "SELECT 2",
    ].join(";");
    const statements = splitScript(script);
    expect(statements).to.have.length(2);
    expect(statements[0].text).to.contain("FROM `p.d.t;x`");
    expect(statements[1].text).to.equal("SELECT 2");
  });

  it("ignores semicolons inside --, # and /* */ comments and drops comment-only statements", () => {
    const script = "-- a; comment\nSELECT 1 # another; one\n;\n/* block; comment */;\nSELECT /* ; */ 2";
    expect(splitScript(script).map((s) => s.text)).to.deep.equal(["SELECT 1 # another; one", "SELECT /* ; */ 2"]);
  });

  it("reads the leading keywords past comments", () => {
    expect(splitScript("/* x */ -- y\n declare x int64")[0].keywords.slice(0, 2)).to.deep.equal(["DECLARE", "X"]);
  });

  it("names the line of an unterminated string", () => {
    expect(() => splitScript("SELECT 1;\nSELECT 'oops")).to.throw(/unterminated ' quote starting on line 2/);
  });
});
