import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { generateLanding } from "../../ingestion/generate";
import { UDF_BUNDLE_PATH } from "../../ingestion/udf/bundle_path";
import { DEAD_LETTER_COLUMNS, DROPPED, FAILURES, MAX_ROW_BYTES, type FailureKind } from "../../ingestion/stream/dead-letter-contract";
import { landingMessages } from "../../ingestion/stream/messages";
import { deadLetterTimestamp, replayStream, type StreamMessage } from "../../ingestion/stream/replay";
import { queryWarehouse, tempDir } from "./helpers";

const PROJECT = "gigamart-dev";
const CONTEXT = { source_file: "pubsub/pos-transactions-sub", run_id: "gigamart-pos-streaming-dev", time_zone: "Asia/Kolkata" };
const BUNDLE = fs.readFileSync(UDF_BUNDLE_PATH, "utf8");

/**
 * The shipped bundle plus a second script, as a javascriptTextTransformGcsPath glob loads several
 * files: it makes the UDF fail in each way the template's contract names, by the message's marker.
 */
const FAILING_BUNDLE =
  BUNDLE +
  `
var shipped_process_pos = process_pos;
process_pos = function (line) {
  if (line === "" || line === "THROW") throw new Error("boom on " + JSON.stringify(line));
  if (line === "NUMBER") return 42;
  if (line === "OBJECT") return { a: 1 };
  if (line === "TEXT") return "not json at all";
  if (line === "ARRAY") return "[1,2]";
  if (line === "NULL") return null;
  if (line === "EMPTY") return "";
  var row = JSON.parse(shipped_process_pos(line));
  if (row.store_id === "S-EXTRA") row.loyalty_tier = "GOLD";
  if (row.store_id === "S-BADTYPE") row.total_amount = "lots";
  if (row.store_id === "S-NOHASH") row.record_hash = null;
  return JSON.stringify(row);
};
`;

async function posLines(): Promise<string[]> {
  const landing = tempDir("stream-landing");
  await generateLanding({ outDir: landing, days: 1, startDate: "2026-11-30", seed: 5, stores: 2, products: 20, customers: 50, transactionsPerStoreDay: 15, ordersPerDay: 5 });
  const lines: string[] = [];
  for await (const m of landingMessages(landing)) lines.push(m.data);
  return lines;
}

const count = async (file: string, table: string) => Number((await queryWarehouse(file, PROJECT, `SELECT count(*) AS n FROM "${PROJECT}".giga_raw.${table}`))[0]!.n);
const ruleRegex = (template: string) => new RegExp(`^${template.split(/<[^>]*>/).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("[\\s\\S]*")}$`);

describe("POS stream replay (PubSub_to_BigQuery_Flex offline)", function () {
  this.timeout(120_000);
  let valid: string[];
  before(async () => {
    valid = await posLines();
    expect(valid.length).to.be.greaterThan(20);
  });

  it("fills bronze and the dead-letter table, and bronze rows + dead letters = messages sent, malformed ones included", async () => {
    const warehouse = path.join(tempDir("stream-counts"), "w.duckdb");
    const first = JSON.parse(valid[0]!) as Record<string, unknown>;
    // Over BigQuery's row limit once typed: the id twice (typed and in raw_payload, the row being WARN).
    const oversized = JSON.stringify({ ...first, transaction_id: "T-HUGE", note: "x", store_id: "S".repeat(MAX_ROW_BYTES / 2 + 10) });
    const malformed = ["{not json", '{"transaction_id": "T-1"', "\u0000", "[]", oversized];
    const messages: StreamMessage[] = [...valid, ...malformed].map((data) => ({ data }));
    const report = await replayStream(messages, { warehouseFile: warehouse, project: PROJECT, context: CONTEXT });

    expect(report.sent).to.equal(messages.length);
    expect(report.bronzeRows + report.deadLetters + report.dropped).to.equal(messages.length);
    expect(report.failures.insert_rejected, "the oversized row").to.equal(1);
    expect(report.dropped).to.equal(0);
    expect(await count(warehouse, "raw_pos_transactions")).to.equal(report.bronzeRows);
    expect(await count(warehouse, "raw_pos_transactions_dead_letter")).to.equal(report.deadLetters);
    const invalid = await queryWarehouse(warehouse, PROJECT, `SELECT raw_payload FROM "${PROJECT}".giga_raw.raw_pos_transactions WHERE dq_status = 'INVALID'`);
    expect(invalid.map((r) => r.raw_payload), "malformed JSON is an INVALID bronze row, as in the cloud: the UDF never throws on bad data").to.include.members(malformed.slice(0, 4));
    const sources = await queryWarehouse(warehouse, PROJECT, `SELECT DISTINCT source_file FROM "${PROJECT}".giga_raw.raw_pos_transactions`);
    expect(sources.map((r) => r.source_file)).to.deep.equal(["pubsub/pos-transactions-sub"]);
  });

  it("dead-letters every failure the template's contract names, with its columns, payload, message and stack trace", async () => {
    const warehouse = path.join(tempDir("stream-contract"), "w.duckdb");
    const row = (store: string) => JSON.stringify({ ...(JSON.parse(valid[1]!) as object), store_id: store });
    const cases: { data: string; kind: FailureKind | "dropped"; attributes?: Record<string, string> }[] = [
      { data: "THROW", kind: "udf_threw" },
      { data: "", attributes: { origin: "till-7" }, kind: "udf_threw" },
      { data: "NUMBER", kind: "udf_returned_non_string" },
      { data: "OBJECT", kind: "udf_returned_non_string" },
      { data: "TEXT", kind: "not_a_json_object" },
      { data: "ARRAY", kind: "not_a_json_object" },
      { data: row("S-EXTRA"), kind: "insert_rejected" },
      { data: row("S-BADTYPE"), kind: "insert_rejected" },
      { data: row("S-NOHASH"), kind: "insert_rejected" },
      { data: "NULL", kind: "dropped" },
      { data: "EMPTY", kind: "dropped" },
    ];
    const before = Date.now();
    const report = await replayStream(
      cases.map((c) => ({ data: c.data, attributes: c.attributes })),
      { warehouseFile: warehouse, project: PROJECT, context: CONTEXT, bundle: FAILING_BUNDLE },
    );
    expect(report.dropped, DROPPED.when).to.equal(2);
    expect(report.bronzeRows).to.equal(0);
    expect(report.deadLetters + report.dropped).to.equal(cases.length);

    const columns = await queryWarehouse(
      warehouse,
      PROJECT,
      `SELECT column_name FROM information_schema.columns WHERE table_catalog = '${PROJECT}' AND table_name = 'raw_pos_transactions_dead_letter' ORDER BY ordinal_position`,
    );
    expect(columns.map((c) => c.column_name)).to.deep.equal([...DEAD_LETTER_COLUMNS]);

    const rows = await queryWarehouse(
      warehouse,
      PROJECT,
      `SELECT epoch_ms(timestamp) AS ms, payloadString, decode(payloadBytes) = payloadString AS bytes_match, len(attributes) AS attrs, errorMessage, stacktrace FROM "${PROJECT}".giga_raw.raw_pos_transactions_dead_letter`,
    );
    const dead = cases.filter((c) => c.kind !== "dropped");
    expect(rows).to.have.length(dead.length);
    for (const c of dead) {
      const rule = FAILURES[c.kind as FailureKind];
      const payload = c.data === "" ? "{origin=till-7}" : c.data;
      const store = (text: unknown) => {
        try {
          return (JSON.parse(String(text)) as { store_id?: string }).store_id;
        } catch {
          return undefined;
        }
      };
      const found = rows.filter((r) => (rule.payload === "message" ? r.payloadString === payload : store(r.payloadString) === store(c.data)));
      expect(found, `${c.kind}: ${c.data.slice(0, 20)}`).to.have.length(1);
      const r = found[0]!;
      expect(String(r.errorMessage), `${c.kind} message`).to.match(ruleRegex(rule.errorMessage));
      expect(r.stacktrace !== null, `${c.kind} stack trace`).to.equal(rule.stacktrace);
      expect(r.bytes_match, "payloadBytes holds payloadString's bytes").to.equal(true);
      expect(Number(r.attrs), "the template leaves attributes empty").to.equal(0);
      expect(Number(r.ms)).to.be.within(before, Date.now());
    }
    const byKind = (k: FailureKind) => dead.filter((c) => c.kind === k).length;
    for (const k of Object.keys(FAILURES) as FailureKind[]) expect(report.failures[k], k).to.equal(byKind(k));
    const errors = rows.map((r) => String(r.errorMessage)).filter((m) => m.startsWith("{")).map((m) => JSON.parse(m).errors[0].message);
    expect(errors.sort()).to.deep.equal(["Cannot convert value to NUMERIC: total_amount must be a number.", "Missing required field: record_hash.", "no such field: loyalty_tier."]);
  });

  it("writes the template's timestamp format", () => {
    expect(deadLetterTimestamp(Date.UTC(2026, 11, 2, 7, 5, 9, 42))).to.equal("2026-12-02 07:05:09.042000");
  });

  it("paces messages at the stated rate", async () => {
    const warehouse = path.join(tempDir("stream-rate"), "w.duckdb");
    const report = await replayStream(valid.slice(0, 21).map((data) => ({ data })), { warehouseFile: warehouse, project: PROJECT, context: CONTEXT, rate: 100 });
    expect(report.seconds, "21 messages at 100/s span 0.2 s").to.be.at.least(0.2);
    expect(report.rate).to.be.below(110);
  });
});
