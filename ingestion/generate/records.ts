import { crm, inventory, products, stores, type SourceContract } from "../contracts";

// The landing records as DESIGN §3 specifies them, in the field order the feeds write them.
export interface PosLine {
  line_no: number;
  product_id: string;
  quantity: number;
  unit_price: number;
  discount: number;
}

export interface PosTransaction {
  transaction_id: string;
  store_id: string;
  register_id: string;
  event_ts: string;
  customer_id: string | null;
  payment_type: "CASH" | "CARD" | "UPI" | "WALLET";
  currency: string;
  lines: PosLine[];
  total_amount: number;
}

export type OrderStatus = "PLACED" | "PAID" | "SHIPPED" | "DELIVERED" | "CANCELLED" | "RETURNED";

export interface EcomItem {
  line_no: number;
  product_id: string;
  quantity: number;
  unit_price: number;
  discount: number;
}

export interface EcomOrderVersion {
  order_id: string;
  customer_id: string;
  order_ts: string;
  updated_at: string;
  status: OrderStatus;
  currency: string;
  channel: "WEB" | "APP";
  fulfillment_store_id: string | null;
  items: EcomItem[];
  shipping: { city: string; state: string; postal_code: string; country: string };
}

// CSV headers come from the contracts, in contract order.
const columnsOf = (c: SourceContract): readonly string[] => c.fields.map((f) => f.name);
export const CRM_COLUMNS = columnsOf(crm);
export const INVENTORY_COLUMNS = columnsOf(inventory);
export const STORE_COLUMNS = columnsOf(stores);
export const PRODUCT_COLUMNS = columnsOf(products);
