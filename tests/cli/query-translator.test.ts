import { expect } from "chai";
import { startZetaSql, type ZetaSqlService } from "../../fidelity/zetasql/service";
import { Warehouse } from "../../runner/local/warehouse";
import { initTranslator } from "../../runner/translate";
import { polyglotStarted, stopPolyglot } from "../../runner/translate/polyglot";
import { PROJECT, queryFixture, runQuery } from "./query-fixture";

describe("gigamart query and its translator thread", function () {
  this.timeout(300_000);
  let service: ZetaSqlService;
  let file: string;

  before(async () => {
    [service, { file }] = await Promise.all([startZetaSql(), queryFixture()]);
    // customers now requires a partition filter, which the query learns only after its first translation
    const warehouse = await Warehouse.open(file);
    await warehouse.attach(PROJECT);
    await warehouse.recordTableOptions({ database: PROJECT, schema: "analytics", name: "customers" }, { partitionBy: "DATE(updated_at)", requirePartitionFilter: true }, false);
    warehouse.close();
  });
  after(async () => service?.stop());

  it("ends the thread it started before the rows stream, and keeps one its caller started", async () => {
    await stopPolyglot();
    expect((await runQuery("select id from analytics.events order by id", file, service)).out).to.equal("id\n1\n2\n3\n");
    expect(polyglotStarted()).to.equal(false);
    await initTranslator();
    expect((await runQuery("select count(*) as n from analytics.events", file, service)).out).to.equal("n\n3\n");
    expect(polyglotStarted()).to.equal(true);
  });

  it("refuses a query without the partition filter a table requires, and runs it with one", async () => {
    for (const started of [false, true]) {
      if (!started) await stopPolyglot();
      const refused = await runQuery("select customer_id from analytics.customers", file, service).then(() => undefined, (err: Error) => err.message);
      expect(refused).to.match(/^Cannot query over table 'gigamart-dev\.analytics\.customers' without a filter over column\(s\) 'updated_at'/);
      const { out } = await runQuery("select customer_id from analytics.customers where updated_at > '2026-01-01'", file, service);
      expect(out).to.equal("customer_id\nC1\n");
      expect(polyglotStarted()).to.equal(started);
      await initTranslator();
    }
  });

  it("lets the analyzer refuse a statement before any translation error is reported", async () => {
    const refused = await runQuery("copy (select 1 as x) to 'W'", file, service).then(() => undefined, (err: Error) => err.message);
    expect(refused).to.match(/^query refused: /);
  });
});
