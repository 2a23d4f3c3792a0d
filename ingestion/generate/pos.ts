import { CLOSING_SECOND, OPENING_SECOND, formatTimestamp, parseDate } from "./calendar";
import { rupees } from "./money";
import type { PosLine, PosTransaction } from "./records";
import { Rng } from "./rng";
import type { SalesLine } from "./truth";
import type { RollingFileWriter } from "./writer";
import {
  dayJsonlWriter,
  malformedJsonLine,
  pickProductIndex,
  pickTimestampStyle,
  unknownProductId,
  unknownStoreId,
  type World,
} from "./world";

/** A line held back for a later day's file: a late event or a re-sent one. */
interface Pending {
  line: string;
  transactionId: string;
  eventDay: number;
  duplicate: boolean;
}

const PAYMENT_TYPES = ["CASH", "CARD", "UPI", "WALLET"] as const;
const LINES_PER_SALE = [[1, 3], [2, 3], [3, 2], [4, 1], [5, 1], [6, 1]] as const;
const UNITS_PER_LINE = [[1, 6], [2, 3], [3, 1]] as const;

const mean = (weights: ReadonlyArray<readonly [number, number]>) =>
  weights.reduce((s, [v, w]) => s + v * w, 0) / weights.reduce((s, [, w]) => s + w, 0);

/** Units of one product a store sells on an average day, so that stock can be planned to match. */
export function expectedDailyUnits(productIndex: number, products: number, transactionsPerStoreDay: number): number {
  // pickProductIndex draws floor(u² · n): index i has probability √((i+1)/n) − √(i/n).
  const p = Math.sqrt((productIndex + 1) / products) - Math.sqrt(productIndex / products);
  return transactionsPerStoreDay * mean(LINES_PER_SALE) * mean(UNITS_PER_LINE) * p;
}

/**
 * The POS batch feed: one JSON transaction per line, files per day of arrival. Late events and
 * re-sent events wait in `pending` (as serialized lines, the only thing held across days) until
 * the day they land.
 */
export class PosFeed {
  private readonly rng: Rng;
  private readonly pending = new Map<number, Pending[]>();
  /** Net units sold per known store × product on the day just generated, for the inventory feed. */
  readonly soldToday = new Map<string, number>();

  constructor(private readonly world: World) {
    this.rng = new Rng(world.opts.seed, "pos");
  }

  async writeDay(day: number): Promise<void> {
    const { opts, dates, stores } = this.world;
    const date = dates[day]!;
    const writer = dayJsonlWriter(this.world, "pos", date);
    this.soldToday.clear();
    // Weekends are busier; every store-day varies a little around the configured volume.
    const weekday = new Date(parseDate(date)).getUTCDay();
    const dayFactor = weekday === 0 || weekday === 6 ? 1.3 : 1;
    for (const store of stores) {
      const n = Math.round(opts.transactionsPerStoreDay * dayFactor * (0.8 + 0.4 * this.rng.float()));
      const seconds = Array.from({ length: n }, () => this.rng.int(OPENING_SECOND, CLOSING_SECOND)).sort((a, b) => a - b);
      for (let i = 0; i < n; i++) {
        await this.emit(day, writer, this.transaction(day, store.store_id, i + 1, seconds[i]!));
      }
    }
    for (const p of this.pending.get(day) ?? []) await this.land(day, writer, p);
    this.pending.delete(day);
    await writer.close();
  }

  private transaction(day: number, storeId: string, seq: number, second: number): PosTransaction {
    const { opts, dates, products, customers, truth } = this.world;
    const rng = this.rng;
    const date = dates[day]!;
    const rates = opts.rates;
    const isReturn = rng.chance(rates.posReturn);
    const writtenStore = rng.chance(rates.unknownStore) ? unknownStoreId(rng) : storeId;
    const lines: PosLine[] = [];
    const sales: SalesLine[] = [];
    const count = isReturn ? rng.int(1, 2) : rng.weighted(LINES_PER_SALE);
    for (let n = 1; n <= count; n++) {
      const product = products[pickProductIndex(rng, products.length)]!;
      const unknownProduct = rng.chance(rates.unknownProduct);
      const magnitude = rng.weighted(UNITS_PER_LINE);
      const quantity = isReturn ? -magnitude : magnitude;
      const price = product.listPricePaise;
      const discount = !isReturn && rng.chance(0.15) ? Math.round((quantity * price * rng.int(5, 20)) / 100) : 0;
      const productId = unknownProduct ? unknownProductId(rng) : product.product_id;
      lines.push({ line_no: n, product_id: productId, quantity, unit_price: rupees(price), discount: rupees(discount) });
      sales.push({ quantity, unitPricePaise: price, discountPaise: discount });
      if (unknownProduct) truth.pos.unknown_product_lines++;
      if (writtenStore === storeId && !unknownProduct) {
        const key = `${storeId}|${productId}`;
        this.soldToday.set(key, (this.soldToday.get(key) ?? 0) + quantity);
      }
    }
    const customerId = rng.chance(0.6) ? customers[rng.int(0, customers.length - 1)]!.customer_id : null;
    truth.addSale({ date, storeId: writtenStore, channel: "POS", customerId, lines: sales });
    truth.pos.valid_transactions++;
    if (isReturn) truth.pos.return_transactions++;
    if (writtenStore !== storeId) {
      truth.pos.unknown_store_transactions++;
      truth.pos.unknown_store_ids.add(writtenStore);
    }
    const totalPaise = sales.reduce((s, l) => s + l.quantity * l.unitPricePaise - l.discountPaise, 0);
    return {
      transaction_id: `POS-${storeId}-${date.replace(/-/g, "")}-${String(seq).padStart(6, "0")}`,
      store_id: writtenStore,
      register_id: `R${String(rng.int(1, 8)).padStart(2, "0")}`,
      event_ts: formatTimestamp(date, second, pickTimestampStyle(rng, rates.missingOffset)),
      customer_id: customerId,
      payment_type: rng.pick(PAYMENT_TYPES),
      currency: "INR",
      lines,
      total_amount: rupees(totalPaise),
    };
  }

  /** Writes a fresh transaction now, or holds it for the day it lands; maybe schedules a re-send. */
  private async emit(day: number, writer: RollingFileWriter, txn: PosTransaction): Promise<void> {
    const { opts } = this.world;
    const rng = this.rng;
    const line = JSON.stringify(txn);
    const lastDay = this.world.dates.length - 1;
    let landsOn = day;
    if (rng.chance(opts.rates.latePos)) {
      const lateBy = rng.int(1, opts.maxLateDays);
      // An event that would land after the period never lands at all; it is sent on time instead.
      if (day + lateBy <= lastDay) landsOn = day + lateBy;
    }
    const original: Pending = { line, transactionId: txn.transaction_id, eventDay: day, duplicate: false };
    if (landsOn === day) await this.land(day, writer, original);
    else this.hold(landsOn, original);
    if (rng.chance(opts.rates.duplicatePos)) {
      this.hold(Math.min(lastDay, landsOn + rng.int(0, 1)), { ...original, duplicate: true });
    }
    if (rng.chance(opts.rates.malformed)) {
      const { transaction_id: _dropped, ...withoutId } = txn;
      const [bad, kind] = malformedJsonLine(rng, line, JSON.stringify(withoutId));
      const at = await writer.writeLine(bad);
      this.world.truth.malformed.push({ source: "pos", ...at, kind });
    }
  }

  private hold(day: number, p: Pending): void {
    const list = this.pending.get(day);
    if (list) list.push(p);
    else this.pending.set(day, [p]);
  }

  private async land(day: number, writer: RollingFileWriter, p: Pending): Promise<void> {
    const at = await writer.writeLine(p.line);
    const truth = this.world.truth;
    if (p.duplicate) truth.pos.duplicates.push({ transaction_id: p.transactionId, ...at });
    else if (day > p.eventDay) {
      truth.pos.late.push({
        transaction_id: p.transactionId,
        event_date: this.world.dates[p.eventDay]!,
        landed_date: this.world.dates[day]!,
        days_late: day - p.eventDay,
        ...at,
      });
    }
  }
}
