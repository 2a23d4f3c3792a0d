import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { morningAfter } from "../../demo/landing-days";
import { bronzeTables } from "../../ingestion/contracts";
import { ingestLanding } from "../../ingestion/load";
import { failures, PROJECT, TestWarehouse } from "./pipeline";

// An event older than the late window (config late_data.window_days, Dataform var late_window_days)
// must never block the pipeline: it is quarantined and logged to late_arriving_data, the
// reconciliation counts it, and every later run passes. Inside the window it lands in its partition.
// POS lines go through the real loader and UDF, then the real pipeline.

const ACTIONS = ["sales_fact", "sales_fact_reconciles_with_bronze"];
const ON_TIME = ["2026-11-18", "2026-11-19", "2026-11-20"];
// Loaded the morning after 2026-11-19 (02:30 IST on the 20th): 20 Nov - 5 Oct - 1 = 45 days late.
const LATE = { id: "POS-LATE-45", ts: "2026-10-05T12:00:00+05:30", loadedAfter: "2026-11-19" };

function posLine(id: string, eventTs: string, lines = 2): string {
  const items = Array.from({ length: lines }, (_, i) => ({ line_no: i + 1, product_id: "P00001", quantity: 1, unit_price: 100, discount: 0 }));
  return JSON.stringify({
    transaction_id: id, store_id: "S001", register_id: "R01", event_ts: eventTs, customer_id: null,
    payment_type: "CASH", currency: "INR", lines: items, total_amount: 100 * lines,
  });
}

interface Day {
  date: string;
  lines: string[];
}

/** One landed file per business day, each ingested the morning after it, then the pipeline run. */
async function replay(warehouse: TestWarehouse, days: readonly Day[], vars = ""): Promise<void> {
  for (const day of days) {
    const dir = path.join(warehouse.dir, "landing", "pos", ...day.date.split("-"));
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `pos-${day.date.replace(/-/g, "")}-0001.jsonl`), day.lines.join("\n") + "\n");
    await ingestLanding({ landingDir: path.join(warehouse.dir, "landing"), warehouseFile: warehouse.file, project: PROJECT, now: morningAfter(day.date), progress: false });
    const run = await warehouse.run(ACTIONS, { vars });
    expect(run.status, `run after ${day.date} (vars '${vars}'): ${failures(run)}`).to.equal("successful");
  }
}

/** On-time sales each day, plus the given extra lines in the second day's file. */
const daysWith = (extra: string[]): Day[] =>
  ON_TIME.map((date, i) => ({ date, lines: [posLine(`POS-${date}`, `${date}T11:00:00+05:30`), ...(i === 1 ? extra : [])] }));

describe("events older than the late window (real loader, real pipeline on DuckDB)", function () {
  this.timeout(5 * 60_000);
  let warehouse: TestWarehouse;

  beforeEach(async () => {
    warehouse = await TestWarehouse.create(bronzeTables.map((t) => t.name));
  });
  afterEach(() => warehouse?.remove());

  const late = () =>
    warehouse.query<{ business_key: string; event_date: string; days_late: string; line_count: string; handled_as: string }>(`
      SELECT business_key, strftime(event_date, '%Y-%m-%d') AS event_date, CAST(days_late AS VARCHAR) AS days_late,
        CAST(line_count AS VARCHAR) AS line_count, handled_as
      FROM "${PROJECT}".giga_monitoring.late_arriving_data WHERE source_table = 'raw_pos_transactions' ORDER BY business_key`);
  const factIds = async () =>
    (await warehouse.query<{ id: string }>(`SELECT DISTINCT transaction_id AS id FROM "${PROJECT}".giga_curated.sales_fact ORDER BY 1`)).map((r) => r.id);

  it("quarantines an event 45 days late with window 30, logs why, and this run and the next pass reconciliation", async () => {
    await replay(warehouse, daysWith([posLine(LATE.id, LATE.ts, 3)]));
    expect(await late()).to.deep.equal([
      { business_key: LATE.id, event_date: "2026-10-05", days_late: "45", line_count: "3", handled_as: "QUARANTINED_TOO_LATE" },
    ]);
    expect(await factIds()).to.deep.equal(ON_TIME.map((d) => `POS-${d}`));
    // The reconciliation passed on the late event's run and the one after (replay checks each run); and
    // it counts the quarantined lines: without them its partition would not add up.
    const [row] = await warehouse.query<{ bronze: string }>(
      `SELECT CAST(sum(len(lines)) AS VARCHAR) AS bronze FROM "${PROJECT}".giga_raw.raw_pos_transactions WHERE event_date = DATE '2026-10-05'`);
    expect(row!.bronze).to.equal("3");
  });

  it("places the same event in its partition with window 60", async () => {
    await replay(warehouse, daysWith([posLine(LATE.id, LATE.ts, 3)]), "late_window_days=60");
    expect(await late()).to.deep.equal([
      { business_key: LATE.id, event_date: "2026-10-05", days_late: "45", line_count: "3", handled_as: "INSERTED_INTO_PAST_PARTITION" },
    ]);
    expect(await factIds()).to.deep.equal([LATE.id, ...ON_TIME.map((d) => `POS-${d}`)].sort());
    const [row] = await warehouse.query<{ n: string }>(
      `SELECT CAST(count(*) AS VARCHAR) AS n FROM "${PROJECT}".giga_curated.sales_fact WHERE event_date = DATE '2026-10-05'`);
    expect(row!.n).to.equal("3");
  });

  it("never blocks on an event dated 0001-01-01: it is VALID in bronze (BigQuery's first DATE) and quarantined", async () => {
    await replay(warehouse, daysWith([posLine("POS-YEAR-1", "0001-01-01T12:00:00Z")]));
    const [bronze] = await warehouse.query<{ dq_status: string; event_date: string }>(`
      SELECT dq_status, strftime(event_date, '%Y-%m-%d') AS event_date FROM "${PROJECT}".giga_raw.raw_pos_transactions
      WHERE transaction_id = 'POS-YEAR-1'`);
    expect(bronze).to.deep.equal({ dq_status: "VALID", event_date: "0001-01-01" });
    const [logged] = await late();
    expect(logged).to.include({ business_key: "POS-YEAR-1", event_date: "0001-01-01", handled_as: "QUARANTINED_TOO_LATE" });
    expect(await factIds()).to.deep.equal(ON_TIME.map((d) => `POS-${d}`));
  });
});
