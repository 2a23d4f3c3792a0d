import { expect } from "chai";
import { DuckDBInstance } from "@duckdb/node-api";
import { CRC32C } from "@google-cloud/storage";
import { ZetaSqlAnalyzer } from "../../fidelity/analyze";
import { TableCatalog } from "../../fidelity/catalog";
import { startZetaSql, type ZetaSqlService } from "../../fidelity/zetasql/service";
import { loadConfig } from "../../config/load";
import { namesFor } from "../../cloud/desired/names";
import { duckDbDdl, ingestManifest, sourceContract } from "../../ingestion/contracts";
import { ingestLanding } from "../../ingestion/load";
import { LANDED_LINES, manifestJobRequest, manifestJobTemplate, type QueryParameter } from "../../cloud/launch/manifest-job";
import { LINE_FACTS, splitLines } from "../../cloud/launch/line-accounting-facts";
import { initTranslator, translateScript } from "../../runner/translate";
import { queryWarehouse, tempDir, writeFiles } from "../ingestion/helpers";

/**
 * The cloud's manifest job counts a batch's lines in BigQuery from an external table. Its SQL is
 * judged by ZetaSQL, then run on DuckDB over the rows BigQuery's documented CSV splitting gives
 * for the same files the local loader reads: both manifests must agree line for line.
 */

const config = loadConfig("prod");
const n = namesFor(config);
const crm = sourceContract("crm");
const HEADER = "customer_id,first_name,last_name,email,phone,loyalty_tier,city,country,updated_at";
const ROW = "C1,Asha,Rao,asha@example.com,+919800000001,GOLD,Pune,IN,2026-11-26T10:00:00+05:30";
const NOW = new Date("2026-11-27T01:00:00Z");

/** Landing files with each edge case of line splitting. */
const FILES: Record<string, string> = {
  "crm-profiles/2026/11/26/crlf.csv": `${HEADER}\r\n${ROW}\r\n${ROW}\r\n`,
  "crm-profiles/2026/11/26/cr.csv": `${HEADER}\r${ROW}\r${ROW}\r`,
  "crm-profiles/2026/11/26/blank-lines.csv": `${HEADER}\n\n${ROW}\n\n\n${ROW}\n`,
  "crm-profiles/2026/11/26/no-final-newline.csv": `${HEADER}\n${ROW}\n${ROW}`,
  "crm-profiles/2026/11/26/header-only.csv": `${HEADER}\n`,
  "crm-profiles/2026/11/26/empty.csv": "",
  "crm-profiles/2026/11/26/mixed.csv": `${HEADER}\r\n${ROW}\r${ROW}\n\r\n${HEADER}\n${ROW}`,
};

const crc32c = (text: string) => {
  const crc = new CRC32C();
  crc.update(Buffer.from(text, "utf8"));
  return crc.toString();
};

function batchRequest(files: Record<string, string>) {
  const names = Object.keys(files).sort();
  return manifestJobRequest(n, manifestJobTemplate(n, crm, "0123456789abcdef"), {
    jobName: "gigamart-crm-profiles-2026-11-26-sched-20261127t0630",
    inputFilePattern: `gs://${n.bucket}/crm-profiles/2026/11/26/*`,
    header: HEADER,
    files: names.map((name) => ({ name, bytes: Buffer.byteLength(files[name]!), crc32c: crc32c(files[name]!) })),
    runId: "sched-20261127t0630",
    ingestionTs: NOW.toISOString(),
  });
}

type Query = { query: string; queryParameters: QueryParameter[] };
const queryOf = (request: ReturnType<typeof batchRequest>) => (request.body.configuration as { query: Query }).query;

const literal = (type: string, value: string | undefined): string => {
  if (value === undefined) return `CAST(NULL AS ${type})`;
  if (type === "INT64") return String(Number(value));
  const quoted = `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
  return type === "TIMESTAMP" ? `TIMESTAMP ${quoted}` : quoted;
};

/** The statement with its named parameters written as the typed literals BigQuery binds them to. */
function bound(q: Query): string {
  const values = new Map(
    q.queryParameters.map((p) => [
      p.name,
      p.parameterType.type === "ARRAY"
        ? `ARRAY<${p.parameterType.arrayType!.type}>[${p.parameterValue.arrayValues!.map((v) => literal(p.parameterType.arrayType!.type, v.value)).join(", ")}]`
        : literal(p.parameterType.type, p.parameterValue.value),
    ]),
  );
  return q.query.replace(/@([a-z_0-9]+)/g, (_m, name: string) => {
    const v = values.get(name);
    if (v === undefined) throw new Error(`parameter @${name} is not bound`);
    return v;
  });
}

describe("the cloud manifest job", () => {
  it("keeps each line-splitting fact with a source URL", () => {
    for (const f of LINE_FACTS) {
      expect(f.sources.length, f.case).to.be.greaterThan(0);
      for (const s of f.sources) expect(s, f.case).to.match(/^https:\/\/(cloud\.google\.com|github\.com\/apache\/beam)\//);
    }
  });

  describe("judged by ZetaSQL", () => {
    let service: ZetaSqlService;
    before(async () => {
      service = await startZetaSql();
    });
    after(() => service.stop());

    it("is one valid INSERT into the manifest with every parameter bound and typed", async () => {
      const catalog = new TableCatalog(n.project);
      catalog.define(`${n.project}.${n.datasets.raw}.${ingestManifest.name}`, ingestManifest.columns.map((c) => ({ name: c.name, type: c.type })));
      catalog.define(LANDED_LINES, [
        { name: "line", type: "STRING" },
        { name: "_FILE_NAME", type: "STRING" },
      ]);
      const results = await new ZetaSqlAnalyzer(service).analyzeScript(bound(queryOf(batchRequest(FILES))), catalog);
      expect(results.map((r) => [r.kind, r.error])).to.deep.equal([["INSERT", undefined]]);
    });
  });

  it("counts on BigQuery's rows exactly what the local loader counts: CRLF, CR, blank lines, no final newline, header only, empty", async () => {
    const landing = tempDir("manifest-landing");
    writeFiles(landing, FILES);
    const warehouse = `${tempDir("manifest-wh")}/wh.duckdb`;
    await ingestLanding({ landingDir: landing, warehouseFile: warehouse, project: n.project, source: "crm", runId: "local", now: NOW, progress: false });
    const local = await queryWarehouse(warehouse, n.project, `SELECT source_file, status, error, lines_read, bronze_rows, header_lines, crc32c, size_bytes, file_version FROM "${n.project}".${n.datasets.raw}.ingest_manifest ORDER BY source_file`);

    await initTranslator();
    const instance = await DuckDBInstance.create(":memory:");
    const db = await instance.connect();
    try {
      await db.run(`ATTACH ':memory:' AS "${n.project}"`);
      await db.run(`CREATE SCHEMA "${n.project}".${n.datasets.raw}`);
      await db.run(duckDbDdl(ingestManifest, n.project, n.datasets.raw));
      // The external table: BigQuery's records of each file (one NULL-or-text column), with _FILE_NAME.
      await db.run(`CREATE TABLE ${LANDED_LINES} (line VARCHAR, "_FILE_NAME" VARCHAR)`);
      for (const [name, text] of Object.entries(FILES)) {
        for (const line of splitLines(text)) {
          await db.run(`INSERT INTO ${LANDED_LINES} VALUES (${line === "" ? "NULL" : `'${line.replace(/'/g, "''")}'`}, 'gs://${n.bucket}/${name}')`);
        }
      }
      for (const s of translateScript(bound(queryOf(batchRequest(FILES))), { defaultProject: n.project })) await db.run(s.duckdb);
      const cloud = (await db.runAndReadAll(`SELECT source_file, status, error, lines_read, bronze_rows, header_lines, crc32c, size_bytes, file_version FROM "${n.project}".${n.datasets.raw}.ingest_manifest ORDER BY source_file`)).getRowObjectsJson();
      expect(cloud).to.deep.equal(local);
      expect(local.map((r) => [r.source_file, Number(r.lines_read), Number(r.header_lines)])).to.deep.equal([
        ["crm-profiles/2026/11/26/blank-lines.csv", 6, 1],
        ["crm-profiles/2026/11/26/cr.csv", 3, 1],
        ["crm-profiles/2026/11/26/crlf.csv", 3, 1],
        ["crm-profiles/2026/11/26/empty.csv", 0, 0],
        ["crm-profiles/2026/11/26/header-only.csv", 1, 1],
        ["crm-profiles/2026/11/26/mixed.csv", 6, 2],
        ["crm-profiles/2026/11/26/no-final-newline.csv", 3, 1],
      ]);
    } finally {
      db.closeSync();
      instance.closeSync();
    }
  });
});
