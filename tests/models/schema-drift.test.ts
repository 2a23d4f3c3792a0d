import { expect } from "chai";
import { bronzeTables } from "../../ingestion/contracts";
import { PROJECT, TestWarehouse } from "./pipeline";

// Schema drift against the source contracts, as the UDFs leave it in bronze: a CRM export with a
// column the contract lacks (kept in raw_extra_attributes) and without `phone` (absent_fields), and
// POS messages with an unknown member and a mistyped one (kept in raw_payload). source_schema_drift
// names each; dq_check_results flags the sources whose latest load drifted.

const LOADED = new Date(Date.now() - 3 * 3_600_000);
const EARLIER = new Date(Date.now() - 30 * 3_600_000);
const posPayload = (extra: Record<string, unknown>) =>
  JSON.stringify({ transaction_id: "T1", store_id: "S001", register_id: "R1", event_ts: "2026-12-01T10:00:00+05:30", currency: "INR", lines: [{ line_no: 1, product_id: "P1", quantity: 1, unit_price: 10, discount: 0 }], total_amount: 10, ...extra });

describe("schema drift of a source against its contract", function () {
  this.timeout(300_000);
  let warehouse: TestWarehouse;

  before(async () => {
    warehouse = await TestWarehouse.create(bronzeTables.map((t) => t.name));
    await warehouse.insertBronze("raw_crm_customers", [
      { customer_id: "C1", record_hash: "h1", dq_status: "WARN", dq_errors: { sql: "['UNKNOWN_COLUMN', 'MISSING_COLUMN']" }, absent_fields: { sql: "['phone']" }, raw_extra_attributes: '{"nickname":"Ash","referral_code":"R-9"}', ingestion_ts: LOADED },
      { customer_id: "C2", record_hash: "h2", dq_status: "WARN", dq_errors: { sql: "['UNKNOWN_COLUMN', 'MISSING_COLUMN']" }, absent_fields: { sql: "['phone']" }, raw_extra_attributes: '{"nickname":"Bo"}', ingestion_ts: LOADED },
      { customer_id: "C3", record_hash: "h3", dq_status: "VALID", dq_errors: { sql: "[]" }, absent_fields: { sql: "[]" }, ingestion_ts: LOADED },
    ]);
    // Columns are those of the first row.
    await warehouse.insertBronze("raw_pos_transactions", [
      // What the UDF could type is typed; the mistyped member's column stays NULL.
      { transaction_id: "T2", store_id: "S001", event_ts: new Date("2026-12-01T04:30:00Z"), currency: "INR", total_amount: 10, record_hash: "p2", dq_status: "INVALID", dq_errors: { sql: "['BAD_TYPE']" }, absent_fields: { sql: "[]" }, raw_payload: posPayload({ transaction_id: "T2", register_id: { till: 4 } }), ingestion_ts: EARLIER },
      { transaction_id: "T1", record_hash: "p1", dq_status: "WARN", dq_errors: { sql: "['UNKNOWN_COLUMN']" }, absent_fields: { sql: "[]" }, raw_payload: posPayload({ loyalty_card: "L-1" }), ingestion_ts: EARLIER },
      { transaction_id: "T3", register_id: "R1", record_hash: "p3", dq_status: "VALID", dq_errors: { sql: "[]" }, absent_fields: { sql: "[]" }, ingestion_ts: LOADED },
    ]);
    const manifest = (source: string, table: string, at: Date) => ({
      source, source_file: `${source}/f.x`, file_version: 1, size_bytes: 1, crc32c: "AAAAAA==", status: "LOADED", lines_read: 3, bronze_rows: 3, header_lines: 0,
      bronze_table: table, run_id: "r", udf_version: "0123456789abcdef", ingestion_ts: at,
    });
    await warehouse.insertBronze("ingest_manifest", [manifest("crm", "raw_crm_customers", LOADED), manifest("pos", "raw_pos_transactions", EARLIER), manifest("pos", "raw_pos_transactions", LOADED)]);
    await warehouse.run([`${PROJECT}.giga_monitoring.dq_check_results`]);
  });
  after(() => warehouse.remove());

  it("names new, missing and retyped columns and where the drifting values are kept", async () => {
    const rows = await warehouse.query<{ source_table: string; column_name: string | null; drift: string; kept_in: string | null; rows_affected: string }>(
      `SELECT source_table, column_name, drift, kept_in, rows_affected FROM "${PROJECT}".giga_monitoring.source_schema_drift ORDER BY 1, 3, 2`,
    );
    expect(rows.map((r) => ({ ...r, rows_affected: Number(r.rows_affected) }))).to.deep.equal([
      { source_table: "raw_crm_customers", column_name: "phone", drift: "MISSING_COLUMN", kept_in: null, rows_affected: 2 },
      { source_table: "raw_crm_customers", column_name: "nickname", drift: "NEW_COLUMN", kept_in: "raw_extra_attributes", rows_affected: 2 },
      { source_table: "raw_crm_customers", column_name: "referral_code", drift: "NEW_COLUMN", kept_in: "raw_extra_attributes", rows_affected: 1 },
      { source_table: "raw_pos_transactions", column_name: "loyalty_card", drift: "NEW_COLUMN", kept_in: "raw_payload", rows_affected: 1 },
      { source_table: "raw_pos_transactions", column_name: "register_id", drift: "RETYPED_COLUMN", kept_in: "raw_payload", rows_affected: 1 },
    ]);
  });

  it("flags the sources whose latest load drifted, and not one whose drift is older", async () => {
    const checks = await warehouse.query<{ table_name: string; status: string; observed_value: number }>(
      `SELECT table_name, status, observed_value FROM "${PROJECT}".giga_monitoring.dq_check_results WHERE check_name = 'schema_drift_columns' ORDER BY 1`,
    );
    expect(checks.map((c) => [c.table_name, c.status, Number(c.observed_value)])).to.deep.equal([
      ["raw_crm_customers", "FAIL", 3],
      ["raw_ecom_orders", "PASS", 0],
      ["raw_inventory_snapshots", "PASS", 0],
      ["raw_pos_transactions", "PASS", 0],
    ]);
  });
});
