import { createHash } from "node:crypto";
import { expect } from "chai";
import { process_crm, process_ecom, process_inventory, process_pos, process_products, process_stores } from "../../ingestion/udf";
import type { RunContext } from "../../ingestion/udf/context";
import { clearUdfContext, FIXED_CONTEXT, setUdfContext } from "./helpers";

type Row = Record<string, unknown> & { dq_status: string; dq_errors: string[] };

function run(fn: (line: string) => string | null, line: string, ctx: RunContext = FIXED_CONTEXT): Row {
  setUdfContext(ctx);
  try {
    const out = fn(line);
    expect(out, "expected a row, got null").to.be.a("string");
    return JSON.parse(out!) as Row;
  } finally {
    clearUdfContext();
  }
}

const posEvent = (over: Record<string, unknown> = {}) =>
  JSON.stringify({
    transaction_id: "txn-001",
    store_id: " s001 ",
    register_id: "r2",
    event_ts: "2026-11-26T23:45:00",
    customer_id: null,
    payment_type: "upi",
    currency: "inr",
    lines: [
      { line_no: 1, product_id: "p-10", quantity: 2, unit_price: 49.5 },
      { line_no: 2, product_id: "p-11", quantity: -1, unit_price: 20, discount: 1.25 },
    ],
    total_amount: 77.75,
    ...over,
  });

describe("UDF record transforms", () => {
  describe("POS transactions", () => {
    it("types and normalizes a valid event: codes upper-cased, local time to UTC, discount defaulted", () => {
      const row = run(process_pos, posEvent());
      expect(row).to.include({
        transaction_id: "TXN-001",
        store_id: "S001",
        register_id: "R2",
        payment_type: "UPI",
        currency: "INR",
        event_ts: "2026-11-26T18:15:00.000000Z",
        event_date: "2026-11-26",
        total_amount: 77.75,
        dq_status: "VALID",
        source_file: "test/file",
        ingestion_ts: "2026-11-27T10:00:00.000000Z",
      });
      expect(row.lines).to.deep.equal([
        { line_no: 1, product_id: "P-10", quantity: 2, unit_price: 49.5, discount: 0 },
        { line_no: 2, product_id: "P-11", quantity: -1, unit_price: 20, discount: 1.25 },
      ]);
      expect(row.dq_errors).to.deep.equal([]);
    });

    it("takes event_date in Asia/Kolkata: 20:00 UTC is already the next day", () => {
      const row = run(process_pos, posEvent({ event_ts: "2026-11-25T20:00:00Z" }));
      expect(row.event_date).to.equal("2026-11-26");
      expect(run(process_pos, posEvent({ event_ts: "2026-11-25T20:00:00Z" }), { ...FIXED_CONTEXT, time_zone: "UTC" }).event_date).to.equal("2026-11-25");
    });

    it("hashes the canonical typed record, so a re-sent event with other spacing and case hashes the same", () => {
      const a = run(process_pos, posEvent());
      const b = run(process_pos, posEvent({ store_id: "S001", payment_type: "UPI", event_ts: "2026-11-26T18:15:00Z" }));
      expect(a.record_hash).to.equal(b.record_hash);
      // Canonical record: the typed values in contract order, nested records as arrays.
      const lines = (a.lines as Record<string, unknown>[]).map((l) => [l.line_no, l.product_id, l.quantity, l.unit_price, l.discount]);
      const canonical = [a.transaction_id, a.store_id, a.register_id, a.event_ts, a.customer_id, a.payment_type, a.currency, lines, a.total_amount];
      expect(a.record_hash).to.equal(createHash("sha256").update(JSON.stringify(canonical)).digest("hex"));
    });

    it("flags TOTAL_MISMATCH as WARN when the total is off by more than 0.01", () => {
      expect(run(process_pos, posEvent({ total_amount: 77.76 })).dq_errors).to.deep.equal([]);
      const row = run(process_pos, posEvent({ total_amount: 80 }));
      expect(row).to.include({ dq_status: "WARN" });
      expect(row.dq_errors).to.deep.equal(["TOTAL_MISMATCH"]);
    });

    it("flags NEGATIVE_PRICE as INVALID", () => {
      const row = run(process_pos, posEvent({ lines: [{ line_no: 1, product_id: "p", quantity: 1, unit_price: -5 }], total_amount: -5 }));
      expect(row.dq_status).to.equal("INVALID");
      expect(row.dq_errors).to.deep.equal(["NEGATIVE_PRICE"]);
    });

    it("flags MISSING_REQUIRED_FIELD for an absent id and for an empty lines array", () => {
      expect(run(process_pos, posEvent({ transaction_id: undefined })).dq_errors).to.deep.equal(["MISSING_REQUIRED_FIELD"]);
      const row = run(process_pos, posEvent({ lines: [], total_amount: 0 }));
      expect(row.dq_errors).to.deep.equal(["MISSING_REQUIRED_FIELD"]);
      expect(row.dq_status).to.equal("INVALID");
    });

    it("flags BAD_TYPE for nested JSON where a scalar belongs, and nulls the value", () => {
      const row = run(process_pos, posEvent({ store_id: { id: "S1" } }));
      expect(row.store_id).to.equal(null);
      expect(row.dq_errors).to.deep.equal(["BAD_TYPE"]);
      expect(row.raw_payload).to.contain('"store_id":{"id":"S1"}');
    });

    it("flags BAD_TYPE for text in a number and for an impossible date", () => {
      expect(run(process_pos, posEvent({ total_amount: "seventy" })).dq_errors).to.deep.equal(["BAD_TYPE"]);
      expect(run(process_pos, posEvent({ event_ts: "2026-02-30T10:00:00Z" })).dq_errors).to.deep.equal(["BAD_TYPE"]);
    });

    it("flags UNKNOWN_ENUM as WARN and keeps the value", () => {
      const row = run(process_pos, posEvent({ payment_type: "cheque" }));
      expect(row).to.include({ payment_type: "CHEQUE", dq_status: "WARN" });
      expect(row.dq_errors).to.deep.equal(["UNKNOWN_ENUM"]);
    });

    it("finds a repeated member however it is spelled: a space before the colon, an escaped name", () => {
      const codes = (line: string) => run(process_pos, line).dq_errors;
      expect(codes(posEvent().replace('"register_id":', '"store_id" : "S9", "register_id":'))).to.deep.equal(["DUPLICATE_KEY"]);
      expect(codes(posEvent().replace('"register_id":', '"store\\u005fid":"S9","register_id":'))).to.deep.equal(["DUPLICATE_KEY"]);
      expect(codes(posEvent().replace('"register_id":', '"register_id" :'))).to.deep.equal([]);
    });

    it("does not take a quote-colon inside a value, or the same name in two objects, for a repeat", () => {
      expect(run(process_pos, posEvent({ register_id: 'r":2' })).dq_errors).to.deep.equal([]);
      const row = run(process_pos, posEvent({ payment_type: "upi", meta: { payment_type: "x" } }));
      expect(row.dq_errors).to.deep.equal(["UNKNOWN_COLUMN"]);
    });

    it("lists a member not sent in absent_fields, not one sent as null, and hashes them apart", () => {
      const sent = run(process_pos, posEvent({ register_id: null }));
      const { register_id: _r, ...rest } = JSON.parse(posEvent()) as Record<string, unknown>;
      const absent = run(process_pos, JSON.stringify(rest));
      expect(sent).to.include({ register_id: null, dq_status: "VALID" });
      expect(sent.absent_fields).to.deep.equal([]);
      expect(absent).to.include({ register_id: null, dq_status: "VALID" });
      expect(absent.absent_fields).to.deep.equal(["register_id"]);
      expect(absent.record_hash).not.to.equal(sent.record_hash);
    });

    it("keeps BigQuery's TIMESTAMP range to the microsecond, and its DATE range for the local partition date", () => {
      expect(run(process_pos, posEvent({ event_ts: "0001-01-01T00:00:00Z" })).dq_errors).to.deep.equal([]);
      expect(run(process_pos, posEvent({ event_ts: "0000-12-31T23:59:59Z" })).dq_errors).to.deep.equal(["DATE_OUT_OF_RANGE"]);
      const last = run(process_pos, posEvent({ event_ts: "9999-12-31T23:59:59.999999-05:30" }));
      expect(last).to.include({ event_ts: null });
      expect(last.dq_errors).to.deep.equal(["DATE_OUT_OF_RANGE"]);
      const utc = run(process_pos, posEvent({ event_ts: "9999-12-31T23:59:59.999999Z" }), { ...FIXED_CONTEXT, time_zone: "UTC" });
      expect(utc).to.include({ event_ts: "9999-12-31T23:59:59.999999Z", event_date: "9999-12-31" });
      expect(utc.dq_errors).to.deep.equal(["FUTURE_TIMESTAMP"]);
    });

    it("flags FUTURE_TIMESTAMP beyond five minutes after ingestion", () => {
      expect(run(process_pos, posEvent({ event_ts: "2026-11-27T10:04:00Z" })).dq_errors).to.deep.equal([]);
      expect(run(process_pos, posEvent({ event_ts: "2026-11-27T10:06:00Z" })).dq_errors).to.deep.equal(["FUTURE_TIMESTAMP"]);
    });

    it("turns an unparseable line into an INVALID row with the line in raw_payload", () => {
      const lines: [string, string][] = [['{"transaction_id": "t1"', "TRUNCATED_RECORD"], ["[1,2,3]", "UNPARSEABLE"], ["   ", "UNPARSEABLE"], ["\u0000\u0007\u001b binary", "UNPARSEABLE"], ['{"a": 1} }', "UNPARSEABLE"]];
      for (const [line, code] of lines) {
        const row = run(process_pos, line);
        expect(row).to.include({ dq_status: "INVALID", raw_payload: line, transaction_id: null });
        expect(row.dq_errors, line).to.deep.equal([code]);
        expect(row.record_hash).to.equal(createHash("sha256").update(line).digest("hex"));
      }
    });

    it("strips a CRLF line end, and a UTF-8 BOM with a BYTE_ORDER_MARK warning, before parsing", () => {
      expect(run(process_pos, posEvent() + "\r\n").dq_status).to.equal("VALID");
      const row = run(process_pos, "\ufeff" + posEvent() + "\r\n");
      expect(row).to.include({ dq_status: "WARN", raw_payload: posEvent(), transaction_id: "TXN-001" });
      expect(row.dq_errors).to.deep.equal(["BYTE_ORDER_MARK"]);
    });

    it("keeps the line in raw_payload for WARN and INVALID rows only: a VALID row is its typed columns", () => {
      expect(run(process_pos, posEvent())).to.include({ dq_status: "VALID", raw_payload: null });
      const warn = posEvent({ payment_type: "cheque" });
      expect(run(process_pos, warn)).to.include({ dq_status: "WARN", raw_payload: warn });
      const invalid = posEvent({ transaction_id: null });
      expect(run(process_pos, invalid)).to.include({ dq_status: "INVALID", raw_payload: invalid });
    });

    it("reads an unsupported time zone's offset-less timestamps as BAD_TYPE rather than guessing", () => {
      expect(run(process_pos, posEvent(), { ...FIXED_CONTEXT, time_zone: "Mars/Olympus" }).dq_errors).to.deep.equal(["BAD_TYPE"]);
    });
  });

  describe("e-commerce orders", () => {
    const order = (over: Record<string, unknown> = {}) =>
      JSON.stringify({
        order_id: "o-9",
        customer_id: "c-1",
        order_ts: "2026-11-26T09:00:00+05:30",
        updated_at: "2026-11-26T04:00:00Z",
        status: "shipped",
        currency: "INR",
        channel: "app",
        fulfillment_store_id: null,
        items: [{ line_no: 1, product_id: "p1", quantity: 1, unit_price: 100, discount: 0 }],
        shipping: { city: "navi mumbai", state: "MAHARASHTRA", postal_code: " 400703 ", country: "in" },
        ...over,
      });

    it("types the nested shipping record and derives order_date", () => {
      const row = run(process_ecom, order());
      expect(row).to.include({ order_id: "O-9", status: "SHIPPED", channel: "APP", order_ts: "2026-11-26T03:30:00.000000Z", order_date: "2026-11-26", dq_status: "VALID" });
      expect(row.shipping).to.deep.equal({ city: "Navi Mumbai", state: "Maharashtra", postal_code: "400703", country: "IN" });
    });

    it("flags OUT_OF_RANGE for a zero quantity and UNKNOWN_ENUM for an unknown status", () => {
      expect(run(process_ecom, order({ items: [{ line_no: 1, product_id: "p1", quantity: 0, unit_price: 1 }] })).dq_errors).to.deep.equal(["OUT_OF_RANGE"]);
      expect(run(process_ecom, order({ status: "lost" })).dq_errors).to.deep.equal(["UNKNOWN_ENUM"]);
    });

    it("leaves out an item that is not an object and flags BAD_TYPE", () => {
      const row = run(process_ecom, order({ items: [7, { line_no: 1, product_id: "p1", quantity: 1, unit_price: 1 }] }));
      expect((row.items as unknown[]).length).to.equal(1);
      expect(row.dq_errors).to.deep.equal(["BAD_TYPE"]);
    });
  });

  describe("CRM profiles (CSV)", () => {
    const header = "customer_id,first_name,last_name,email,phone,loyalty_tier,city,country,updated_at";
    const ctx = { ...FIXED_CONTEXT, header };

    it("returns null for the header line of the context", () => {
      setUdfContext(ctx);
      try {
        expect(process_crm(header)).to.equal(null);
        expect(process_crm("\ufeff" + header + "\r")).to.equal(null);
      } finally {
        clearUdfContext();
      }
    });

    it("normalizes e-mail, names, phone and tier", () => {
      const row = run(process_crm, ` c-7 , MARY-JANE ,"o'brien",  Mary.J@Example.COM ,098765-43210,platinum,new  delhi,in,2026-11-20 10:00:00`, ctx);
      expect(row).to.include({
        customer_id: "C-7",
        first_name: "Mary-Jane",
        last_name: "O'Brien",
        email: "mary.j@example.com",
        phone: "+919876543210",
        loyalty_tier: "PLATINUM",
        city: "New Delhi",
        country: "IN",
        updated_at: "2026-11-20T04:30:00.000000Z",
        raw_extra_attributes: null,
        dq_status: "VALID",
      });
    });

    it("writes Indian phone numbers in E.164 however they arrive", () => {
      const phone = (p: string) => run(process_crm, `c1,a,b,a@b.in,${p},gold,x,in,2026-11-20T00:00:00Z`, ctx).phone;
      for (const p of ["9876543210", "+91 98765 43210", "91-9876543210", "0091 9876543210", "(098765) 43210"]) expect(phone(p), p).to.equal("+919876543210");
      expect(phone("+44 20 7946 0958")).to.equal("+442079460958");
    });

    it("flags BAD_FORMAT for an e-mail or phone that is not one, keeping the value", () => {
      const row = run(process_crm, "c1,a,b,not-an-email,12345,gold,x,in,2026-11-20T00:00:00Z", ctx);
      expect(row).to.include({ email: "not-an-email", phone: "12345", dq_status: "WARN" });
      expect(row.dq_errors).to.deep.equal(["BAD_FORMAT"]);
    });

    it("maps columns by the header in any order and keeps unknown columns in raw_extra_attributes", () => {
      const drift = { ...FIXED_CONTEXT, header: "updated_at,customer_id,favourite_store,email" };
      const row = run(process_crm, "2026-11-20T00:00:00Z,c9,S004,x@y.in", drift);
      expect(row).to.include({ customer_id: "C9", email: "x@y.in", dq_status: "WARN" });
      expect(row.dq_errors).to.deep.equal(["MISSING_COLUMN"]);
      expect(row.absent_fields).to.deep.equal(["first_name", "last_name", "phone", "loyalty_tier", "city", "country"]);
      expect(JSON.parse(row.raw_extra_attributes as string)).to.deep.equal({ favourite_store: "S004" });
    });

    it("keeps quoted commas, doubled quotes and newlines inside a field", () => {
      const row = run(process_crm, 'c1,"Ann, ""Annie""","Line\nTwo",a@b.in,,gold,x,in,2026-11-20T00:00:00Z', ctx);
      expect(row.first_name).to.equal('Ann, "Annie"');
      expect(row.last_name).to.equal("Line Two");
    });

    it("flags UNPARSEABLE for unbalanced quotes", () => {
      const row = run(process_crm, 'c1,"Ann,b,a@b.in,,gold,x,in,2026-11-20T00:00:00Z', ctx);
      expect(row.dq_errors).to.deep.equal(["UNPARSEABLE"]);
      expect(row.customer_id).to.equal(null);
    });

    it("flags DUPLICATE_COLUMN INVALID, a short record TRUNCATED_RECORD and a long one COLUMN_COUNT_MISMATCH", () => {
      const dup = { ...FIXED_CONTEXT, header: "customer_id,email,email,updated_at" };
      const row = run(process_crm, "c1,first@x.in,second@x.in,2026-11-20T00:00:00Z", dup);
      expect(row).to.include({ email: "first@x.in", dq_status: "INVALID" });
      expect(row.dq_errors).to.deep.equal(["DUPLICATE_COLUMN", "MISSING_COLUMN"]);
      const short = run(process_crm, "c1,a,b", ctx);
      expect(short.dq_errors).to.deep.equal(["TRUNCATED_RECORD", "MISSING_REQUIRED_FIELD"]);
      expect(short.absent_fields).to.deep.equal(["email", "phone", "loyalty_tier", "city", "country", "updated_at"]);
      expect(run(process_crm, "c1,a,b,a@b.in,,gold,x,in,2026-11-20T00:00:00Z,extra", ctx).dq_errors).to.deep.equal(["COLUMN_COUNT_MISMATCH"]);
    });

    it("flags NO_HEADER and maps in contract order when the context has no header", () => {
      const row = run(process_crm, "c1,a,b,a@b.in,,gold,x,in,2026-11-20T00:00:00Z", FIXED_CONTEXT);
      expect(row).to.include({ customer_id: "C1", loyalty_tier: "GOLD", dq_status: "WARN" });
      expect(row.dq_errors).to.deep.equal(["NO_HEADER"]);
    });
  });

  describe("inventory, stores and products (CSV)", () => {
    it("inventory: flags negative stock OUT_OF_RANGE and a future snapshot date", () => {
      const ctx = { ...FIXED_CONTEXT, header: "snapshot_date,store_id,product_id,quantity_on_hand,reorder_point,unit_cost" };
      const ok = run(process_inventory, "2026-11-26,s1,p1,12,5,40.25", ctx);
      expect(ok).to.include({ snapshot_date: "2026-11-26", store_id: "S1", quantity_on_hand: 12, unit_cost: 40.25, dq_status: "VALID" });
      expect(run(process_inventory, "2026-11-26,s1,p1,-3,5,40", ctx).dq_errors).to.deep.equal(["OUT_OF_RANGE"]);
      expect(run(process_inventory, "2026-11-28,s1,p1,3,5,40", ctx).dq_errors).to.deep.equal(["FUTURE_TIMESTAMP"]);
      expect(run(process_inventory, "26/11/2026,s1,p1,3.5,5,40", ctx).dq_errors).to.deep.equal(["BAD_TYPE"]);
    });

    it("stores: flags UNKNOWN_COLUMN where the table keeps no extra attributes", () => {
      const ctx = { ...FIXED_CONTEXT, header: "store_id,store_name,city,manager" };
      const row = run(process_stores, "s1,GigaMart Andheri,mumbai,Ravi", ctx);
      expect(row).to.include({ store_id: "S1", store_name: "GigaMart Andheri", city: "Mumbai", dq_status: "WARN" });
      expect(row.dq_errors).to.deep.equal(["MISSING_COLUMN", "UNKNOWN_COLUMN"]);
      expect(row).not.to.have.property("raw_extra_attributes");
    });

    it("products: reads booleans and flags a negative list price", () => {
      const ctx = { ...FIXED_CONTEXT, header: "product_id,product_name,category,subcategory,brand,unit_cost,list_price,is_active" };
      expect(run(process_products, "p1,Soap,Home,Bath,Acme,10,12.5,Y", ctx)).to.include({ is_active: true, list_price: 12.5, dq_status: "VALID" });
      expect(run(process_products, "p1,Soap,Home,Bath,Acme,10,-1,false", ctx).dq_errors).to.deep.equal(["NEGATIVE_PRICE"]);
      expect(run(process_products, "p1,Soap,Home,Bath,Acme,10,1,maybe", ctx).dq_errors).to.deep.equal(["BAD_TYPE"]);
    });
  });
});
