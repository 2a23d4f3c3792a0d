import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { generateLanding, GROUND_TRUTH_FILE } from "../../ingestion/generate";
import { sources } from "../../ingestion/contracts";
import { ingestLanding } from "../../ingestion/load";
import { queryWarehouse, tempDir } from "./helpers";

interface Truth {
  files: Record<string, { source: string; lines: number; header_lines: number }>;
  malformed: { file: string }[];
}

describe("local loader over generated GigaMart data", function () {
  const PROJECT = "gigamart-dev";
  let landing: string;
  let warehouse: string;
  let truth: Truth;

  before(async () => {
    const dir = tempDir("generated");
    landing = path.join(dir, "landing");
    warehouse = path.join(dir, "w.duckdb");
    await generateLanding({ outDir: landing, days: 3, seed: 11, stores: 3, products: 40, customers: 150, transactionsPerStoreDay: 40, ordersPerDay: 25 });
    truth = JSON.parse(fs.readFileSync(path.join(landing, GROUND_TRUTH_FILE), "utf8")) as Truth;
    await ingestLanding({ landingDir: landing, warehouseFile: warehouse, project: PROJECT, now: new Date("2026-12-01T00:00:00Z"), progress: false });
  });

  it("reads exactly the lines and header lines the generator wrote, per file", async () => {
    const manifest = await queryWarehouse(warehouse, PROJECT, `SELECT source_file, lines_read, header_lines, bronze_rows FROM "${PROJECT}".giga_raw.ingest_manifest`);
    const got = Object.fromEntries(manifest.map((m) => [m.source_file, { lines: Number(m.lines_read), header_lines: Number(m.header_lines) }]));
    const want = Object.fromEntries(Object.entries(truth.files).map(([f, t]) => [f, { lines: t.lines, header_lines: t.header_lines }]));
    expect(got).to.deep.equal(want);
    for (const m of manifest) expect(Number(m.lines_read)).to.equal(Number(m.bronze_rows) + Number(m.header_lines));
  });

  it("marks as INVALID exactly the malformed lines the generator planted, file by file", async () => {
    // The manifest keeps line counts only; DQ status lives on the bronze rows.
    const rows = sources.map((s) => `SELECT source_file, dq_status FROM "${PROJECT}".giga_raw.${s.bronzeTable}`).join(" UNION ALL ");
    const invalid = await queryWarehouse(warehouse, PROJECT, `SELECT source_file, count(*) AS invalid_rows FROM (${rows}) WHERE dq_status = 'INVALID' GROUP BY source_file`);
    const planted: Record<string, number> = {};
    for (const m of truth.malformed) planted[m.file] = (planted[m.file] ?? 0) + 1;
    expect(Object.fromEntries(invalid.map((r) => [r.source_file, Number(r.invalid_rows)]))).to.deep.equal(planted);
  });
});
