import { expect } from "chai";
import * as path from "node:path";
import { queryWarehouse, tempDir, writeFiles } from "../ingestion/helpers";
import { gigamart } from "./gigamart";

const PROJECT = "gigamart-dev";
const SALE = (id: string) =>
  JSON.stringify({ transaction_id: id, store_id: "S001", event_ts: "2026-11-30T10:00:00+05:30", total_amount: 10, lines: [{ product_id: "P1", quantity: 1, unit_price: 10, discount: 0 }] });

describe("gigamart ingest --stream", function () {
  this.timeout(60_000);

  it("replays stdin, one message a line, and prints counts that add up to the messages sent", async () => {
    const warehouse = path.join(tempDir("cli-stream"), "w.duckdb");
    const run = gigamart(["ingest", "--stream", "--warehouse", warehouse, "--rate", "200"], {}, `${SALE("T1")}\nnot json\n\n${SALE("T2")}\n`);
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.match(/^stream pubsub\/pos-transactions-sub: 3 messages in [\d.]+s \(\d+ msg\/s, asked 200\): 3 bronze rows \+ 0 dead letters \+ 0 dropped = 3\n$/);
    const rows = await queryWarehouse(warehouse, PROJECT, `SELECT transaction_id, coalesce(raw_payload = 'not json', false) AS unparseable FROM "${PROJECT}".giga_raw.raw_pos_transactions ORDER BY 1`);
    expect(rows.map((r) => `${r.transaction_id} ${r.unparseable}`)).to.deep.equal(["T1 false", "T2 false", "null true"]);
  });

  it("replays a landing folder's pos/ files", async () => {
    const dir = tempDir("cli-stream-landing");
    writeFiles(dir, { "landing/pos/2026/11/30/a.jsonl": `${SALE("T1")}\n${SALE("T2")}\n`, "landing/pos/2026/11/30/b.jsonl": `${SALE("T3")}\n` });
    const run = gigamart(["ingest", "--stream", "--landing", path.join(dir, "landing"), "--warehouse", path.join(dir, "w.duckdb")]);
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.contain(": 3 messages in ").and.contain("3 bronze rows + 0 dead letters + 0 dropped = 3");
  });

  it("refuses a rate that is not a positive number, and --rate without --stream", () => {
    expect(gigamart(["ingest", "--stream", "--rate", "0"]).firstErrorLine).to.equal("gigamart: --rate '0': expected messages per second, a number above 0");
    expect(gigamart(["ingest", "--rate", "5"]).firstErrorLine).to.equal("gigamart: --rate: give --stream too");
  });
});
