import * as fs from "node:fs";
import * as path from "node:path";
import * as zlib from "node:zlib";
import { expect } from "chai";
import { Command } from "commander";
import { ingestLocal, register } from "../../cli/commands/ingest";
import { loadConfig } from "../../config/load";
import { CsvRecordJoiner, ingestLanding, type IngestReport } from "../../ingestion/load";
import { queryWarehouse, tempDir, writeFiles } from "./helpers";

const PROJECT = "gigamart-test";
const NOW = new Date("2026-11-27T10:00:00Z");

const pos = (id: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    transaction_id: id,
    store_id: "S001",
    event_ts: "2026-11-26T12:00:00+05:30",
    currency: "INR",
    lines: [{ line_no: 1, product_id: "P1", quantity: 2, unit_price: 10 }],
    total_amount: 20,
    ...extra,
  });

const CRM_HEADER = "customer_id,first_name,last_name,email,phone,loyalty_tier,city,country,updated_at";
const MEGABYTE = "x".repeat(1024 * 1024);

/** The hand-made bad-input corpus of issue 4, with what each file must give. */
function corpus(): Record<string, string | Buffer> {
  const gz = zlib.gzipSync(Buffer.from([pos("G1"), pos("G2", { store_id: { nested: "object" } }), pos("G3", { note: MEGABYTE }), MEGABYTE].join("\n") + "\n"));
  return {
    "pos/2026-11-26/good.jsonl": [pos("A1"), pos("A2"), pos("A3")].join("\n") + "\n",
    "pos/2026-11-26/mixed.jsonl.gz": gz,
    "pos/2026-11-26/truncated.jsonl.gz": gz.subarray(0, Math.floor(gz.length / 2)),
    "pos/2026-11-27/garbage.jsonl": [pos("B1"), "\u0001\u0002\u0003\u007f garbage \u0000", "", pos("B2"), '{"transaction_id": "B3"'].join("\r\n") + "\r\n",
    "pos/2026-11-27/binary.jsonl": Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x00, 0xc3, 0x28, 0x0a, 0x80, 0x81]),
    "crm-profiles/2026-11-26/empty.csv": "",
    "crm-profiles/2026-11-26/header_only.csv": CRM_HEADER + "\n",
    "crm-profiles/2026-11-26/messy.csv":
      "\ufeff" +
      [
        CRM_HEADER,
        'c1,"Ann, B",Shah,ann@x.in,9876543210,GOLD,Pune,IN,2026-11-20T10:00:00Z',
        'c2,"Two\r\nLines",Rao,rao@x.in,,SILVER,Goa,IN,2026-11-20T10:00:00Z',
        'c3,"Unbalanced,Rao,r@x.in,,SILVER,Goa,IN,2026-11-20T10:00:00Z',
        "c4,Dee,Iyer,dee@x.in,,NONE,Chennai,IN,2026-11-20T10:00:00Z",
      ].join("\r\n") +
      "\r\n",
    "crm-profiles/2026-11-27/dup.csv": "customer_id,email,email,updated_at\nc5,a@x.in,b@x.in,2026-11-21T00:00:00Z\n",
    "stores/stores.csv": "store_id,store_name,city,state,region,format,opened_date,closed_date\ns001,Andheri,mumbai,maharashtra,west,hyper,2020-01-01,\n",
  };
}

interface Expected {
  status: string;
  lines: number;
  rows: number;
  headers: number;
}

const EXPECTED: Record<string, Expected> = {
  "pos/2026-11-26/good.jsonl": { status: "loaded", lines: 3, rows: 3, headers: 0 },
  "pos/2026-11-26/mixed.jsonl.gz": { status: "loaded", lines: 4, rows: 4, headers: 0 },
  "pos/2026-11-26/truncated.jsonl.gz": { status: "unreadable", lines: 0, rows: 0, headers: 0 },
  "pos/2026-11-27/garbage.jsonl": { status: "loaded", lines: 5, rows: 5, headers: 0 },
  // Bytes that are not UTF-8 are decoded to U+FFFD as Dataflow's TextIO does: INVALID rows, not a lost file.
  "pos/2026-11-27/binary.jsonl": { status: "loaded", lines: 2, rows: 2, headers: 0 },
  "crm-profiles/2026-11-26/empty.csv": { status: "unreadable", lines: 0, rows: 0, headers: 0 },
  "crm-profiles/2026-11-26/header_only.csv": { status: "loaded", lines: 1, rows: 0, headers: 1 },
  // 6 physical lines: the quoted CRLF joins two into one record.
  "crm-profiles/2026-11-26/messy.csv": { status: "loaded", lines: 5, rows: 4, headers: 1 },
  "crm-profiles/2026-11-27/dup.csv": { status: "loaded", lines: 2, rows: 1, headers: 1 },
  "stores/stores.csv": { status: "loaded", lines: 2, rows: 1, headers: 1 },
};

describe("local loader (ingestLanding)", function () {
  let landing: string;
  let warehouse: string;
  let first: IngestReport;

  const ingest = (extra: Partial<Parameters<typeof ingestLanding>[0]> = {}) =>
    ingestLanding({ landingDir: landing, warehouseFile: warehouse, project: PROJECT, now: NOW, progress: false, ...extra });
  const query = (sql: string) => queryWarehouse(warehouse, PROJECT, sql);

  before(async () => {
    const dir = tempDir("loader");
    landing = path.join(dir, "landing");
    warehouse = path.join(dir, "warehouse.duckdb");
    writeFiles(landing, corpus());
    first = await ingest();
  });

  it("accounts for every file of the bad-input corpus: lines read = bronze rows + header lines", () => {
    const got = Object.fromEntries(first.files.map((f) => [f.file, { status: f.status, lines: f.linesRead, rows: f.bronzeRows, headers: f.headerLines }]));
    expect(got).to.deep.equal(EXPECTED);
  });

  it("reports unreadable files by name and why, and loads the rest", () => {
    const errors = Object.fromEntries(first.files.filter((f) => f.status === "unreadable").map((f) => [f.file, f.error]));
    expect(errors["crm-profiles/2026-11-26/empty.csv"]).to.equal("empty file");
    expect(errors["pos/2026-11-26/truncated.jsonl.gz"]).to.match(/^truncated gzip/);
  });

  it("writes one manifest row per file whose counts match the bronze tables", async () => {
    const manifest = await query(`SELECT source_file, status, lines_read, bronze_rows, header_lines, bronze_table, file_version FROM "${PROJECT}".giga_raw.ingest_manifest ORDER BY source_file`);
    expect(manifest).to.have.length(Object.keys(EXPECTED).length);
    for (const m of manifest) {
      expect(Number(m.lines_read), String(m.source_file)).to.equal(Number(m.bronze_rows) + Number(m.header_lines));
      const [count] = await query(`SELECT count(*) AS n FROM "${PROJECT}".giga_raw.${m.bronze_table} WHERE source_file = '${m.source_file}'`);
      expect(Number(count!.n), String(m.source_file)).to.equal(Number(m.bronze_rows));
    }
  });

  it("gives each bad line its dq_errors code", async () => {
    const codes = async (table: string, where: string) =>
      (await query(`SELECT dq_status, dq_errors FROM "${PROJECT}".giga_raw.${table} WHERE ${where}`)).map((r) => `${r.dq_status}:${(r.dq_errors as string[]).join("+")}`);
    expect(await codes("raw_pos_transactions", "raw_payload LIKE '%garbage%'")).to.deep.equal(["INVALID:UNPARSEABLE"]);
    expect(await codes("raw_pos_transactions", "raw_payload = ''")).to.deep.equal(["INVALID:UNPARSEABLE"]);
    expect(await codes("raw_pos_transactions", `raw_payload = '{"transaction_id": "B3"'`)).to.deep.equal(["INVALID:TRUNCATED_RECORD"]);
    expect(await codes("raw_pos_transactions", "source_file = 'pos/2026-11-27/binary.jsonl' ORDER BY raw_payload")).to.deep.equal(["INVALID:INVALID_UTF8+TRUNCATED_RECORD", "INVALID:INVALID_UTF8+UNPARSEABLE"]);
    expect(await codes("raw_pos_transactions", "raw_payload LIKE '%\"nested\"%'")).to.deep.equal(["INVALID:BAD_TYPE"]);
    expect(await codes("raw_pos_transactions", `raw_payload = '${MEGABYTE}'`)).to.deep.equal(["INVALID:UNPARSEABLE"]);
    // A member the contract does not know would be lost from a VALID row: the line is kept.
    expect(await codes("raw_pos_transactions", `transaction_id = 'G3' AND raw_payload LIKE '%"note"%'`)).to.deep.equal(["WARN:UNKNOWN_COLUMN"]);
    expect(await codes("raw_crm_customers", "raw_payload LIKE 'c3,%'")).to.deep.equal(["INVALID:UNPARSEABLE"]);
    expect(await codes("raw_crm_customers", "customer_id = 'C5'")).to.deep.equal(["INVALID:DUPLICATE_COLUMN+MISSING_COLUMN"]);
    expect(await codes("raw_crm_customers", "customer_id IN ('C1', 'C2', 'C4')")).to.deep.equal(["VALID:", "VALID:", "VALID:"]);
  });

  it("keeps quoted commas and newlines, and strips the BOM and CRLF", async () => {
    const rows = await query(`SELECT customer_id, first_name FROM "${PROJECT}".giga_raw.raw_crm_customers WHERE customer_id IN ('C1', 'C2') ORDER BY 1`);
    expect(rows).to.deep.equal([
      { customer_id: "C1", first_name: "Ann, B" },
      { customer_id: "C2", first_name: "Two Lines" },
    ]);
  });

  it("stores typed values: NUMERIC at full precision, UTC timestamps, local partition dates", async () => {
    const [row] = await query(
      `SELECT total_amount::VARCHAR AS total, lines[1].unit_price::VARCHAR AS price, event_ts::VARCHAR AS ts, event_date::VARCHAR AS d, ingestion_ts::VARCHAR AS its
       FROM "${PROJECT}".giga_raw.raw_pos_transactions WHERE transaction_id = 'A1'`,
    );
    expect(row).to.deep.equal({ total: "20.000000000", price: "10.000000000", ts: "2026-11-26 06:30:00+00", d: "2026-11-26", its: "2026-11-27 10:00:00+00" });
  });

  it("does nothing when the same files are ingested again", async () => {
    const again = await ingest();
    expect(again.files.map((f) => f.status)).to.deep.equal(Object.keys(EXPECTED).map(() => "unchanged"));
    const [m] = await query(`SELECT count(*) AS n FROM "${PROJECT}".giga_raw.ingest_manifest`);
    expect(Number(m!.n)).to.equal(Object.keys(EXPECTED).length);
    const [p] = await query(`SELECT count(*) AS n FROM "${PROJECT}".giga_raw.raw_pos_transactions`);
    expect(Number(p!.n)).to.equal(14);
  });

  it("loads a changed file under the same name as a new version and says so", async () => {
    fs.appendFileSync(path.join(landing, "pos/2026-11-26/good.jsonl"), pos("A4") + "\n");
    const logged: string[] = [];
    const report = await ingest({ source: "pos", log: (l) => logged.push(l) });
    const changed = report.files.find((f) => f.file === "pos/2026-11-26/good.jsonl")!;
    expect(changed).to.include({ status: "new_version", version: 2, linesRead: 4, bronzeRows: 4 });
    expect(logged).to.include("pos/2026-11-26/good.jsonl: changed since v1, loaded as v2: 4 lines = 4 rows + 0 header (0 invalid, 0 warn)");
    expect(report.files.filter((f) => f.status !== "unchanged")).to.have.length(1);
    const versions = await query(
      `SELECT file_version, bronze_rows FROM "${PROJECT}".giga_raw.ingest_manifest WHERE source_file = 'pos/2026-11-26/good.jsonl' ORDER BY 1`,
    );
    expect(versions.map((v) => [Number(v.file_version), Number(v.bronze_rows)])).to.deep.equal([[1, 3], [2, 4]]);
  });

  it("rejects a time zone the UDF cannot apply, before touching the warehouse", async () => {
    let error: Error | undefined;
    await ingest({ timeZone: "America/New_York" }).catch((e: Error) => (error = e));
    expect(error?.message).to.equal("source time zone 'America/New_York' is not one the UDF supports (Asia/Kolkata, UTC or a fixed +HH:MM offset)");
  });
});

describe("local loader, a file that breaks after part of it was loaded", () => {
  it("rolls the whole file back and records it UNREADABLE", async () => {
    const dir = tempDir("rollback");
    // Random ids keep the gzip from compressing to nothing, so it breaks only after many lines.
    const lines = Array.from({ length: 2000 }, (_, i) => pos(`R${i}-${Math.random()}`)).join("\n") + "\n";
    const gz = zlib.gzipSync(Buffer.from(lines));
    writeFiles(path.join(dir, "landing"), { "pos/late_break.jsonl.gz": gz.subarray(0, gz.length - 100), "pos/ok.jsonl": pos("OK") + "\n" });
    const warehouse = path.join(dir, "w.duckdb");
    // Tiny chunks: several bulk loads have run before the bad byte is read.
    const report = await ingestLanding({ landingDir: path.join(dir, "landing"), warehouseFile: warehouse, project: PROJECT, progress: false, chunkChars: 2000 });
    expect(report.files.map((f) => [f.file, f.status, f.bronzeRows])).to.deep.equal([
      ["pos/late_break.jsonl.gz", "unreadable", 0],
      ["pos/ok.jsonl", "loaded", 1],
    ]);
    expect(report.files[0]!.error).to.match(/^truncated gzip \(after line 19\d\d\)$/);
    const rows = await queryWarehouse(warehouse, PROJECT, `SELECT source_file, count(*) AS n FROM "${PROJECT}".giga_raw.raw_pos_transactions GROUP BY 1`);
    expect(rows).to.deep.equal([{ source_file: "pos/ok.jsonl", n: "1" }]);
  });
});

describe("CSV record joining", () => {
  const join = (lines: string[]) => {
    const out: string[] = [];
    const j = new CsvRecordJoiner();
    for (const l of lines) j.push(l, out);
    j.end(out);
    return out;
  };

  it("joins physical lines while a quoted field is open", () => {
    expect(join(['a,"b', 'c",d', "e,f"])).to.deep.equal(['a,"b\nc",d', "e,f"]);
  });

  it("gives an unbalanced quote its own line and rescans the rest", () => {
    expect(join(["h1,h2", 'a,"b', "c,d", "e,f"])).to.deep.equal(["h1,h2", 'a,"b', "c,d", "e,f"]);
  });
});

describe("gigamart ingest command", () => {
  it("loads into the config's project catalog and bronze dataset", async () => {
    const dir = tempDir("cli");
    writeFiles(path.join(dir, "landing"), { "pos/a.jsonl": pos("C1") + "\n" });
    const warehouse = path.join(dir, "w.duckdb");
    const logged: string[] = [];
    const report = await ingestLocal({ landing: path.join(dir, "landing"), warehouse, source: "all", env: "dev" }, loadConfig("dev"), (l) => logged.push(l));
    expect(report.files.map((f) => f.status)).to.deep.equal(["loaded"]);
    expect(logged[0]).to.match(/^pos\/a\.jsonl: loaded v1: 1 lines = 1 rows \+ 0 header/);
    const [row] = await queryWarehouse(warehouse, "gigamart-dev", `SELECT transaction_id FROM "gigamart-dev".giga_raw.raw_pos_transactions`);
    expect(row).to.deep.equal({ transaction_id: "C1" });
  });

  it("refuses an unknown source with one line naming the choices", async () => {
    const program = new Command("gigamart").exitOverride().configureOutput({ writeErr: () => undefined });
    register(program);
    let error: Error | undefined;
    await program.parseAsync(["node", "gigamart", "ingest", "--source", "loyalty"]).catch((e: Error) => (error = e));
    expect(error?.message).to.match(/^error: option '--source <source>' argument 'loyalty' is invalid\. Allowed choices are stores, products, crm, inventory, pos, ecom, all\./);
  });
});
