import { stringify } from "csv-stringify/sync";
import { rupees } from "./money";
import { PRODUCT_COLUMNS, STORE_COLUMNS } from "./records";
import { closeCsv, dayCsvWriter, type World } from "./world";
import type { Source } from "./truth";

/** Full store and product extracts, dated the first day of the run. */
export async function writeMasterExtracts(world: World): Promise<void> {
  await writeExtract(world, "stores", STORE_COLUMNS, world.stores.map((s) => ({ ...s })));
  await writeExtract(
    world,
    "products",
    PRODUCT_COLUMNS,
    world.products.map((p) => ({
      ...p,
      unit_cost: String(rupees(p.unitCostPaise)),
      list_price: String(rupees(p.listPricePaise)),
      is_active: String(p.is_active),
    })),
  );
}

async function writeExtract(world: World, source: Source, columns: readonly string[], rows: Array<Record<string, unknown>>): Promise<void> {
  const writer = await dayCsvWriter(world, source, world.dates[0]!, columns.join(","));
  for (const row of rows) await writer.writeLine(stringify([columns.map((c) => String(row[c] ?? ""))], { eof: false }));
  await closeCsv(world, source, writer);
}
