import { expect } from "chai";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { startZetaSql, type ZetaSqlService } from "../../fidelity/zetasql/service";
import { Warehouse } from "../../runner/local/warehouse";
import { RunRefused } from "../../runner/targets/analyzer-gate";
import { runLocal } from "../../runner/targets/local";
import { gigamart } from "../cli/gigamart";
import { BROKEN } from "../fidelity/helpers/broken-fixtures";
import { compileFixture, FIXTURES, tempDir } from "./fixtures";

const fileHash = (file: string) => createHash("sha256").update(fs.readFileSync(file)).digest("hex");

/** A warehouse holding the bronze table the broken fixtures read, so an ungated run would have work to do. */
async function bronzeWarehouse(): Promise<string> {
  const file = path.join(tempDir(), "warehouse.duckdb");
  const warehouse = await Warehouse.open(file);
  try {
    await warehouse.attach("gigamart-dev");
    for (const sql of [
      `CREATE SCHEMA "gigamart-dev".giga_raw`,
      `CREATE TABLE "gigamart-dev".giga_raw.raw_pos_transactions (transaction_id VARCHAR, store_id VARCHAR, event_ts TIMESTAMPTZ, total_amount DECIMAL(38,9),
         lines STRUCT(line_no BIGINT, product_id VARCHAR, quantity BIGINT)[], ingestion_ts TIMESTAMPTZ)`,
      `INSERT INTO "gigamart-dev".giga_raw.raw_pos_transactions VALUES ('t1', 's1', '2026-11-01 10:00:00+00', 12.5, [{'line_no': 1, 'product_id': 'p1', 'quantity': 2}], '2026-11-01 11:00:00+00')`,
    ]) {
      await warehouse.connection.run(sql);
    }
  } finally {
    warehouse.close();
  }
  return file;
}

async function refusal(run: Promise<unknown>): Promise<RunRefused> {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, "the run was not refused").to.be.instanceOf(RunRefused);
  return error as RunRefused;
}

describe("the analyzer gate of a local run", function () {
  let service: ZetaSqlService;
  before(async () => {
    service = await startZetaSql();
  });
  after(() => service.stop());

  it("refuses DuckDB-only functions (list_sum, strftime, epoch_ms) before executing anything, naming each action and file", async () => {
    const file = await bronzeWarehouse();
    const before = fileHash(file);
    const error = await refusal(runLocal({ graph: await compileFixture("broken-duckdb-functions"), warehouseFile: file, analyzer: service }));
    const [first, ...details] = error.message.split("\n");
    expect(first).to.match(/^run refused: definitions\/\w+\.sqlx: gigamart-dev\.giga_curated\.\w+: Function not found: (list_sum|strftime|epoch_ms)/);
    const named = error.message.match(/definitions\/\w+\.sqlx: gigamart-dev\.giga_curated\.\w+: Function not found: \w+/g)!;
    expect([...named].sort()).to.deep.equal([
      "definitions/basket_units.sqlx: gigamart-dev.giga_curated.basket_units: Function not found: list_sum",
      "definitions/pos_events.sqlx: gigamart-dev.giga_curated.pos_events: Function not found: epoch_ms",
      "definitions/sale_months.sqlx: gigamart-dev.giga_curated.sale_months: Function not found: strftime",
    ]);
    expect(details.join("\n")).to.contain("nothing was executed");
    expect(fileHash(file)).to.equal(before);
  });

  for (const { fixture, line } of BROKEN) {
    it(`refuses ${fixture} with the line gigamart check prints, and leaves no warehouse behind`, async () => {
      const file = path.join(tempDir(), "warehouse.duckdb");
      const error = await refusal(runLocal({ graph: await compileFixture(fixture), warehouseFile: file, analyzer: service }));
      expect(error.message.split("\n")[0]!.replace(/^run refused: /, "")).to.match(line);
      expect(fs.existsSync(file)).to.equal(false);
    });
  }

  it("refuses a dry run too: a dry run shows what the run would do", async () => {
    const error = await refusal(runLocal({ graph: await compileFixture("broken-list-value"), warehouseFile: path.join(tempDir(), "w.duckdb"), analyzer: service, dryRun: true }));
    expect(error.message).to.match(/^run refused: definitions\/no_empty_baskets\.sqlx/);
  });

  it("judges only the selected actions", async () => {
    const file = await bronzeWarehouse();
    const graph = await compileFixture("broken-duckdb-functions");
    // Only the view is selected: its refusal names it alone.
    const error = await refusal(runLocal({ graph, warehouseFile: file, analyzer: service, selection: { actions: ["sale_months"] } }));
    expect(error.message).to.contain("sale_months").and.not.contain("basket_units").and.not.contain("pos_events");
  });

  it("types a declaration the contracts do not know from the warehouse, so its readers are judged", async () => {
    const file = path.join(tempDir(), "warehouse.duckdb");
    const warehouse = await Warehouse.open(file);
    try {
      await warehouse.attach("fixture-proj");
      await warehouse.connection.run(`CREATE SCHEMA "fixture-proj".raw`);
      await warehouse.connection.run(`CREATE TABLE "fixture-proj".raw.events (id BIGINT, amount DECIMAL(38,9), updated_at TIMESTAMP)`);
    } finally {
      warehouse.close();
    }
    const graph = structuredClone(await compileFixture("runner-basic"));
    const rebuilt = graph.tables!.find((t) => t.target.name === "rebuilt")!;
    rebuilt.query = rebuilt.query!.replace(/^\s*select\b/i, "select list_value(1) as duck,");
    const error = await refusal(runLocal({ graph, warehouseFile: file, analyzer: service }));
    expect(error.message).to.match(/^run refused: definitions\/rebuilt\.sqlx: fixture-proj\.analytics\.rebuilt: Function not found: list_value/);
  });

  it("fails gigamart run in one line naming the file, the action and the analyzer's message", () => {
    const dir = tempDir();
    const r = gigamart(["run", "--project-dir", path.join(FIXTURES, "broken-misspelled-function"), "--warehouse", path.join(dir, "w.duckdb"), "--reports", path.join(dir, "reports")]);
    expect(r.code).to.equal(1);
    expect(r.firstErrorLine).to.match(/^gigamart: run refused: definitions\/refresh_store_totals\.sqlx: gigamart-dev\.giga_curated\.refresh_store_totals: Function not found: coalese/);
    expect(fs.existsSync(path.join(dir, "w.duckdb"))).to.equal(false);
    expect(fs.existsSync(path.join(dir, "reports"))).to.equal(false);
  });
});
