import { expect } from "chai";
import { addDays } from "../../demo/landing-days";
import { bronzeTables } from "../../ingestion/contracts";
import type { RunResult } from "../../runner/targets/run-result";
import { PROJECT, TestWarehouse, type SqlValue } from "./pipeline";

// Anomaly-aware monitoring on generated history: POS volume with a weekly shape (weekends busy,
// Mondays quiet) and ±10% noise, one injected drop (yesterday, to a fifth) and one festival spike
// (4 days ago, 2.5x). Announced in config, the spike is expected; only the drop is flagged, and as
// yesterday's volume it fails monitoring_error_checks. Days are relative to today in the source
// time zone (Asia/Kolkata), as the models compute them.

const MONITORING = "giga_monitoring";
const WEEKDAY_VOLUME = [60, 20, 24, 26, 30, 44, 70]; // Sunday .. Saturday
const REPORT_DAYS = 14;
const HISTORY_DAYS = REPORT_DAYS + 7 * 6;
const today = new Date(Date.now() + 5.5 * 3_600_000).toISOString().slice(0, 10);
const DROP = addDays(today, -1);
const FESTIVAL = addDays(today, -4);
const FESTIVAL_VAR = `announced_events=Test festival|${FESTIVAL}|${FESTIVAL}|2.5|pos`;
const NO_EVENT_VAR = "announced_events=";

/** Deterministic noise in [-0.1, 0.1] per day. */
const noise = (i: number) => ((Math.sin(i * 12.9898) * 43758.5453) % 1) * 0.1;

function dailyVolume(date: string, i: number): number {
  const base = WEEKDAY_VOLUME[new Date(`${date}T00:00:00Z`).getUTCDay()]!;
  const factor = date === DROP ? 0.2 : date === FESTIVAL ? 2.5 : 1 + noise(i);
  return Math.round(base * factor);
}

function posRows(): Record<string, SqlValue>[] {
  const rows: Record<string, SqlValue>[] = [];
  for (let i = HISTORY_DAYS; i >= 1; i--) {
    const date = addDays(today, -i);
    const loaded = new Date(`${addDays(date, 1)}T01:00:00+05:30`);
    for (let n = 0; n < dailyVolume(date, i); n++) {
      rows.push({ transaction_id: `T-${date}-${n}`, store_id: "S001", event_date: { sql: `DATE '${date}'` }, record_hash: `${date}-${n}`, dq_status: "VALID", ingestion_ts: loaded });
    }
  }
  return rows;
}

interface Day {
  business_date: string;
  status: string;
  observed_rows: number;
  expected_rows: number;
}

describe("volume expected from the same weekday of recent weeks", function () {
  this.timeout(300_000);
  let warehouse: TestWarehouse;
  const runVars = (events: string) => `${events},expectation_report_days=${REPORT_DAYS}`;
  const days = async (): Promise<Day[]> =>
    (await warehouse.query<Day>(
      `SELECT CAST(business_date AS VARCHAR) AS business_date, status, observed_rows, expected_rows FROM "${PROJECT}".${MONITORING}.volume_expectations
       WHERE source = 'pos' ORDER BY business_date`,
    )).map((d) => ({ ...d, observed_rows: Number(d.observed_rows), expected_rows: Number(d.expected_rows) }));
  let run: RunResult;

  before(async () => {
    warehouse = await TestWarehouse.create(bronzeTables.map((t) => t.name));
    await warehouse.insertBronze("raw_pos_transactions", posRows());
    run = await warehouse.run([`${PROJECT}.giga_assertions.monitoring_error_checks`], { vars: runVars(FESTIVAL_VAR) });
  });
  after(() => warehouse.remove());

  it("flags only the drop when the festival is announced", async () => {
    const reported = await days();
    expect(reported).to.have.length(REPORT_DAYS);
    expect(reported.filter((d) => d.status !== "PASS").map((d) => [d.business_date, d.status])).to.deep.equal([[DROP, "ERROR"]]);
    const festival = reported.find((d) => d.business_date === FESTIVAL)!;
    expect(festival.expected_rows / festival.observed_rows).to.be.within(0.85, 1.15);
  });

  it("expects each weekday's own volume, not the week's mean", async () => {
    for (const d of (await days()).filter((d) => d.business_date !== DROP && d.business_date !== FESTIVAL)) {
      const weekday = WEEKDAY_VOLUME[new Date(`${d.business_date}T00:00:00Z`).getUTCDay()]!;
      expect(d.expected_rows / weekday, d.business_date).to.be.within(0.9, 1.1);
    }
  });

  it("fails monitoring_error_checks for yesterday's drop, with the check as its failing row", async () => {
    const failed = run.actions.filter((a) => a.status === "failed").map((a) => a.name);
    expect(failed).to.deep.equal([`${PROJECT}.giga_assertions.monitoring_error_checks`]);
    const checks = await warehouse.query<{ check_name: string; severity: string; table_name: string }>(
      `SELECT check_name, severity, table_name FROM "${PROJECT}".${MONITORING}.dq_check_results WHERE status = 'FAIL' ORDER BY 1, 2`,
    );
    expect(checks.filter((c) => c.table_name === "raw_pos_transactions" && c.check_name === "volume_vs_weekday_band").map((c) => c.severity)).to.deep.equal(["ERROR", "WARN"]);
    const [sampled] = await warehouse.query<{ sample: string }>(
      `SELECT CAST(failing_rows_sample AS VARCHAR) AS sample FROM "${PROJECT}".${MONITORING}.assertion_results WHERE assertion_name LIKE '%monitoring_error_checks'`,
    );
    const sample = JSON.parse(sampled!.sample) as { check_name: string; table_name: string }[];
    expect(sample.map((r) => `${r.check_name} ${r.table_name}`)).to.include("volume_vs_weekday_band raw_pos_transactions");
  });

  it("flags the same spike when no event announces it", async () => {
    await warehouse.run([`${PROJECT}.${MONITORING}.volume_expectations`], { vars: runVars(NO_EVENT_VAR) });
    const flagged = (await days()).filter((d) => d.status !== "PASS").map((d) => [d.business_date, d.status]);
    expect(flagged).to.deep.equal([[FESTIVAL, "WARN"], [DROP, "ERROR"]]);
  });
});

describe("freshness expected from the load gaps of the same weekday", function () {
  this.timeout(300_000);

  /** Daily CRM loads for six weeks, the latest `hoursAgo` hours ago: bronze rows and their manifest rows. */
  async function bandCheck(hoursAgo: number): Promise<{ status: string; observed_value: number; threshold: number }> {
    const warehouse = await TestWarehouse.create(bronzeTables.map((t) => t.name));
    try {
      const loads = Array.from({ length: 42 }, (_, k) => new Date(Date.now() - (hoursAgo + 24 * k) * 3_600_000));
      await warehouse.insertBronze("raw_crm_customers", loads.map((at, k) => ({ customer_id: `C${k}`, record_hash: `h${k}`, dq_status: "VALID", ingestion_ts: at })));
      await warehouse.insertBronze("ingest_manifest", loads.map((at, k) => ({
        source: "crm", source_file: `crm-profiles/${k}.csv`, file_version: 1, size_bytes: 10, crc32c: "AAAAAA==", status: "LOADED", lines_read: 2, bronze_rows: 1,
        header_lines: 1, bronze_table: "raw_crm_customers", run_id: `r${k}`, udf_version: "0123456789abcdef", ingestion_ts: at,
      })));
      await warehouse.run([`${PROJECT}.${MONITORING}.dq_check_results`]);
      const [row] = await warehouse.query<{ status: string; observed_value: number; threshold: number }>(
        `SELECT status, observed_value, threshold FROM "${PROJECT}".${MONITORING}.dq_check_results WHERE check_name = 'freshness_vs_weekday_band' AND table_name = 'raw_crm_customers'`,
      );
      return row!;
    } finally {
      warehouse.remove();
    }
  }

  it("passes a load that is late by less than the band, and flags a skipped day's load", async () => {
    // Gaps of exactly 24 h: MAD 0, so the band is the median + 3 x 10 % of it = 1872 minutes.
    const onTime = await bandCheck(26);
    expect(onTime.status).to.equal("PASS");
    expect(Number(onTime.threshold)).to.equal(1440 + 3 * 144);
    const skipped = await bandCheck(50);
    expect(skipped.status).to.equal("FAIL");
    expect(Number(skipped.observed_value)).to.be.within(2999, 3001);
  });
});
