// The hostile corpus (hostile-cases.ts): files no one here wrote, loaded through the real
// local loader into a real DuckDB file. For every file the manifest accounts for every line
// (lines read = bronze rows + header lines) and every row has the status and codes the DQ table in
// ingestion/README.md gives it. A sample of the same lines then goes through the shipped bundle in
// Rhino (a JVM engine, as Dataflow's Nashorn) and must give the same rows as in V8.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as vm from "node:vm";
import { expect } from "chai";
import { sourceContract } from "../../ingestion/contracts";
import { ingestLanding, type IngestReport } from "../../ingestion/load";
import { UDF_BUNDLE_PATH } from "../../ingestion/udf/bundle_path";
import { contextScript, type RunContext } from "../../ingestion/udf/context_file";
import { hasRhino, queryWarehouse, tempDir, writeFiles } from "./helpers";
import { type Case, CASES, NOW, sourceOf } from "./hostile-cases";

const PROJECT = "gigamart-hostile";

describe("hostile corpus: bad files through the local loader into DuckDB", function () {
  let landing: string;
  let warehouse: string;
  let report: IngestReport;
  const query = (sql: string) => queryWarehouse(warehouse, PROJECT, sql);

  before(async function () {
    this.timeout(300_000);
    const dir = tempDir("hostile");
    landing = path.join(dir, "landing");
    warehouse = path.join(dir, "warehouse.duckdb");
    writeFiles(landing, Object.fromEntries(CASES.map((c) => [c.file, c.content])));
    report = await ingestLanding({ landingDir: landing, warehouseFile: warehouse, project: PROJECT, now: NOW, progress: false });
  });

  it("holds at least 30 kinds of bad file across all six sources", () => {
    expect(new Set(CASES.map((c) => c.kind)).size).to.be.at.least(30);
    expect(new Set(CASES.map((c) => sourceOf(c.file).name))).to.have.length(6);
  });

  it("accounts for every line of every file in the manifest: lines read = bronze rows + header lines", async () => {
    const manifest = await query(`SELECT source_file, status, lines_read, bronze_rows, header_lines FROM "${PROJECT}".giga_raw.ingest_manifest`);
    const got = Object.fromEntries(manifest.map((m) => [m.source_file, [String(m.status), Number(m.lines_read), Number(m.bronze_rows), Number(m.header_lines)]]));
    for (const c of CASES) {
      expect(got[c.file], c.kind).to.deep.equal([c.status.toUpperCase(), c.lines, c.rows.length, c.headers]);
      expect(c.lines, c.kind).to.equal(c.rows.length + c.headers);
    }
    expect(report.files).to.have.length(CASES.length);
  });

  it("gives every row the status and codes the DQ table says", async () => {
    for (const c of CASES) {
      const table = sourceContract(sourceOf(c.file).name).bronzeTable;
      const rows = await query(`SELECT dq_status, dq_errors FROM "${PROJECT}".giga_raw.${table} WHERE source_file = '${c.file}'`);
      const got = rows.map((r) => `${r.dq_status}:${(r.dq_errors as string[]).join("+")}`).sort();
      expect(got, c.kind).to.deep.equal(c.rows);
    }
  });

  it("keeps the line of every row that is not VALID, and types nothing BigQuery could not hold", async () => {
    for (const c of CASES.filter((k) => k.status === "loaded")) {
      const table = sourceContract(sourceOf(c.file).name).bronzeTable;
      const [r] = await query(`SELECT count(*) FILTER (WHERE dq_status <> 'VALID' AND raw_payload IS NULL) AS lost FROM "${PROJECT}".giga_raw.${table} WHERE source_file = '${c.file}'`);
      expect(Number(r!.lost), c.kind).to.equal(0);
      if (c.check) {
        const [k] = await query(`SELECT (${c.check}) AS ok FROM "${PROJECT}".giga_raw.${table} WHERE source_file = '${c.file}'`);
        expect(k!.ok, `${c.kind}: ${c.check}`).to.equal(true);
      }
    }
  });
});

/** Lines of a text case as the loader hands them to the UDF (the loader's own reading is tested above). */
function sampleLines(c: Case): string[] {
  const text = Buffer.isBuffer(c.content) ? c.content.toString("utf8") : c.content;
  return text.split(/\r\n|\r|\n/).filter((l, i, all) => i < all.length - 1 || l !== "");
}


describe("hostile corpus on a JVM JavaScript engine", function () {
  before(function () {
    if (!hasRhino()) this.skip();
  });

  it("gives the same rows in Rhino as in V8 for a line of each kind", function () {
    this.timeout(300_000);
    // Lines of every loaded text case but the ones too big to pass on a command-line script.
    const sample = CASES.filter((c) => c.status === "loaded" && !/huge|deep/.test(c.kind) && !c.file.endsWith(".gz")).flatMap((c) => {
      const ls = sampleLines(c);
      const csv = sourceOf(c.file).format === "csv";
      const ctx: RunContext = { source_file: c.file, run_id: "r", ingestion_ts: NOW.toISOString(), ...(csv ? { header: ls[0] } : {}) };
      return ls.map((line) => ({ fn: sourceOf(c.file).udfFunction, ctx, line }));
    });
    expect(sample.length).to.be.at.least(60);
    const dir = tempDir("hostile-rhino");
    const script = path.join(dir, "run.js");
    const calls = sample.map((s) => `${contextScript(s.ctx)}print(String(${s.fn}(${JSON.stringify(s.line)})));`);
    fs.writeFileSync(script, `load(${JSON.stringify(UDF_BUNDLE_PATH)});\n${calls.join("\n")}\n`);
    const jvm = execFileSync("rhino", ["-version", "200", "-encoding", "UTF-8", script], { encoding: "utf8", timeout: 240_000, maxBuffer: 64 * 1024 * 1024 }).trimEnd().split("\n");

    const v8ctx = vm.createContext({});
    vm.runInContext(fs.readFileSync(UDF_BUNDLE_PATH, "utf8"), v8ctx);
    const v8 = sample.map((s) => {
      vm.runInContext(contextScript(s.ctx), v8ctx);
      return String((v8ctx[s.fn] as (line: string) => string | null)(s.line));
    });
    expect(jvm).to.have.length(v8.length);
    for (let i = 0; i < v8.length; i++) expect(jvm[i], sample[i]!.line.slice(0, 120)).to.equal(v8[i]);
  });
});
