import type { SourceName } from "../contracts";
import { rupees } from "./money";
import type { MessRates } from "./options";

/**
 * What the generator wrote, accumulated while writing (never by reading files back), saved as
 * `_ground_truth.json` at the root of the output folder — outside every source folder, so a scan
 * of `pos/`, `ecom-orders/`, `crm-profiles/`, `inventory/`, `stores/`, `products/` never sees it.
 *
 * Sales rows are one per business date × store × channel. Business date = the calendar date of the
 * event in Asia/Kolkata (equal to its UTC date, as all activity is 08:00–22:00 IST); a late POS
 * event counts on its event date, not the day its file landed. `store_id` is the id as written in
 * the record — unknown ids (listed under `pos.unknown_store_ids`) get their own rows — and null for
 * e-commerce orders fulfilled by the central warehouse. Amounts are rupees, exact to the paisa.
 *
 * POS (channel "POS") counts every transaction that is not INVALID, once: malformed lines (all
 * INVALID: unparseable or missing a required field) are excluded, and a
 * re-sent transaction (same transaction_id, byte-identical) counts once.
 *   gross          = Σ quantity·unit_price        over lines with quantity > 0
 *   discount       = Σ discount                   over lines with quantity > 0
 *   returns        = −Σ (quantity·unit_price − discount) over lines with quantity < 0 (refunded, ≥ 0;
 *                    the generator writes return lines with discount 0)
 *   net            = gross − discount − returns   = Σ (quantity·unit_price − discount) over all lines
 *   units          = Σ quantity over lines with quantity > 0; returned_units = Σ −quantity over the rest
 *   transactions   = distinct transaction_ids (a return transaction counts as one)
 * ECOM (channel "ECOM") counts each order once, by its LATEST written version (greatest updated_at
 * among the versions that landed), on the business date of its order_ts; orders whose latest status
 * is CANCELLED are excluded entirely.
 *   gross, discount, units = Σ quantity·unit_price, Σ discount, Σ quantity over the order's items
 *   returns        = Σ (quantity·unit_price − discount) of orders whose latest status is RETURNED
 *                    (returned_units likewise); net = gross − discount − returns
 *   transactions   = orders counted
 * `customer_net_spend` sums the same sales' net per customer_id (walk-ins excluded; a RETURNED order nets 0).
 */
export const DEFINITIONS = {
  business_date: "calendar date of event_ts (POS) / order_ts (ECOM) in Asia/Kolkata; equals the UTC date for all generated data",
  pos: "POS transactions that are not INVALID (malformed lines are), deduplicated by transaction_id; gross = Σ q·price (q>0); discount = Σ discount (q>0); returns = −Σ (q·price − discount) (q<0); net = Σ (q·price − discount) = gross − discount − returns; units = Σ q (q>0); returned_units = Σ −q (q<0); transactions = distinct transaction_id",
  ecom: "one row per order by its latest written version (max updated_at), on its order date; latest CANCELLED excluded; gross/discount/units over all items; returns = Σ (q·price − discount) of orders whose latest status is RETURNED; net = gross − discount − returns; transactions = orders",
  customer_net_spend: "per customer_id, Σ net of the POS transactions and e-commerce orders counted in sales (walk-ins excluded)",
  crm_versions: "SCD2 versions expected per customer = 1 + number of tracked-attribute changes (A→B→A is two changes); repeated unchanged rows and rows differing only in e-mail case/spaces add none",
  stock_out: "an inventory snapshot row with quantity_on_hand = 0",
  malformed: "lines that break the contract beyond repair (truncated or non-JSON, missing required field, wrong CSV field count); never counted in any total",
} as const;

export interface SalesLine {
  quantity: number;
  unitPricePaise: number;
  discountPaise: number;
}

interface SalesCell {
  gross: number;
  discount: number;
  returns: number;
  units: number;
  returnedUnits: number;
  transactions: number;
}

export type Source = SourceName;
export type MalformedKind = "truncated_json" | "not_json" | "missing_required_field" | "wrong_field_count";

export class GroundTruth {
  private readonly sales = new Map<string, SalesCell>();
  readonly files = new Map<string, { source: Source; lines: number; header_lines: number }>();
  readonly malformed: Array<{ source: Source; file: string; line: number; kind: MalformedKind }> = [];
  readonly pos = {
    valid_transactions: 0,
    return_transactions: 0,
    unknown_store_transactions: 0,
    unknown_product_lines: 0,
    unknown_store_ids: new Set<string>(),
    duplicates: [] as Array<{ transaction_id: string; file: string; line: number }>,
    late: [] as Array<{ transaction_id: string; event_date: string; landed_date: string; days_late: number; file: string; line: number }>,
  };
  readonly ecom = {
    orders: 0,
    versions_written: 0,
    unknown_product_items: 0,
    latest_status: {} as Record<string, number>,
  };
  readonly crm = {
    versions_per_customer: new Map<string, number>(),
    changes: 0,
    multi_change_exports: [] as Array<{ customer_id: string; date: string; changes: number }>,
    a_b_a_changes: 0,
    repeated_unchanged_rows: 0,
    late_rows: [] as Array<{ customer_id: string; updated_at: string; landed_date: string }>,
    messy_email_rows: 0,
    schema_drift: null as null | { column: string; first_date: string; first_file: string },
  };
  readonly inventory = {
    snapshot_rows: 0,
    stock_outs: [] as Array<{ date: string; store_id: string; product_id: string; forced: boolean }>,
  };

  /** Net spend per customer (paise), over the same sales and definitions as `sales`. */
  private readonly customerNet = new Map<string, number>();
  private currentProfiles: { loyalty_tier: Record<string, number>; city: Record<string, number> } | undefined;

  addSale(sale: { date: string; storeId: string | null; channel: "POS" | "ECOM"; customerId: string | null; lines: readonly SalesLine[]; returned?: boolean }): void {
    const { date, storeId, channel, lines, returned = false } = sale;
    const key = `${date}\u0000${storeId ?? ""}\u0000${channel}`;
    let cell = this.sales.get(key);
    if (!cell) this.sales.set(key, (cell = { gross: 0, discount: 0, returns: 0, units: 0, returnedUnits: 0, transactions: 0 }));
    cell.transactions++;
    for (const l of lines) {
      if (l.quantity > 0) {
        cell.gross += l.quantity * l.unitPricePaise;
        cell.discount += l.discountPaise;
        cell.units += l.quantity;
        if (returned) {
          cell.returns += l.quantity * l.unitPricePaise - l.discountPaise;
          cell.returnedUnits += l.quantity;
        }
      } else {
        cell.returns -= l.quantity * l.unitPricePaise - l.discountPaise;
        cell.returnedUnits += -l.quantity;
      }
    }
    if (sale.customerId !== null) {
      const net = returned ? 0 : lines.reduce((n, l) => n + l.quantity * l.unitPricePaise - l.discountPaise, 0);
      this.customerNet.set(sale.customerId, (this.customerNet.get(sale.customerId) ?? 0) + net);
    }
  }

  /** The CRM's final state: what the current SCD2 versions must hold, counted by tier and city. */
  recordCurrentProfiles(profiles: ReadonlyArray<{ loyalty_tier: string; city: string }>): void {
    const count = (pick: (p: { loyalty_tier: string; city: string }) => string) => {
      const counts: Record<string, number> = {};
      for (const p of [...profiles].sort((a, b) => (pick(a) < pick(b) ? -1 : 1))) counts[pick(p)] = (counts[pick(p)] ?? 0) + 1;
      return counts;
    };
    this.currentProfiles = { loyalty_tier: count((p) => p.loyalty_tier), city: count((p) => p.city) };
  }

  fileClosed(source: Source, file: string, lines: number, headerLines: number): void {
    this.files.set(file, { source, lines, header_lines: headerLines });
  }

  toJSON(meta: { options: Record<string, unknown>; rates: MessRates }): unknown {
    const byKey = <T>(m: Map<string, T>) => Object.fromEntries([...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    const versions = [...this.crm.versions_per_customer.values()];
    return {
      generator: { ...meta.options, rates: meta.rates },
      time_zone: "Asia/Kolkata",
      definitions: DEFINITIONS,
      sales: [...this.sales.entries()]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([key, c]) => {
          const [date, store, channel] = key.split("\u0000");
          return {
            date,
            store_id: store === "" ? null : store,
            channel,
            gross: rupees(c.gross),
            discount: rupees(c.discount),
            returns: rupees(c.returns),
            net: rupees(c.gross - c.discount - c.returns),
            units: c.units,
            returned_units: c.returnedUnits,
            transactions: c.transactions,
          };
        }),
      pos: {
        ...this.pos,
        unknown_store_ids: [...this.pos.unknown_store_ids].sort(),
        duplicates_injected: this.pos.duplicates.length,
        late_events: this.pos.late.length,
      },
      ecom: { ...this.ecom, latest_status: byKey(new Map(Object.entries(this.ecom.latest_status))) },
      crm: {
        ...this.crm,
        customers: versions.length,
        total_versions: versions.reduce((s, v) => s + v, 0),
        versions_per_customer: byKey(this.crm.versions_per_customer),
        current: this.currentProfiles,
      },
      customer_net_spend: Object.fromEntries(Object.entries(byKey(this.customerNet)).map(([id, paise]) => [id, rupees(paise)])),
      inventory: { ...this.inventory, stock_out_count: this.inventory.stock_outs.length },
      malformed_lines: this.malformed.length,
      malformed: this.malformed,
      files: byKey(this.files),
    };
  }
}
