// Files no one here wrote, one per kind of trouble, across the six sources, with what the loader must
// make of each: tests/ingestion/hostile-corpus.test.ts checks bronze, tests/models/hostile-corpus.test.ts
// checks that silver and gold over them equal a clean run's without the bad rows.
import * as zlib from "node:zlib";
import { sources } from "../../ingestion/contracts";

export const NOW = new Date("2026-11-27T10:00:00Z");

const pos = (over: Record<string, unknown> = {}): string =>
  JSON.stringify({
    transaction_id: "T1",
    store_id: "S001",
    register_id: "R1",
    event_ts: "2026-11-26T12:00:00+05:30",
    customer_id: "C1",
    payment_type: "CASH",
    currency: "INR",
    lines: [{ line_no: 1, product_id: "P1", quantity: 2, unit_price: 10, discount: 0 }],
    total_amount: 20,
    ...over,
  });

const ecom = (over: Record<string, unknown> = {}): string =>
  JSON.stringify({
    order_id: "O1",
    customer_id: "C1",
    order_ts: "2026-11-26T10:00:00Z",
    updated_at: "2026-11-26T10:00:00Z",
    status: "PAID",
    currency: "INR",
    channel: "WEB",
    fulfillment_store_id: "S001",
    items: [{ line_no: 1, product_id: "P1", quantity: 1, unit_price: 10, discount: 0 }],
    shipping: { city: "Pune", state: "Maharashtra", postal_code: "411001", country: "IN" },
    ...over,
  });

const CRM_HEADER = "customer_id,first_name,last_name,email,phone,loyalty_tier,city,country,updated_at";
const crmRow = (id: string, email = `${id.toLowerCase()}@x.in`) => `${id},Ann,Shah,${email},9876543210,GOLD,Pune,IN,2026-11-20T10:00:00Z`;
const INV_HEADER = "snapshot_date,store_id,product_id,quantity_on_hand,reorder_point,unit_cost";
const STORES_HEADER = "store_id,store_name,city,state,region,format,opened_date,closed_date";
const PRODUCTS_HEADER = "product_id,product_name,category,subcategory,brand,unit_cost,list_price,is_active";
const lines = (...ls: string[]): string => ls.join("\n") + "\n";
const bytes = (...parts: (string | number[])[]): Buffer => Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p) : Buffer.from(p))));

export interface Case {
  kind: string;
  file: string;
  content: string | Buffer;
  status: "loaded" | "unreadable";
  lines: number;
  headers: number;
  /** Each bronze row as "STATUS:CODE+CODE", sorted. */
  rows: string[];
  /** Extra checks on the file's rows, as SQL over the bronze table returning one boolean `ok`. */
  check?: string;
}

const pos2 = { lines: [{ line_no: 1, product_id: "P1", quantity: 1, unit_price: 10.0000000001, discount: 0 }], total_amount: 10 };

export const CASES: Case[] = [
  // --- POS (JSON lines)
  { kind: "duplicate JSON key", file: "pos/dup_key.jsonl", content: lines(pos().replace('"register_id"', '"store_id":"S999","register_id"')), status: "loaded", lines: 1, headers: 0, rows: ["INVALID:DUPLICATE_KEY"], check: `bool_and(raw_payload LIKE '%"S001"%"S999"%')` },
  { kind: "timestamp whose local date is year 10000", file: "pos/far_future.jsonl", content: lines(pos({ event_ts: "9999-12-31T23:59:59Z" })), status: "loaded", lines: 1, headers: 0, rows: ["INVALID:FUTURE_TIMESTAMP+DATE_OUT_OF_RANGE"], check: "bool_and(event_date IS NULL)" },
  { kind: "timestamp before year 1 in UTC", file: "pos/year_zero.jsonl", content: lines(pos({ event_ts: "0001-01-01T00:00:00+05:30" }), pos({ event_ts: "0001-01-01T00:00:00Z" })), status: "loaded", lines: 2, headers: 0, rows: ["INVALID:DATE_OUT_OF_RANGE", "VALID:"], check: "count(event_ts) = 1 AND count(event_date) = 1" },
  { kind: "CRLF line endings", file: "pos/crlf.jsonl", content: [pos(), pos({ transaction_id: "T2" })].join("\r\n") + "\r\n", status: "loaded", lines: 2, headers: 0, rows: ["VALID:", "VALID:"] },
  { kind: "CR-only line endings", file: "pos/cr_only.jsonl", content: [pos(), pos({ transaction_id: "T2" }), pos({ transaction_id: "T3" })].join("\r") + "\r", status: "loaded", lines: 3, headers: 0, rows: ["VALID:", "VALID:", "VALID:"] },
  { kind: "byte-order mark", file: "pos/bom.jsonl", content: "\ufeff" + lines(pos(), pos({ transaction_id: "T2" })), status: "loaded", lines: 2, headers: 0, rows: ["VALID:", "WARN:BYTE_ORDER_MARK"], check: `count(raw_payload) = 1 AND bool_and(raw_payload IS NULL OR raw_payload LIKE '{%')` },
  { kind: "empty file", file: "pos/empty.jsonl", content: "", status: "unreadable", lines: 0, headers: 0, rows: [] },
  { kind: "NUL bytes", file: "pos/nul.jsonl", content: lines(pos() + "\u0000\u0000", pos({ transaction_id: "T2" })), status: "loaded", lines: 2, headers: 0, rows: ["INVALID:UNPARSEABLE", "VALID:"] },
  { kind: "invalid UTF-8 bytes in a value", file: "pos/bad_utf8.jsonl", content: bytes(pos().split('"R1"')[0]! + '"R', [0xff, 0xfe], '"' + pos().split('"R1"')[1]! + "\n", pos({ transaction_id: "T2" }), "\n"), status: "loaded", lines: 2, headers: 0, rows: ["INVALID:INVALID_UTF8", "VALID:"], check: "count(register_id) = 1" },
  { kind: "lone surrogate escape", file: "pos/lone_surrogate.jsonl", content: lines(pos().replace('"C1"', '"C\\ud800"'), pos().replace('"C1"', '"C\\ud83d\\ude00"')), status: "loaded", lines: 2, headers: 0, rows: ["INVALID:INVALID_UTF8", "VALID:"], check: "count(customer_id) = 1" },
  { kind: "gzip cut short", file: "pos/truncated.jsonl.gz", content: zlib.gzipSync(Buffer.from(lines(pos(), pos(), pos()))).subarray(0, 30), status: "unreadable", lines: 0, headers: 0, rows: [] },
  { kind: "JSON line cut off", file: "pos/cut_off.jsonl", content: pos() + "\n" + pos({ transaction_id: "T2" }).slice(0, 80), status: "loaded", lines: 2, headers: 0, rows: ["INVALID:TRUNCATED_RECORD", "VALID:"] },
  { kind: "huge line (4 MB member)", file: "pos/huge_line.jsonl", content: lines(pos({ memo: "x".repeat(4 * 1024 * 1024) })), status: "loaded", lines: 1, headers: 0, rows: ["WARN:UNKNOWN_COLUMN"], check: "bool_and(length(raw_payload) > 4000000)" },
  { kind: "exponent notation", file: "pos/exponent.jsonl", content: lines(pos().replace('"quantity":2', '"quantity":2e0').replace('"unit_price":10', '"unit_price":1.0E1').replace('"total_amount":20', '"total_amount":0.2e+2')), status: "loaded", lines: 1, headers: 0, rows: ["VALID:"], check: "bool_and(total_amount = 20 AND lines[1].unit_price = 10)" },
  { kind: "negative zero", file: "pos/negative_zero.jsonl", content: lines(pos().replace('"discount":0', '"discount":-0')), status: "loaded", lines: 1, headers: 0, rows: ["VALID:"] },
  { kind: "NaN and Infinity", file: "pos/nan.jsonl", content: lines(pos().replace('"total_amount":20', '"total_amount":NaN'), pos().replace('"total_amount":20', '"total_amount":Infinity'), pos().replace('"total_amount":20', '"total_amount":1e400')), status: "loaded", lines: 3, headers: 0, rows: ["INVALID:BAD_TYPE", "INVALID:UNPARSEABLE", "INVALID:UNPARSEABLE"] },
  { kind: "numbers as strings", file: "pos/numbers_as_strings.jsonl", content: lines(pos({ lines: [{ line_no: "1", product_id: "P1", quantity: "2", unit_price: "10.00", discount: "0" }], total_amount: "20" })), status: "loaded", lines: 1, headers: 0, rows: ["VALID:"] },
  { kind: "array where an object belongs", file: "pos/arrays.jsonl", content: lines(`[${pos()}]`, pos({ lines: { line_no: 1, product_id: "P1", quantity: 2, unit_price: 10 } })), status: "loaded", lines: 2, headers: 0, rows: ["INVALID:BAD_TYPE", "INVALID:UNPARSEABLE"] },
  { kind: "deep nesting", file: "pos/deep.jsonl", content: lines(pos().replace(/}$/, `,"meta":${"[".repeat(5000)}${"]".repeat(5000)}}`)), status: "loaded", lines: 1, headers: 0, rows: ["WARN:UNKNOWN_COLUMN"] },
  { kind: "INT64 overflow", file: "pos/int_overflow.jsonl", content: lines(pos().replace('"line_no":1', '"line_no":9223372036854775808'), pos().replace('"quantity":2', '"quantity":9007199254740993')), status: "loaded", lines: 2, headers: 0, rows: ["INVALID:INT64_OUT_OF_RANGE", "INVALID:INT64_OUT_OF_RANGE"] },
  { kind: "NUMERIC beyond 29 integer digits or 9 decimals", file: "pos/numeric.jsonl", content: lines(pos({ total_amount: 1e30 }), pos(pos2)), status: "loaded", lines: 2, headers: 0, rows: ["INVALID:NUMERIC_OUT_OF_RANGE", "WARN:NUMERIC_ROUNDED"], check: "bool_or(lines[1].unit_price = 10)" },
  { kind: "member missing vs present as null", file: "pos/absent_vs_null.jsonl", content: lines(pos({ customer_id: null }), JSON.stringify({ ...JSON.parse(pos()), customer_id: undefined })), status: "loaded", lines: 2, headers: 0, rows: ["VALID:", "VALID:"], check: "bool_and(customer_id IS NULL) AND count(*) FILTER (WHERE absent_fields = ['customer_id']) = 1 AND count(*) FILTER (WHERE absent_fields = []) = 1" },
  { kind: "blank line", file: "pos/blank.jsonl", content: lines(pos(), "", pos({ transaction_id: "T2" })), status: "loaded", lines: 3, headers: 0, rows: ["INVALID:UNPARSEABLE", "VALID:", "VALID:"] },
  // --- e-commerce (JSON lines)
  { kind: "unknown member", file: "ecom-orders/unknown.jsonl", content: lines(ecom({ coupon: "DIWALI" })), status: "loaded", lines: 1, headers: 0, rows: ["WARN:UNKNOWN_COLUMN"], check: "bool_and(raw_payload LIKE '%DIWALI%')" },
  { kind: "nested member missing", file: "ecom-orders/no_city.jsonl", content: lines(ecom({ shipping: { state: "Goa", postal_code: "403001", country: "IN" } })), status: "loaded", lines: 1, headers: 0, rows: ["VALID:"], check: "bool_and(absent_fields = ['shipping.city'] AND shipping.city IS NULL)" },
  { kind: "duplicate key in a nested object", file: "ecom-orders/nested_dup.jsonl", content: lines(ecom().replace('"line_no":1', '"line_no":1,"line_no":2')), status: "loaded", lines: 1, headers: 0, rows: ["INVALID:DUPLICATE_KEY"] },
  { kind: "order date past 9999-12-31 locally", file: "ecom-orders/late_9999.jsonl", content: lines(ecom({ order_ts: "9999-12-31T20:00:00Z", updated_at: "2026-11-26T10:00:00Z" })), status: "loaded", lines: 1, headers: 0, rows: ["INVALID:FUTURE_TIMESTAMP+DATE_OUT_OF_RANGE"], check: "bool_and(order_date IS NULL)" },
  { kind: "member missing (fulfilment store)", file: "ecom-orders/no_store.jsonl", content: lines(JSON.stringify({ ...JSON.parse(ecom({ order_id: "O2" })), fulfillment_store_id: undefined })), status: "loaded", lines: 1, headers: 0, rows: ["VALID:"], check: "bool_and(absent_fields = ['fulfillment_store_id'] AND fulfillment_store_id IS NULL)" },
  // --- CRM (CSV)
  { kind: "header lacks a contract column", file: "crm-profiles/no_email.csv", content: lines(CRM_HEADER.replace("email,", ""), crmRow("C1").replace(",c1@x.in", ""), crmRow("C2").replace(",c2@x.in", "")), status: "loaded", lines: 3, headers: 1, rows: ["WARN:MISSING_COLUMN", "WARN:MISSING_COLUMN"], check: "bool_and(absent_fields = ['email'] AND email IS NULL AND phone = '+919876543210')" },
  { kind: "last record cut short", file: "crm-profiles/truncated_last.csv", content: lines(CRM_HEADER, crmRow("C1")) + "C2,Ann,Sh", status: "loaded", lines: 3, headers: 1, rows: ["INVALID:TRUNCATED_RECORD+MISSING_REQUIRED_FIELD", "VALID:"], check: "count(*) FILTER (WHERE absent_fields = ['email', 'phone', 'loyalty_tier', 'city', 'country', 'updated_at']) = 1" },
  { kind: "reordered columns", file: "crm-profiles/reordered.csv", content: lines("updated_at,email,customer_id,country,city,loyalty_tier,phone,last_name,first_name", "2026-11-20T10:00:00Z,a@x.in,c1,in,pune,gold,9876543210,shah,ann"), status: "loaded", lines: 2, headers: 1, rows: ["VALID:"], check: "bool_and(customer_id = 'C1' AND email = 'a@x.in' AND first_name = 'Ann')" },
  { kind: "duplicate header name", file: "crm-profiles/dup_header.csv", content: lines(CRM_HEADER + ",email", crmRow("C1") + ",other@x.in"), status: "loaded", lines: 2, headers: 1, rows: ["INVALID:DUPLICATE_COLUMN"] },
  { kind: "wrong delimiter", file: "crm-profiles/semicolons.csv", content: lines(CRM_HEADER.replace(/,/g, ";"), crmRow("C1").replace(/,/g, ";")), status: "loaded", lines: 2, headers: 0, rows: ["INVALID:NO_HEADER+TRUNCATED_RECORD+MISSING_REQUIRED_FIELD", "INVALID:NO_HEADER+TRUNCATED_RECORD+MISSING_REQUIRED_FIELD"] },
  { kind: "header only", file: "crm-profiles/header_only.csv", content: lines(CRM_HEADER), status: "loaded", lines: 1, headers: 1, rows: [] },
  { kind: "quoted newline", file: "crm-profiles/quoted_newline.csv", content: lines(CRM_HEADER, 'C1,"Ann\nMarie",Shah,a@x.in,,GOLD,Pune,IN,2026-11-20T10:00:00Z'), status: "loaded", lines: 2, headers: 1, rows: ["VALID:"], check: "bool_and(first_name = 'Ann Marie')" },
  { kind: "unknown column", file: "crm-profiles/unknown_column.csv", content: lines(CRM_HEADER + ",favourite_store", crmRow("C1") + ",S004"), status: "loaded", lines: 2, headers: 1, rows: ["VALID:"], check: `bool_and(raw_extra_attributes = '{"favourite_store":"S004"}')` },
  { kind: "BOM and CRLF", file: "crm-profiles/bom_crlf.csv", content: "\ufeff" + [CRM_HEADER, crmRow("C1"), crmRow("C2")].join("\r\n") + "\r\n", status: "loaded", lines: 3, headers: 1, rows: ["VALID:", "VALID:"] },
  // The extra field shifts the values after it: updated_at reads "IN".
  { kind: "more fields than the header", file: "crm-profiles/extra_fields.csv", content: lines(CRM_HEADER, crmRow("C1").replace("Pune", "Pune,Maharashtra")), status: "loaded", lines: 2, headers: 1, rows: ["INVALID:COLUMN_COUNT_MISMATCH+BAD_TYPE"] },
  { kind: "no header line", file: "crm-profiles/no_header.csv", content: lines(crmRow("C1"), crmRow("C2")), status: "loaded", lines: 2, headers: 0, rows: ["WARN:NO_HEADER", "WARN:NO_HEADER"] },
  // --- inventory (CSV)
  { kind: "DATE outside 0001..9999", file: "inventory/dates.csv", content: lines(INV_HEADER, "0000-12-31,S001,P1,5,1,2.5", "10000-01-01,S001,P1,5,1,2.5", "2026-11-26,S001,P1,5,1,2.5"), status: "loaded", lines: 4, headers: 1, rows: ["INVALID:DATE_OUT_OF_RANGE", "INVALID:DATE_OUT_OF_RANGE", "VALID:"] },
  { kind: "INT64 overflow in CSV", file: "inventory/int_overflow.csv", content: lines(INV_HEADER, "2026-11-26,S001,P1,99999999999999999999,1,2.5"), status: "loaded", lines: 2, headers: 1, rows: ["INVALID:INT64_OUT_OF_RANGE"], check: "bool_and(quantity_on_hand IS NULL)" },
  { kind: "NUL byte in CSV", file: "inventory/nul.csv", content: lines(INV_HEADER, "2026-11-26,S001,P1,5\u0000,1,2.5"), status: "loaded", lines: 2, headers: 1, rows: ["INVALID:UNPARSEABLE"] },
  { kind: "header lacks optional columns (inventory)", file: "inventory/no_cost.csv", content: lines("snapshot_date,store_id,product_id,quantity_on_hand", "2026-11-26,S002,P1,4"), status: "loaded", lines: 2, headers: 1, rows: ["WARN:MISSING_COLUMN"], check: "bool_and(absent_fields = ['reorder_point', 'unit_cost'])" },
  // --- stores (CSV)
  { kind: "gzip cut short (CSV)", file: "stores/stores.csv.gz", content: zlib.gzipSync(Buffer.from(lines(STORES_HEADER, "S001,Andheri,Mumbai,Maharashtra,WEST,HYPER,2020-01-01,"))).subarray(0, 40), status: "unreadable", lines: 0, headers: 0, rows: [] },
  { kind: "invalid UTF-8 in CSV", file: "stores/bad_utf8.csv", content: bytes(STORES_HEADER, "\nS001,Andh", [0xc3, 0x28], "ri,Mumbai,Maharashtra,WEST,HYPER,2020-01-01,\nS002,Bandra,Mumbai,Maharashtra,WEST,SUPER,2021-01-01,\n"), status: "loaded", lines: 3, headers: 1, rows: ["INVALID:INVALID_UTF8", "VALID:"], check: "count(store_name) = 1" },
  { kind: "header lacks columns (stores)", file: "stores/partial.csv", content: lines("store_id,store_name", "S001,Andheri"), status: "loaded", lines: 2, headers: 1, rows: ["WARN:MISSING_COLUMN"], check: "bool_and(absent_fields = ['city', 'state', 'region', 'format', 'opened_date', 'closed_date'])" },
  // --- products (CSV)
  { kind: "NUMERIC scale and range in CSV", file: "products/numeric.csv", content: lines(PRODUCTS_HEADER, "P1,Soap,Home,Bath,Acme,1.1234567891,2,true", "P2,Soap,Home,Bath,Acme,1,100000000000000000000000000000,true"), status: "loaded", lines: 3, headers: 1, rows: ["INVALID:NUMERIC_OUT_OF_RANGE", "WARN:NUMERIC_ROUNDED"], check: "bool_or(unit_cost = 1.123456789)" },
  { kind: "empty file (CSV)", file: "products/empty.csv", content: "", status: "unreadable", lines: 0, headers: 0, rows: [] },
  { kind: "exponent notation in CSV", file: "products/exponent.csv", content: lines(PRODUCTS_HEADER, "P1,Soap,Home,Bath,Acme,1.5E1,2e1,yes"), status: "loaded", lines: 2, headers: 1, rows: ["VALID:"], check: "bool_and(unit_cost = 15 AND list_price = 20)" },
  { kind: "header lacks price columns (products)", file: "products/no_prices.csv", content: lines("product_id,product_name,category,is_active", "P2,Shampoo,Home,true"), status: "loaded", lines: 2, headers: 1, rows: ["WARN:MISSING_COLUMN"], check: "bool_and(absent_fields = ['subcategory', 'brand', 'unit_cost', 'list_price'])" },
];

export const sourceOf = (file: string) => sources.find((s) => file.startsWith(s.landingFolder + "/"))!;

