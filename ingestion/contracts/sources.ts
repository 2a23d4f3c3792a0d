// The six landing contracts (DESIGN §3). Everything else — bronze schemas, DDL, schema files,
// UDF validation, column docs — is derived from these objects.
import type { FieldContract, SourceContract } from "./types";

const money = (name: string, description: string, extra?: Partial<FieldContract>): FieldContract => ({
  name,
  type: "NUMERIC",
  description,
  min: 0,
  negativeIsPrice: true,
  ...extra,
});

const id = (name: string, description: string, required?: boolean): FieldContract => ({
  name,
  type: "STRING",
  description,
  normalize: "code",
  required: required === true,
});

const lineItemFields = (what: string, positiveQuantity: boolean): FieldContract[] => [
  { name: "line_no", type: "INT64", description: `Position of the ${what} within its parent, from 1.`, required: true, min: 1 },
  id("product_id", "Product sold (products.product_id).", true),
  positiveQuantity
    ? { name: "quantity", type: "INT64", description: "Units ordered; must be greater than 0.", required: true, min: 0, exclusiveMin: true }
    : { name: "quantity", type: "INT64", description: "Units sold; negative for a return.", required: true },
  money("unit_price", "Price of one unit before discount, in the record currency.", { required: true }),
  money("discount", "Discount amount for the whole line (not per unit); 0 when absent.", { defaultValue: 0 }),
];

const PAYMENT_TYPES = ["CASH", "CARD", "UPI", "WALLET"] as const;
const ORDER_STATUSES = ["PLACED", "PAID", "SHIPPED", "DELIVERED", "CANCELLED", "RETURNED"] as const;
const CHANNELS = ["WEB", "APP"] as const;
const LOYALTY_TIERS = ["NONE", "SILVER", "GOLD", "PLATINUM"] as const;
const CURRENCY: FieldContract = {
  name: "currency",
  type: "STRING",
  description: "ISO 4217 currency code of all amounts in the record.",
  required: true,
  normalize: "code",
  pattern: "^[A-Z]{3}$",
};

export const pos: SourceContract = {
  name: "pos",
  title: "POS transaction",
  description: "One point-of-sale transaction (JSON line) from a store register; may be re-sent.",
  landingFolder: "pos",
  format: "jsonl",
  bronzeTable: "raw_pos_transactions",
  udfFunction: "process_pos",
  fields: [
    id("transaction_id", "Register-assigned transaction id; the same event may arrive more than once.", true),
    id("store_id", "Store where the sale happened (stores.store_id).", true),
    id("register_id", "Register within the store."),
    { name: "event_ts", type: "TIMESTAMP", description: "When the sale happened (UTC; a source value without offset is read in the source time zone).", required: true, notInFuture: true },
    id("customer_id", "Loyalty customer (crm customer_id); null for a walk-in."),
    { name: "payment_type", type: "STRING", description: "CASH, CARD, UPI or WALLET.", normalize: "code", enumValues: PAYMENT_TYPES },
    CURRENCY,
    { name: "lines", type: "RECORD", repeated: true, required: true, description: "Items sold (at least one).", fields: lineItemFields("line", false) },
    money("total_amount", "Amount paid: sum(quantity * unit_price - discount) over lines, within 0.01.", { required: true, min: undefined, negativeIsPrice: false }),
  ],
  derived: [{ name: "event_date", fromTimestamp: "event_ts", description: "Calendar date of event_ts in the source time zone (partition)." }],
  totalTolerance: 0.01,
  partition: { column: "event_date" },
  clusterBy: ["store_id", "transaction_id"],
};

export const ecom: SourceContract = {
  name: "ecom",
  title: "E-commerce order",
  description: "One version of an online order (JSON line); an order reappears each time its status changes.",
  landingFolder: "ecom-orders",
  format: "jsonl",
  bronzeTable: "raw_ecom_orders",
  udfFunction: "process_ecom",
  fields: [
    id("order_id", "Order id; one row per version of the order.", true),
    id("customer_id", "Ordering customer (crm customer_id).", true),
    { name: "order_ts", type: "TIMESTAMP", description: "When the order was placed (UTC).", required: true, notInFuture: true },
    { name: "updated_at", type: "TIMESTAMP", description: "When this version of the order was produced (UTC).", required: true, notInFuture: true },
    { name: "status", type: "STRING", description: "PLACED, PAID, SHIPPED, DELIVERED, CANCELLED or RETURNED.", required: true, normalize: "code", enumValues: ORDER_STATUSES },
    CURRENCY,
    { name: "channel", type: "STRING", description: "WEB or APP.", normalize: "code", enumValues: CHANNELS },
    id("fulfillment_store_id", "Store that fulfils the order; null for the central warehouse."),
    { name: "items", type: "RECORD", repeated: true, required: true, description: "Items ordered (at least one).", fields: lineItemFields("item", true) },
    {
      name: "shipping",
      type: "RECORD",
      description: "Delivery address.",
      fields: [
        { name: "city", type: "STRING", description: "Delivery city.", normalize: "name" },
        { name: "state", type: "STRING", description: "Delivery state.", normalize: "name" },
        { name: "postal_code", type: "STRING", description: "Postal (PIN) code.", normalize: "trim" },
        { name: "country", type: "STRING", description: "ISO 3166-1 alpha-2 country code.", normalize: "code" },
      ],
    },
  ],
  derived: [{ name: "order_date", fromTimestamp: "order_ts", description: "Calendar date of order_ts in the source time zone (partition)." }],
  partition: { column: "order_date" },
  clusterBy: ["order_id"],
};

export const crm: SourceContract = {
  name: "crm",
  title: "CRM customer profile",
  description: "A customer profile changed since the last export (CSV with header); unchanged profiles may repeat.",
  landingFolder: "crm-profiles",
  format: "csv",
  bronzeTable: "raw_crm_customers",
  udfFunction: "process_crm",
  fields: [
    id("customer_id", "Customer id.", true),
    { name: "first_name", type: "STRING", description: "Given name, Title Case.", normalize: "name" },
    { name: "last_name", type: "STRING", description: "Family name, Title Case.", normalize: "name" },
    { name: "email", type: "STRING", description: "E-mail address, lower case.", normalize: "email" },
    { name: "phone", type: "STRING", description: "Phone number in E.164 (+91 when no country code).", normalize: "phone_in" },
    { name: "loyalty_tier", type: "STRING", description: "NONE, SILVER, GOLD or PLATINUM.", normalize: "code", enumValues: LOYALTY_TIERS },
    { name: "city", type: "STRING", description: "City, Title Case.", normalize: "name" },
    { name: "country", type: "STRING", description: "ISO 3166-1 alpha-2 country code.", normalize: "code" },
    { name: "updated_at", type: "TIMESTAMP", description: "When the profile last changed in the CRM (UTC).", required: true, notInFuture: true },
  ],
  derived: [],
  keepExtraAttributes: true,
  partition: { expression: "DATE(updated_at)" },
  clusterBy: ["customer_id"],
};

export const inventory: SourceContract = {
  name: "inventory",
  title: "Inventory snapshot",
  description: "Stock of one product in one store at the end of a day (CSV with header); one full snapshot per store and day.",
  landingFolder: "inventory",
  format: "csv",
  bronzeTable: "raw_inventory_snapshots",
  udfFunction: "process_inventory",
  fields: [
    { name: "snapshot_date", type: "DATE", description: "Business date of the snapshot (partition).", required: true, notInFuture: true },
    id("store_id", "Store (stores.store_id).", true),
    id("product_id", "Product (products.product_id).", true),
    { name: "quantity_on_hand", type: "INT64", description: "Units in stock; negative stock is flagged OUT_OF_RANGE.", required: true, min: 0 },
    { name: "reorder_point", type: "INT64", description: "Stock level that triggers a reorder.", min: 0 },
    money("unit_cost", "Cost of one unit to GigaMart."),
  ],
  derived: [],
  partition: { column: "snapshot_date" },
  clusterBy: ["store_id", "product_id"],
};

export const stores: SourceContract = {
  name: "stores",
  title: "Store master",
  description: "Full extract of the store master (CSV with header).",
  landingFolder: "stores",
  format: "csv",
  bronzeTable: "raw_store_master",
  udfFunction: "process_stores",
  fields: [
    id("store_id", "Store id.", true),
    { name: "store_name", type: "STRING", description: "Store name.", required: true, normalize: "trim" },
    { name: "city", type: "STRING", description: "City, Title Case.", normalize: "name" },
    { name: "state", type: "STRING", description: "State, Title Case.", normalize: "name" },
    id("region", "Sales region code."),
    id("format", "Store format code (e.g. HYPER, SUPER, EXPRESS)."),
    { name: "opened_date", type: "DATE", description: "Opening date." },
    { name: "closed_date", type: "DATE", description: "Closing date; null while open." },
  ],
  derived: [],
  clusterBy: ["store_id"],
};

export const products: SourceContract = {
  name: "products",
  title: "Product master",
  description: "Full extract of the product master (CSV with header).",
  landingFolder: "products",
  format: "csv",
  bronzeTable: "raw_product_master",
  udfFunction: "process_products",
  fields: [
    id("product_id", "Product id.", true),
    { name: "product_name", type: "STRING", description: "Product name.", required: true, normalize: "trim" },
    { name: "category", type: "STRING", description: "Category.", normalize: "trim" },
    { name: "subcategory", type: "STRING", description: "Subcategory.", normalize: "trim" },
    { name: "brand", type: "STRING", description: "Brand.", normalize: "trim" },
    money("unit_cost", "Cost of one unit to GigaMart."),
    money("list_price", "Shelf price of one unit."),
    { name: "is_active", type: "BOOL", description: "Whether the product is currently sold." },
  ],
  derived: [],
  clusterBy: ["product_id"],
};

/** All sources, in the order ingestion processes them (master data first). */
export const sources: readonly SourceContract[] = [stores, products, crm, inventory, pos, ecom];
