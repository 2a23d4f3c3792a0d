import { expect } from "chai";
import { startZetaSql, type ZetaSqlService } from "../../fidelity/zetasql/service";
import { initTranslator } from "../../runner/translate";
import { queryFixture, runQuery } from "./query-fixture";

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

  it("colours the table only on a terminal", async () => {
    expect((await query("select 1 as x", { format: "table" })).out).not.to.contain("\u001b[");
  });
});
