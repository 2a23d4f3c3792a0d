import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { GROUND_TRUTH_FILE, generateLanding } from "../../ingestion/generate";
import { ingestLanding } from "../../ingestion/load";

describe("generated landing data through the local loader", () => {
  let tmp: string;
  after(() => tmp && fs.rmSync(tmp, { recursive: true, force: true }));

  it("accounts for every generated line, skips the ground truth, and finds INVALID exactly the lines the generator broke", async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "gigamart-gen-load-"));
    const landing = path.join(tmp, "landing");
    await generateLanding({ outDir: landing, days: 3, startDate: "2026-10-01", stores: 2, products: 20, customers: 120, transactionsPerStoreDay: 40, ordersPerDay: 30, rates: { malformed: 0.04 } });
    const report = await ingestLanding({ landingDir: landing, warehouseFile: path.join(tmp, "warehouse.duckdb"), project: "gigamart-dev", now: new Date("2026-11-27T09:30:00Z") });
    const truth = JSON.parse(fs.readFileSync(path.join(landing, GROUND_TRUTH_FILE), "utf8"));
    expect(report.files.map((f) => f.file).sort()).to.deep.equal(Object.keys(truth.files).sort());
    const malformedIn = (file: string) => truth.malformed.filter((m: { file: string }) => m.file === file).length;
    for (const f of report.files) {
      expect({ file: f.file, lines: f.linesRead, headers: f.headerLines, invalid: f.invalidRows }).to.deep.equal({
        file: f.file,
        lines: truth.files[f.file].lines,
        headers: truth.files[f.file].header_lines,
        invalid: malformedIn(f.file),
      });
      expect(f.bronzeRows + f.headerLines, f.file).to.equal(f.linesRead);
    }
    expect(truth.malformed.length).to.be.greaterThan(0);
  });
});
