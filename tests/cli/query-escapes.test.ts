import { expect } from "chai";
import { spawn } from "node:child_process";
import * as path from "node:path";
import { queryWarehouse } from "../../cli/commands/query";
import { startZetaSql, type ZetaSqlService } from "../../fidelity/zetasql/service";
import { Warehouse } from "../../runner/local/warehouse";
import { initTranslator } from "../../runner/translate";
import { PROJECT, queryFixture, snapshot } from "./query-fixture";

const BIN = path.resolve(__dirname, "../../cli/bin.js");

/** The real `gigamart query`, spawned without blocking, so several run at once. */
function gigamartAsync(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: path.resolve(__dirname, "../..") });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

async function pool<T, R>(items: T[], size: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: size }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  }));
  return results;
}

type Fixture = Awaited<ReturnType<typeof queryFixture>>;
const fill = (sql: string, f: Fixture) => sql.replace(/FILE/g, f.file).replace(/VICTIM/g, f.victim).replace(/CANARY/g, f.canary).replace(/DIR/g, f.dir);

/** Each DuckDB or BigQuery way to write, read a file, change settings or run more than a query. */
const CLI_ESCAPES = [
  "copy (select 1 as x) to 'FILE'",
  "copy analytics.events from 'CANARY'",
  "export database 'DIR/exported'",
  "attach 'VICTIM' as v",
  "attach 'VICTIM' as v; delete from v.t where true",
  'detach "gigamart-dev"',
  "install httpfs",
  "load httpfs",
  "set enable_external_access = true",
  "pragma enable_profiling",
  "reset lock_configuration",
  "select * from read_csv('CANARY')",
  "select * from read_parquet('CANARY')",
  "select * from read_json('CANARY')",
  "select * from read_text('CANARY')",
  "select * from glob('DIR/*')",
  "create table analytics.x as select 1 as a",
  "insert into analytics.events (id) values (99)",
  "delete from analytics.events where true",
  "drop table analytics.events",
  "select 1; delete from analytics.events where true",
  "select getenv('HOME')",
];

const MORE_ESCAPES = [
  "select * from 'CANARY'",
  "select * from `CANARY`",
  "select * from read_blob('CANARY')",
  "select * from read_csv_auto('CANARY')",
  "select * from sniff_csv('CANARY')",
  "select * from parquet_metadata('CANARY')",
  "update analytics.events set id = 0 where true",
  "truncate table analytics.events",
  "merge analytics.events t using (select 1 as id) s on t.id = s.id when matched then delete",
  "alter table analytics.events add column z int64",
  "create schema evil",
  "create temp table x as select 1 as a",
  "create function analytics.f() as (1)",
  "declare x int64 default 1; select x",
  "export data options(uri='gs://bucket/*.csv', format='CSV') as select 1 as a",
  "load data into analytics.x from files(format='CSV', uris=['CANARY'])",
  "execute immediate \"delete from analytics.events where true\"",
  "begin delete from analytics.events where true; end",
  "call analytics.p()",
  "checkpoint",
  "vacuum",
  "use memory",
  "select current_setting('threads')",
  "select * from duckdb_settings()",
  "select 1 as x; copy (select 1) to 'FILE'",
  "with x as (select 1 as a) select * from x; drop table analytics.events",
  "select id from analytics.events where event_date > '2000-01-01' union all select * from read_csv('CANARY')",
];

describe("gigamart query reads the warehouse and nothing else", function () {
  this.timeout(600_000);
  let f: Fixture;
  let original: Record<string, string>;

  before(async () => {
    f = await queryFixture();
    original = snapshot(f.dir);
  });

  it("refuses every escape, spawned as a user runs it, in one line saying why", async () => {
    const results = await pool(CLI_ESCAPES, 3, (sql) => gigamartAsync(["query", fill(sql, f), "--warehouse", f.file]));
    results.forEach((r, i) => {
      const why = `${CLI_ESCAPES[i]} -> ${r.stderr}`;
      expect(r.code, why).to.equal(1);
      expect(r.stderr, why).to.match(/^gigamart: query refused: .+\n$/);
      expect(r.stdout + r.stderr, why).not.to.contain(f.secret);
    });
    expect(snapshot(f.dir)).to.deep.equal(original);
  });

  it("still answers a query afterwards, from the same unchanged files", async () => {
    const r = await gigamartAsync(["query", "select count(*) as n from analytics.events where event_date >= '2026-01-01'", "--warehouse", f.file, "--format", "csv"]);
    expect(r.stdout, r.stderr).to.equal("n\n3\n");
  });

  describe("in process, with one analyzer for many queries", () => {
    let service: ZetaSqlService;
    before(async () => ([service] = await Promise.all([startZetaSql(), initTranslator()])));
    after(async () => service?.stop());

    it("refuses DuckDB's other file readers, BigQuery's writing statements and scripts", async () => {
      for (const sql of MORE_ESCAPES) {
        let out = "";
        const run = queryWarehouse(fill(sql, f), {
          file: f.file, project: PROJECT, region: "asia-south1", format: "csv", maxRows: 10, service,
          sink: { isTTY: false, write: async (text) => void (out += text) },
        });
        const error = await run.then(() => undefined, (e: Error) => e);
        expect(error?.message, sql).to.match(/^query refused: /);
        expect(`${out}${error?.message}`, sql).not.to.contain(f.secret);
      }
      expect(snapshot(f.dir)).to.deep.equal(original);
    });
  });

  it("holds without the analyzer: the locked-down DuckDB connection refuses the same escapes itself", async () => {
    const warehouse = await Warehouse.open(f.file, { readOnly: true });
    try {
      await warehouse.attach(PROJECT);
      await warehouse.lockDown();
      const escapes = [
        ...CLI_ESCAPES.filter((sql) => !/^(detach|pragma|select 1;)/.test(sql)).map((sql) => sql.replace(/analytics\./g, `"${PROJECT}".analytics.`)),
        "select * from 'CANARY'",
        "select * from read_blob('CANARY')",
        "set threads = 1",
        "set allowed_directories = ['/']",
        "set enable_external_access = true",
        "set lock_configuration = false",
      ];
      for (const sql of escapes) {
        const error = await warehouse.connection.run(fill(sql, f)).then(() => undefined, (e: Error) => e);
        expect(error, sql).to.be.instanceOf(Error);
        expect(error!.message, sql).not.to.contain(f.secret);
      }
    } finally {
      warehouse.close();
    }
    expect(snapshot(f.dir)).to.deep.equal(original);
  });
});
