import { expect } from "chai";
import { bronzeTables } from "../../ingestion/contracts";
import { failures, PROJECT, type SqlValue, TestWarehouse } from "./pipeline";

// A worked example of late CRM data meeting sales already in the fact: the sale must end up pointing to
// the customer version valid at its time, and the late update must be logged.

const day = (d: number, hh = 0, mm = 0) => new Date(Date.UTC(2026, 10, d, hh, mm));

function profile(tier: string, updatedAt: Date, ingestedAt: Date): Record<string, SqlValue> {
  return {
    customer_id: "C0000001", first_name: "Asha", last_name: "Rao", email: "asha@example.com", phone: "+919800000001",
    loyalty_tier: tier, city: "Pune", country: "IN", updated_at: updatedAt, record_hash: `crm-${tier}-${updatedAt.toISOString()}`,
    dq_status: "VALID", source_file: "crm-profiles/test.csv", ingestion_ts: ingestedAt,
  };
}

function sale(id: string, at: Date, ingestedAt: Date): Record<string, SqlValue> {
  return {
    transaction_id: id, store_id: "S001", register_id: "R1", event_ts: at, event_date: at.toISOString().slice(0, 10),
    customer_id: "C0000001", payment_type: "CARD", currency: "INR", total_amount: 100,
    lines: { sql: "[{'line_no': 1, 'product_id': 'P00001', 'quantity': 1, 'unit_price': 100, 'discount': 0}]" },
    record_hash: `pos-${id}`, dq_status: "VALID", source_file: "pos/test.jsonl", ingestion_ts: ingestedAt,
  };
}

describe("sales_fact after late and out-of-order customer updates (real pipeline on DuckDB)", function () {
  this.timeout(5 * 60_000);

  it("re-points sales to the version valid at their time and logs the late update", async () => {
    const warehouse = await TestWarehouse.create(bronzeTables.map((t) => t.name));
    const tierAt = async () =>
      Object.fromEntries(
        (
          await warehouse.query<{ transaction_id: string; loyalty_tier: string }>(`
            SELECT f.transaction_id, d.loyalty_tier FROM "${PROJECT}".giga_curated.sales_fact AS f
            JOIN "${PROJECT}".giga_curated.customer_dim_scd2 AS d ON d.customer_sk = f.customer_sk`)
        ).map((r) => [r.transaction_id, r.loyalty_tier]),
      );
    const runSales = async () => {
      const run = await warehouse.run(["sales_fact", "sales_fact_references_resolve", "customer_dim_scd2_versions_contiguous"]);
      expect(run.status, failures(run)).to.equal("successful");
    };
    try {
      // Day 3's batch: profile NONE since Nov 1 09:00, sales on Nov 1 13:00 (T0) and Nov 3 10:00 (T1).
      await warehouse.insertBronze("raw_crm_customers", [profile("NONE", day(1, 9), day(3, 21))]);
      await warehouse.insertBronze("raw_pos_transactions", [sale("T0", day(1, 13), day(3, 21)), sale("T1", day(3, 10), day(3, 21))]);
      await runSales();
      expect(await tierAt()).to.deep.equal({ T0: "NONE", T1: "NONE" });

      // Day 4: the customer became GOLD on Nov 2 — after T0, before T1.
      await warehouse.insertBronze("raw_crm_customers", [profile("GOLD", day(2, 8), day(4, 21))]);
      await runSales();
      expect(await tierAt()).to.deep.equal({ T0: "NONE", T1: "GOLD" });

      // Day 5: a late update says SILVER from Nov 1 12:00 — older than the current version, before T0.
      await warehouse.insertBronze("raw_crm_customers", [profile("SILVER", day(1, 12), day(5, 21))]);
      await runSales();
      expect(await tierAt()).to.deep.equal({ T0: "SILVER", T1: "GOLD" });

      const late = await warehouse.query<{ business_key: string; handled_as: string }>(
        `SELECT business_key, handled_as FROM "${PROJECT}".giga_monitoring.late_arriving_data WHERE source_table = 'raw_crm_customers'`,
      );
      expect(late).to.deep.equal([{ business_key: "C0000001", handled_as: "PLACED_IN_HISTORY" }]);
    } finally {
      warehouse.remove();
    }
  });
});
