import { CLOSING_SECOND, OPENING_SECOND, formatTimestamp } from "./calendar";
import { CITIES } from "./master";
import { rupees } from "./money";
import type { EcomItem, EcomOrderVersion, OrderStatus } from "./records";
import { Rng } from "./rng";
import type { SalesLine } from "./truth";
import { dayJsonlWriter, malformedJsonLine, pickProductIndex, pickTimestampStyle, unknownProductId, type World } from "./world";

/** A moment relative to the order's day: `day` days later, `second` seconds after local midnight. */
interface Moment {
  day: number;
  second: number;
}

interface PendingVersion {
  second: number;
  orderId: string;
  step: number;
  line: string;
}

/**
 * The e-commerce feed: an order is written once per status it reaches, each version in the file
 * of the day its `updated_at` falls on. Versions due after the period never land, so an order can
 * end the run still in flight — its latest landed version is what the ground truth counts.
 */
export class EcomFeed {
  private readonly rng: Rng;
  private readonly pending = new Map<number, PendingVersion[]>();

  constructor(private readonly world: World) {
    this.rng = new Rng(world.opts.seed, "ecom");
  }

  async writeDay(day: number): Promise<void> {
    const { opts } = this.world;
    for (let seq = 1; seq <= opts.ordersPerDay; seq++) this.order(day, seq);
    const due = (this.pending.get(day) ?? []).sort(
      (a, b) => a.second - b.second || (a.orderId < b.orderId ? -1 : a.orderId > b.orderId ? 1 : a.step - b.step),
    );
    this.pending.delete(day);
    if (due.length === 0) return;
    const writer = dayJsonlWriter(this.world, "ecom", this.world.dates[day]!);
    for (const v of due) {
      await writer.writeLine(v.line);
      if (this.rng.chance(opts.rates.malformed)) {
        const parsed = JSON.parse(v.line) as Partial<EcomOrderVersion>;
        delete parsed.status;
        const [bad, kind] = malformedJsonLine(this.rng, v.line, JSON.stringify(parsed));
        const at = await writer.writeLine(bad);
        this.world.truth.malformed.push({ source: "ecom", ...at, kind });
      }
    }
    await writer.close();
  }

  /** A later moment, rolling into the next morning when the day is over. */
  private after(m: Moment, minSeconds: number, maxSeconds: number): Moment {
    const second = m.second + this.rng.int(minSeconds, maxSeconds);
    return second <= CLOSING_SECOND ? { day: m.day, second } : { day: m.day + 1, second: OPENING_SECOND + this.rng.int(0, 3600) };
  }

  private nextDay(m: Moment, minDays: number, maxDays: number): Moment {
    return { day: m.day + this.rng.int(minDays, maxDays), second: this.rng.int(OPENING_SECOND, CLOSING_SECOND) };
  }

  private timeline(): Array<[OrderStatus, Moment]> {
    const rates = this.world.opts.rates;
    const placed: Moment = { day: 0, second: this.rng.int(OPENING_SECOND, CLOSING_SECOND) };
    const steps: Array<[OrderStatus, Moment]> = [["PLACED", placed]];
    const cancel = this.rng.chance(rates.ecomCancel);
    if (cancel && this.rng.chance(0.5)) return [...steps, ["CANCELLED", this.after(placed, 300, 7200)]];
    const paid = this.after(placed, 30, 1800);
    steps.push(["PAID", paid]);
    if (cancel) return [...steps, ["CANCELLED", this.after(paid, 600, 20000)]];
    const shipped = this.nextDay(paid, 1, 2);
    const delivered = this.nextDay(shipped, 1, 3);
    steps.push(["SHIPPED", shipped], ["DELIVERED", delivered]);
    if (this.rng.chance(rates.ecomReturn)) steps.push(["RETURNED", this.nextDay(delivered, 1, 5)]);
    return steps;
  }

  private order(day: number, seq: number): void {
    const { opts, dates, stores, products, customers, truth } = this.world;
    const rng = this.rng;
    const rates = opts.rates;
    const date = dates[day]!;
    const customer = customers[rng.int(0, customers.length - 1)]!;
    const items: EcomItem[] = [];
    const sales: SalesLine[] = [];
    const count = rng.weighted([[1, 5], [2, 3], [3, 1], [4, 1]] as const);
    for (let n = 1; n <= count; n++) {
      const product = products[pickProductIndex(rng, products.length)]!;
      const unknown = rng.chance(rates.unknownProduct);
      if (unknown) truth.ecom.unknown_product_items++;
      const quantity = rng.weighted([[1, 7], [2, 2], [3, 1]] as const);
      const price = product.listPricePaise;
      const discount = rng.chance(0.3) ? Math.round((quantity * price * rng.int(5, 25)) / 100) : 0;
      items.push({
        line_no: n,
        product_id: unknown ? unknownProductId(rng) : product.product_id,
        quantity,
        unit_price: rupees(price),
        discount: rupees(discount),
      });
      sales.push({ quantity, unitPricePaise: price, discountPaise: discount });
    }
    const [city, state] = rng.chance(0.8) ? (CITIES.find(([c]) => c === customer.city) ?? rng.pick(CITIES)) : rng.pick(CITIES);
    const base = {
      order_id: `ORD-${date.replace(/-/g, "")}-${String(seq).padStart(6, "0")}`,
      customer_id: customer.customer_id,
      channel: rng.chance(0.55) ? ("APP" as const) : ("WEB" as const),
      fulfillment_store_id: rng.chance(0.6) ? rng.pick(stores).store_id : null,
      postal: String(rng.int(110001, 855999)),
    };
    const steps = this.timeline();
    const landed = steps.filter(([, m]) => day + m.day < dates.length);
    const [latest] = landed[landed.length - 1]!;
    truth.ecom.orders++;
    truth.ecom.versions_written += landed.length;
    truth.ecom.latest_status[latest] = (truth.ecom.latest_status[latest] ?? 0) + 1;
    if (latest !== "CANCELLED") {
      truth.addSale({ date, storeId: base.fulfillment_store_id, channel: "ECOM", customerId: customer.customer_id, lines: sales, returned: latest === "RETURNED" });
    }

    const placedSecond = steps[0]![1].second;
    landed.forEach(([status, m], step) => {
      const version: EcomOrderVersion = {
        order_id: base.order_id,
        customer_id: base.customer_id,
        order_ts: formatTimestamp(date, placedSecond, pickTimestampStyle(rng, rates.missingOffset)),
        updated_at: formatTimestamp(dates[day + m.day]!, m.second, pickTimestampStyle(rng, rates.missingOffset)),
        status,
        currency: "INR",
        channel: base.channel,
        fulfillment_store_id: base.fulfillment_store_id,
        items,
        shipping: { city, state, postal_code: base.postal, country: "IN" },
      };
      const list = this.pending.get(day + m.day) ?? [];
      list.push({ second: m.second, orderId: base.order_id, step, line: JSON.stringify(version) });
      this.pending.set(day + m.day, list);
    });
  }
}
