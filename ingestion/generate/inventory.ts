import { rupees } from "./money";
import { expectedDailyUnits } from "./pos";
import { INVENTORY_COLUMNS } from "./records";
import { Rng } from "./rng";
import { closeCsv, dayCsvWriter, type World } from "./world";

/**
 * End-of-day stock per store × active product: yesterday's stock minus the units the POS feed
 * sold today (returns come back on the shelf), floored at zero; below the reorder point a
 * delivery arrives overnight. Some rows are forced to zero (a count found the shelf empty).
 */
export class InventoryFeed {
  private readonly rng: Rng;
  private readonly onHand: Int32Array;
  private readonly reorderPoint: Int32Array;
  private readonly productIndexes: number[];

  constructor(private readonly world: World) {
    this.rng = new Rng(world.opts.seed, "inventory");
    this.productIndexes = world.products.flatMap((p, i) => (p.is_active ? [i] : []));
    const cells = world.stores.length * this.productIndexes.length;
    this.onHand = new Int32Array(cells);
    this.reorderPoint = new Int32Array(cells);
    // Planners keep about one to two days of expected sales as the reorder point.
    const perStore = this.productIndexes.map((pi) => expectedDailyUnits(pi, world.products.length, world.opts.transactionsPerStoreDay));
    for (let i = 0; i < cells; i++) {
      const demand = perStore[i % perStore.length]!;
      this.reorderPoint[i] = Math.max(this.rng.int(5, 15), Math.ceil(demand * (1.2 + this.rng.float() * 0.8)));
      this.onHand[i] = this.reorderPoint[i]! * this.rng.int(2, 4);
    }
  }

  async writeDay(day: number, soldToday: ReadonlyMap<string, number>): Promise<void> {
    const { dates, stores, products, truth, opts } = this.world;
    const date = dates[day]!;
    const writer = await dayCsvWriter(this.world, "inventory", date, INVENTORY_COLUMNS.join(","));
    let cell = 0;
    for (const store of stores) {
      for (const pi of this.productIndexes) {
        const product = products[pi]!;
        let qty = Math.max(0, this.onHand[cell]! - (soldToday.get(`${store.store_id}|${product.product_id}`) ?? 0));
        const forced = qty > 0 && this.rng.chance(opts.rates.stockOut);
        if (forced) qty = 0;
        const reorder = this.reorderPoint[cell]!;
        await writer.writeLine(`${date},${store.store_id},${product.product_id},${qty},${reorder},${rupees(product.unitCostPaise)}`);
        truth.inventory.snapshot_rows++;
        if (qty === 0) truth.inventory.stock_outs.push({ date, store_id: store.store_id, product_id: product.product_id, forced });
        if (this.rng.chance(opts.rates.malformed)) {
          const at = await writer.writeLine(`${date},${store.store_id},${product.product_id}`);
          truth.malformed.push({ source: "inventory", ...at, kind: "wrong_field_count" });
        }
        this.onHand[cell] = qty < reorder ? qty + reorder * 3 : qty;
        cell++;
      }
    }
    await closeCsv(this.world, "inventory", writer);
  }
}
