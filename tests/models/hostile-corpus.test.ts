import * as path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { expect } from "chai";
import { bronzeTables } from "../../ingestion/contracts";
import { ingestLanding } from "../../ingestion/load";
import { writeFiles } from "../ingestion/helpers";
import { CASES, NOW } from "../ingestion/hostile-cases";
import { HISTORY_TABLES } from "../../runner/history/statements";
import { rowDifferences } from "../support/warehouse-state";
import { failures, PROJECT, TestWarehouse } from "./pipeline";

// The hostile corpus (tests/ingestion/hostile-cases.ts) through the real loader and the whole daily
// pipeline on DuckDB, against a clean landing: the same files without their bad lines (those bronze
// marks INVALID) and without the files that cannot be read. Silver, gold and the dedup and late logs
// must hold the same rows in both, row for row: a bad line changes nothing but bronze. WARN lines stay
// in the clean landing as they are, since they reach silver (flagged) by design.

const DATASETS = ["giga_curated", "giga_mart", "giga_monitoring"];
/** The tables compared, each expected to hold rows of the corpus (date_dim is a view of a fixed calendar). */
const COMPARED = [
  ...["stg_pos_transactions", "stg_ecom_orders", "stg_crm_customers", "stg_inventory_snapshots", "store_dim", "product_dim", "customer_dim_scd2", "sales_fact", "inventory_snapshot_fact"].map((t) => `giga_curated.${t}`),
  ...["daily_store_sales", "daily_category_sales", "customer_360", "inventory_kpi"].map((t) => `giga_mart.${t}`),
  ...["dedup_log", "late_arriving_data"].map((t) => `giga_monitoring.${t}`),
];

/** A file's lines with their terminators, as the loader splits them (\n, \r\n or \r). */
const linesOf = (text: string) => text.match(/[^\r\n]*(\r\n|\r|\n)|[^\r\n]+$/g) ?? [];

describe("hostile corpus through the models: silver and gold equal a clean run's without the bad rows", function () {
  this.timeout(5 * 60_000);
  let hostile: TestWarehouse;
  let clean: TestWarehouse;
  let invalidRows = 0;

  const bronzeCounts = async (w: TestWarehouse) =>
    (await w.query<{ n: string; invalid: string }>(`SELECT CAST(count(*) AS VARCHAR) AS n, CAST(count(*) FILTER (WHERE dq_status = 'INVALID') AS VARCHAR) AS invalid FROM (${bronzeTables
      .filter((t) => t.source)
      .map((t) => `SELECT dq_status FROM "${PROJECT}".giga_raw.${t.name}`)
      .join(" UNION ALL ")})`))[0]!;

  before(async function () {
    hostile = await TestWarehouse.create();
    clean = await TestWarehouse.create();
    const hostileLanding = path.join(hostile.dir, "landing");
    writeFiles(hostileLanding, Object.fromEntries(CASES.map((c) => [c.file, c.content])));
    await ingestLanding({ landingDir: hostileLanding, warehouseFile: hostile.file, project: PROJECT, now: NOW, progress: false });

    // The clean landing: every readable file without the lines bronze keeps as INVALID rows (their
    // raw_payload is the line without BOM and terminator); a file left with nothing is not landed.
    const bad = await hostile.query<{ source_file: string; raw_payload: string }>(
      bronzeTables.filter((t) => t.source).map((t) => `SELECT source_file, raw_payload FROM "${PROJECT}".giga_raw.${t.name} WHERE dq_status = 'INVALID'`).join(" UNION ALL "),
    );
    invalidRows = bad.length;
    const cleanFiles: Record<string, string> = {};
    for (const c of CASES.filter((k) => k.status === "loaded")) {
      const unmatched = bad.filter((b) => b.source_file === c.file).map((b) => b.raw_payload);
      const kept = linesOf(Buffer.isBuffer(c.content) ? c.content.toString("utf8") : c.content).filter((line) => {
        const at = unmatched.indexOf(line.replace(/^\ufeff/, "").replace(/(\r\n|\r|\n)$/, ""));
        if (at >= 0) unmatched.splice(at, 1);
        return at < 0;
      });
      expect(unmatched, `${c.kind}: INVALID rows whose line is not in ${c.file}`).to.deep.equal([]);
      if (kept.length > 0) cleanFiles[c.file] = kept.join("");
    }
    const cleanLanding = path.join(clean.dir, "landing");
    writeFiles(cleanLanding, cleanFiles);
    await ingestLanding({ landingDir: cleanLanding, warehouseFile: clean.file, project: PROJECT, now: NOW, progress: false });

    for (const w of [hostile, clean]) {
      const run = await w.run([], { tags: ["daily"] });
      expect(run.status, `${w === hostile ? "hostile" : "clean"} run: ${failures(run)}`).to.equal("successful");
    }
  });

  after(() => {
    hostile?.remove();
    clean?.remove();
  });

  it("lands every row of the hostile corpus but its INVALID ones in the clean landing, and no INVALID row", async () => {
    const [h, c] = [await bronzeCounts(hostile), await bronzeCounts(clean)];
    expect(invalidRows, "the INVALID rows the corpus expects").to.equal(CASES.flatMap((k) => k.rows).filter((r) => r.startsWith("INVALID:")).length);
    expect(Number(c.invalid)).to.equal(0);
    expect(Number(c.n)).to.equal(Number(h.n) - invalidRows);
  });

  it("gives every silver and gold table, dedup_log and late_arriving_data the same rows as the clean run", async () => {
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    try {
      // the run history describes the runs (their ids and times), not the data
      const skip = HISTORY_TABLES.map((t) => `giga_monitoring.${t}`);
      expect(await rowDifferences(connection, { actual: hostile.file, expected: clean.file }, DATASETS, { skip })).to.deep.equal([]);
      const compared = (await connection.runAndReadAll(
        `SELECT table_schema || '.' || table_name AS t FROM information_schema.tables WHERE table_catalog = 'actual' AND table_schema IN (${DATASETS.map((d) => `'${d}'`).join(", ")}) AND table_type = 'BASE TABLE'`,
      )).getRowObjectsJson().map((r) => r.t);
      expect(compared).to.include.members(COMPARED);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });

  it("names in silver the fields the corpus's files did not send, instead of presenting them as NULL", async () => {
    const q = (sql: string) => hostile.query(sql.replace(/silver\./g, `"${PROJECT}".giga_curated.`));
    expect(await q(`SELECT unknown_attributes FROM silver.store_dim WHERE store_id = 'S001'`)).to.deep.equal([
      { unknown_attributes: ["city", "state", "region", "format", "opened_date", "closed_date"] },
    ]);
    expect(await q(`SELECT unknown_attributes FROM silver.product_dim WHERE product_id = 'P2'`)).to.deep.equal([{ unknown_attributes: ["subcategory", "brand", "unit_cost", "list_price"] }]);
    expect(await q(`SELECT unknown_attributes, stock_value FROM silver.inventory_snapshot_fact WHERE store_id = 'S002'`)).to.deep.equal([{ unknown_attributes: ["reorder_point", "unit_cost"], stock_value: null }]);
    expect(await q(`SELECT store_key, unknown_attributes FROM silver.sales_fact WHERE transaction_id = 'O2'`)).to.deep.equal([{ store_key: "UNKNOWN", unknown_attributes: ["store_id"] }]);
  });

  it("compares tables that hold rows: every silver and gold table and the logs get some of the corpus", async () => {
    const [counts] = await hostile.query<Record<string, string>>(`SELECT ${COMPARED.map((t) => `(SELECT CAST(count(*) AS VARCHAR) FROM "${PROJECT}".${t}) AS "${t}"`).join(", ")}`);
    for (const t of COMPARED) expect(Number(counts![t]), t).to.be.greaterThan(0);
  });
});
