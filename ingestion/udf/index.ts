// The UDF entry: one record transform per source. build.ts bundles this module (and what it imports)
// into ONE ES5 script whose global functions process_pos(line), process_ecom(line), ... Dataflow's
// templates and the local loader call. Each returns the bronze row as a JSON string, or null for a
// CSV header line; none throws on bad data.
import { crm, ecom, inventory, pos, products, stores } from "../contracts/sources";
import { transformLine } from "./transform";

export function process_pos(line: string): string | null {
  return transformLine(pos, line);
}
export function process_ecom(line: string): string | null {
  return transformLine(ecom, line);
}
export function process_crm(line: string): string | null {
  return transformLine(crm, line);
}
export function process_inventory(line: string): string | null {
  return transformLine(inventory, line);
}
export function process_stores(line: string): string | null {
  return transformLine(stores, line);
}
export function process_products(line: string): string | null {
  return transformLine(products, line);
}
