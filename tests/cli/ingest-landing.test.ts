import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { tempDir } from "../runner/fixtures";
import { gigamart } from "./gigamart";

const POS_LINE = '{"transaction_id":"T1","store_id":"S001"}\n';

function landingWith(files: Record<string, string>): { landing: string; warehouse: string } {
  const dir = tempDir("gigamart-landing-cli-");
  const landing = path.join(dir, "landing");
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(landing, name)), { recursive: true });
    fs.writeFileSync(path.join(landing, name), text);
  }
  fs.mkdirSync(landing, { recursive: true });
  return { landing, warehouse: path.join(dir, "warehouse.duckdb") };
}

describe("gigamart ingest and the landing folder", function () {
  this.timeout(120_000);

  it("fails every run on a misspelled source folder and a symlink, naming both, and loads the rest", () => {
    const { landing, warehouse } = landingWith({ "ecom/2026/11/27/orders.csv": "order_id\nO1\n", "pos/2026/11/27/a.jsonl": POS_LINE });
    fs.symlinkSync("/etc/hostname", path.join(landing, "pos/2026/11/27/b.jsonl"));
    for (const run of ["first", "second"]) {
      const r = gigamart(["ingest", "--landing", landing, "--warehouse", warehouse]);
      expect(r.code, `${run} run: ${r.stderr}`).to.equal(1);
      expect(r.firstErrorLine, run).to.match(/^gigamart: landing folder .*landing: 2 entries not loaded: ecom\/, pos\/2026\/11\/27\/b\.jsonl$/);
      expect(r.stderr, run).to.match(/\n {2}ecom\/: not a source folder \(expected one of: .*ecom-orders/);
      expect(r.stderr, run).to.match(/\n {2}pos\/2026\/11\/27\/b\.jsonl: symlink/);
      expect(r.stdout, run).to.match(run === "first" ? /1 files, 1 loaded/ : /1 files, 0 loaded .* 1 unchanged/);
    }
  });

  it("fails every run while an unreadable file is unchanged, not only the first", () => {
    const { landing, warehouse } = landingWith({ "crm-profiles/2026/11/27/empty.csv": "" });
    for (const run of ["first", "second"]) {
      const r = gigamart(["ingest", "--landing", landing, "--warehouse", warehouse]);
      expect(r.code, run).to.equal(1);
      expect(r.firstErrorLine, run).to.equal("gigamart: 1 unreadable file(s), the rest loaded: crm-profiles/2026/11/27/empty.csv");
    }
  });

  it("says so when the landing folder holds nothing, and succeeds", () => {
    const { landing, warehouse } = landingWith({});
    const r = gigamart(["ingest", "--landing", landing, "--warehouse", warehouse, "--source", "pos"]);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.match(/nothing to ingest: .*landing holds no files under pos\/\n$/);
  });
});
