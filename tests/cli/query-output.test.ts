import { DuckDBInstance } from "@duckdb/node-api";
import { expect } from "chai";
import { startZetaSql, type ZetaSqlService } from "../../fidelity/zetasql/service";
import { writeResult, type QueryFormat } from "../../runner/local/query-output";
import { initTranslator } from "../../runner/translate";
import { queryWarehouse } from "../../cli/commands/query";
import { PROJECT, queryFixture, runQuery } from "./query-fixture";

describe("gigamart query output streams", function () {
  this.timeout(300_000);
  let service: ZetaSqlService;
  let file: string;
  const query = (sql: string, options: Parameters<typeof runQuery>[3] = {}) => runQuery(sql, file, service, options);
  const BIG = 250_000;
  const big = `select x, mod(x, 2) = 0 as even from unnest(generate_array(1, ${BIG})) as x order by x`;

  before(async () => {
    // one translator for the many queries, as for the analyzer
    [service, { file }] = await Promise.all([startZetaSql(), queryFixture(), initTranslator()]);
  });
  after(async () => service?.stop());

  it("writes BOOL as true/false in CSV, NULL as an empty field and the empty string as \"\"", async () => {
    const { out } = await query("select id, flag, note from analytics.events where event_date > '2000-01-01' order by id");
    expect(out).to.equal('id,flag,note\n1,false,""\n2,true,"note, ""quoted"""\n3,false,\n');
  });

  it("writes CSV of a big result chunk by chunk, never the whole result at once", async () => {
    const { out, writes } = await query(big);
    const lines = out.trimEnd().split("\n");
    expect(lines.length).to.equal(BIG + 1);
    expect(lines[BIG]).to.equal(`${BIG},true`);
    expect(writes.length).to.be.greaterThan(BIG / 2048);
    expect(Math.max(...writes)).to.be.lessThan(2048 * 20);
  });

  it("writes CSV lines of many-byte characters whole, however many bytes a chunk's lines take", async () => {
    // 2,048 lines of 1.8 KB of two-, three- and four-byte UTF-8: a chunk takes several MB
    const text = "é€𝄞".repeat(200);
    const { out } = await query(`select x, repeat('é€𝄞', 200) as s from unnest(generate_array(1, 5000)) as x order by x`);
    const lines = out.trimEnd().split("\n");
    expect(lines.length).to.equal(5001);
    expect(lines.slice(1).every((line, i) => line === `${i + 1},${text}`)).to.equal(true);
  });

  it("writes JSON as the array JSON.stringify(rows, null, 2) gives, one chunk at a time", async () => {
    const { out, writes } = await query(big, { format: "json" });
    const rows = JSON.parse(out) as { x: string; even: boolean }[];
    expect(rows.length).to.equal(BIG);
    expect(rows[0]).to.deep.equal({ x: "1", even: false });
    expect(writes.length).to.be.greaterThan(BIG / 2048);
    const small = await query("select id, tags, note from analytics.events where event_date > '2000-01-01' order by id", { format: "json" });
    expect(small.out).to.equal(JSON.stringify(JSON.parse(small.out), null, 2) + "\n");
    expect((await query("select 1 as x limit 0", { format: "json" })).out).to.equal("[]\n");
  });

  it("shows the first --max-rows rows of a table and says how many it left out", async () => {
    const { out } = await query(big, { format: "table", maxRows: 5 });
    expect(out).to.contain("│ 5 ").and.not.to.contain("│ 6 ");
    expect(out.trimEnd().split("\n").pop()).to.equal("(250,000 rows; showing the first 5, 249,995 left out: raise --max-rows to see more)");
    expect((await query("select 'x' as letter", { format: "table" })).out).to.match(/\(1 row\)\n$/);
  });

  it("shows a sorted query's first rows in its order, and an empty result as 0 rows", async () => {
    const { out } = await query(big.replace("order by x", "order by x desc"), { format: "table", maxRows: 2 });
    expect(out).to.contain(`│ ${BIG} `).and.to.contain(`│ ${BIG - 1} `).and.not.to.contain(`│ ${BIG - 2} `);
    expect((await query("select 1 as x limit 0", { format: "table" })).out).to.match(/\(0 rows\)\n$/);
  });

  it("fails a query whose row 200,000 raises an error in every format, before writing any of its rows", async () => {
    // DuckDB's stream of this query ends quietly at the failing row as if it were complete.
    const failing = `select if(x = 200000, error('row 200000 is bad'), x) as x from unnest(generate_array(1, ${BIG})) as x`;
    for (const format of ["csv", "json", "table"] as QueryFormat[]) {
      let written = "";
      const outcome = await queryWarehouse(failing, {
        file, project: PROJECT, region: "asia-south1", format, maxRows: 100, service,
        sink: { isTTY: false, write: async (data) => void (written += Buffer.from(data).toString("utf8")) },
      }).then(() => "no error", (err: Error) => err.message);
      expect(outcome, format).to.match(/row 200000 is bad/);
      expect(written, format).to.equal("");
    }
  });

  it("fails a result DuckDB cut short under its memory limit instead of ending it as complete", async () => {
    // A sort that fits DuckDB's 24 MB only in part: its stream stops quietly after some 240,000 of the
    // 1,000,000 rows (DuckDB 1.5). Whatever DuckDB does, the output is all of the rows or an error.
    const instance = await DuckDBInstance.create(":memory:", { memory_limit: "24MB", threads: "2" });
    const connection = await instance.connect();
    try {
      await connection.run("SET streaming_buffer_size = '100KB'");
      let lines = 0;
      const sink = { isTTY: false, write: async (data: string | Uint8Array) => void (lines += Buffer.from(data).toString("utf8").split("\n").length - 1) };
      const written = await writeResult(connection, "select i, 'row-' || i as s from range(1000000) t(i) order by s desc", "csv", sink, { maxRows: 100 }).then(
        () => "complete",
        (err: Error) => err.message,
      );
      if (written === "complete") expect(lines).to.equal(1_000_001);
      else expect(written).to.match(/ended the result after [\d,]+ of its 1,000,000 rows|Out of Memory/);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });

  it("streams a query that samples with RAND() whole, though its second run counts other rows", async () => {
    // over a table: DuckDB 1.5 evaluates a filter of RAND() alone once, not per row, over an UNNEST
    const { file: sampled } = await queryFixture(BIG);
    for (let run = 0; run < 3; run++) {
      const { out } = await runQuery("select id from analytics.events where rand() < 0.5", sampled, service);
      expect(out.trimEnd().split("\n").length - 1).to.be.within(BIG * 0.45, BIG * 0.55);
    }
  });

  it("colours the table only on a terminal", async () => {
    expect((await query("select 1 as x", { format: "table" })).out).not.to.contain("\u001b[");
  });
});
