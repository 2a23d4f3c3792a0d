import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { FIXTURES, tempDir } from "../runner/fixtures";
import { gigamart } from "./gigamart";

describe("gigamart ends a failing command with one clear line", () => {
  const warehouse = () => path.join(tempDir(), "w.duckdb");

  it("names the file and line of a SQLX syntax error", () => {
    const r = gigamart(["run", "--project-dir", path.join(FIXTURES, "errors-syntax"), "--warehouse", warehouse()]);
    expect(r.code).to.equal(1);
    expect(r.firstErrorLine).to.match(/^gigamart: definitions\/daily_totals\.sqlx:\d+: SyntaxError/);
  });

  it("names the file and the name of an unknown ref", () => {
    const r = gigamart(["compile", "--project-dir", path.join(FIXTURES, "errors-unknown-ref")]);
    expect(r.code).to.equal(1);
    expect(r.firstErrorLine).to.match(/^gigamart: definitions\/daily_totals\.sqlx: .*no_such_table/);
  });

  it("names the action, file and construct that cannot be translated", () => {
    const r = gigamart(["run", "--project-dir", path.join(FIXTURES, "errors-untranslatable"), "--warehouse", warehouse()]);
    expect(r.code).to.equal(1);
    expect(r.stderr).to.match(/gigamart: definitions\/daily_totals\.sqlx: fixture-proj\.analytics\.daily_totals: .*EXECUTE IMMEDIATE/i);
  });

  it("names a missing declared source", () => {
    const r = gigamart(["run", "--project-dir", path.join(FIXTURES, "errors-missing-source"), "--warehouse", warehouse()]);
    expect(r.code).to.equal(1);
    expect(r.stderr).to.contain("gigamart: definitions/pos_lines.sqlx: fixture-proj.giga_raw.raw_pos_lines: declared source fixture-proj.giga_raw.raw_pos_lines does not exist");
  });

  it("names a bad config key", () => {
    const dir = tempDir();
    const text = fs.readFileSync(path.resolve(__dirname, "../../config/config_dev.yaml"), "utf8").replace("region: asia-south1", "regoin: asia-south1");
    fs.writeFileSync(path.join(dir, "config_dev.yaml"), text);
    const r = gigamart(["compile"], { GIGAMART_CONFIG_DIR: dir });
    expect(r.code).to.equal(1);
    expect(r.firstErrorLine).to.match(/^gigamart: .*config_dev\.yaml: gcp\.(region: missing|regoin: unknown key)/);
  });

  it("has --help on every subcommand", () => {
    for (const command of ["compile", "run", "query"]) {
      const r = gigamart([command, "--help"]);
      expect(r.code, command).to.equal(0);
      expect(r.stdout).to.contain(`Usage: gigamart ${command}`);
    }
  });
});
