import { expect } from "chai";
import * as path from "node:path";
import { startZetaSql, type ZetaSqlService } from "../../fidelity/zetasql/service";
import type { CompiledGraph } from "../../runner/dataform/compiled-graph";
import { Warehouse } from "../../runner/local/warehouse";
import { runLocal } from "../../runner/targets/local";
import type { RunResult } from "../../runner/targets/run-result";
import { compileFixture, tempDir } from "./fixtures";

const WATERMARK = "2026-11-01 11:00:00";

describe("rows affected, per action, on a local run", function () {
  let service: ZetaSqlService;
  let file: string;
  before(async () => {
    service = await startZetaSql();
  });
  after(() => service.stop());
  beforeEach(() => {
    file = path.join(tempDir(), "warehouse.duckdb");
  });

  /** SQL straight on the warehouse file: the test's own hands. */
  async function sql(...statements: string[]): Promise<number> {
    const warehouse = await Warehouse.open(file);
    try {
      await warehouse.attach("fixture-proj");
      let last = 0;
      for (const s of statements) last = Number((await warehouse.connection.runAndReadAll(s)).getRows()[0]?.[0] ?? 0);
      return last;
    } finally {
      warehouse.close();
    }
  }
  const count = (from: string) => sql(`SELECT count(*) FROM "fixture-proj".${from}`);
  const run = async (graph?: CompiledGraph): Promise<RunResult> =>
    runLocal({ graph: graph ?? (await compileFixture("runner-basic")), warehouseFile: file, analyzer: service });
  const rows = (result: RunResult, name: string) => result.actions.find((a) => a.name.split(".").at(-1) === name)!.rowsAffected;

  async function seed(): Promise<void> {
    await sql(
      `CREATE SCHEMA IF NOT EXISTS "fixture-proj".raw`,
      `CREATE TABLE "fixture-proj".raw.events (id BIGINT, amount DECIMAL(38,9), updated_at TIMESTAMP)`,
      `INSERT INTO "fixture-proj".raw.events VALUES (1, 10.5, '2026-11-01 10:00:00'), (2, 20, '${WATERMARK}'), (4, 40, '2026-11-01 09:00:00')`,
    );
  }
  const secondBatch = () => sql(`INSERT INTO "fixture-proj".raw.events VALUES (1, 11, '2026-11-02 09:00:00'), (3, 30, '2026-11-02 10:00:00')`);

  it("gives a rebuilt table and a first incremental run the rows of the table they wrote", async () => {
    await seed();
    const first = await run();
    expect(first.status).to.equal("successful");
    for (const table of ["rebuilt", "merged", "appended", "kept", "ordered"]) {
      expect(rows(first, table), table).to.equal(await count(`analytics.${table}`)).and.to.be.greaterThan(0);
    }
    expect(rows(first, "merged")).to.equal(3);
  });

  it("gives an incremental run the rows its insert or merge wrote, as the rows newer than the watermark count them", async () => {
    await seed();
    await run();
    await secondBatch();
    const second = await run();
    const written = (table: string) => count(`analytics.${table} WHERE updated_at > '${WATERMARK}'`);
    expect(rows(second, "merged")).to.equal(await written("merged")).and.to.equal(2);
    expect(rows(second, "appended")).to.equal(await written("appended")).and.to.equal(2);
    expect(rows(second, "kept")).to.equal(await written("kept")).and.to.equal(2);
    expect(await count("analytics.merged")).to.equal(4);
  });

  it("leaves out the rows an incremental script writes to other tables, such as a log", async () => {
    await seed();
    const graph = structuredClone(await compileFixture("runner-basic"));
    const merged = graph.tables!.find((t) => t.target.name === "merged")!;
    merged.incrementalPreOps = [
      "create table if not exists `fixture-proj.analytics.merge_log` (note STRING)",
      "insert into `fixture-proj.analytics.merge_log` (note) values ('a'), ('b'), ('c')",
    ];
    await run(graph);
    await secondBatch();
    const second = await run(graph);
    expect(await count("analytics.merge_log")).to.equal(3);
    expect(rows(second, "merged")).to.equal(await count(`analytics.merged WHERE updated_at > '${WATERMARK}'`)).and.to.equal(2);
  });

  it("gives an assertion its failing rows and an operation its DML rows", async () => {
    await seed();
    await sql(`INSERT INTO "fixture-proj".raw.events VALUES (5, -5, '2026-11-01 08:00:00'), (6, -6, '2026-11-01 08:00:00')`);
    const graph = structuredClone(await compileFixture("runner-basic"));
    const audit = graph.operations!.find((o) => o.target?.name === "audit_log")!;
    audit.queries = [...audit.queries!, "insert into `fixture-proj.analytics.audit_log` (step, seq) values ('op', 0), ('op', 1)"];
    const result = await run(graph);
    expect(rows(result, "amounts_not_below_min")).to.equal(await count("checks.amounts_not_below_min")).and.to.equal(2);
    expect(rows(result, "audit_log")).to.equal(await count("analytics.audit_log WHERE step = 'op'")).and.to.equal(2);
  });
});
