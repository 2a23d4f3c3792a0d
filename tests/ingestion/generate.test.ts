import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { GROUND_TRUTH_FILE, generateLanding, type GenerateInput } from "../../ingestion/generate";
import { businessDate, csvFiles, instant, jsonLines, listFiles, paise, readLines, type JsonLine } from "./generate-read";

const REPO = path.resolve(__dirname, "../..");
const POS_REQUIRED = ["transaction_id", "store_id", "event_ts", "currency", "lines", "total_amount"];
const ECOM_REQUIRED = ["order_id", "customer_id", "order_ts", "updated_at", "status", "currency", "items"];

// Small, but with every mess turned up so each kind shows up often enough to measure.
const MESSY: GenerateInput = {
  outDir: "",
  days: 6,
  startDate: "2026-10-01",
  seed: 42,
  stores: 3,
  products: 40,
  customers: 200,
  transactionsPerStoreDay: 70,
  ordersPerDay: 60,
  maxLinesPerFile: 150,
  maxLateDays: 2,
  rates: {
    duplicatePos: 0.06,
    latePos: 0.06,
    malformed: 0.03,
    unknownStore: 0.03,
    unknownProduct: 0.03,
    posReturn: 0.06,
    crmChange: 0.06,
    crmMultiChange: 0.5,
    crmRepeat: 0.05,
    crmLate: 0.2,
    messyEmail: 0.15,
    ecomCancel: 0.15,
    ecomReturn: 0.25,
    stockOut: 0.05,
    missingOffset: 0.3,
  },
};

/** Observed count consistent with `trials` draws at probability `p` (within four standard deviations). */
function expectRate(observed: number, trials: number, p: number, what: string): void {
  const mean = trials * p;
  const slack = 4 * Math.sqrt(trials * p * (1 - p)) + 1;
  expect(observed, `${what}: ${observed} of ${trials}, expected about ${mean.toFixed(1)}`).to.be.within(mean - slack, mean + slack);
  expect(observed, `${what} present`).to.be.greaterThan(0);
}

type Truth = any; // eslint-disable-line @typescript-eslint/no-explicit-any

describe("synthetic landing data (generateLanding)", function () {
  let tmp: string;
  let root: string;
  let truth: Truth;
  let pos: JsonLine[];
  let ecom: JsonLine[];

  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "gigamart-gen-"));
    root = path.join(tmp, "a");
    await generateLanding({ ...MESSY, outDir: root });
    truth = JSON.parse(fs.readFileSync(path.join(root, GROUND_TRUTH_FILE), "utf8"));
    pos = jsonLines(root, "pos", POS_REQUIRED);
    ecom = jsonLines(root, "ecom-orders", ECOM_REQUIRED);
  });

  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  describe("output", () => {
    it("is byte-identical when run again with the same seed and options", async () => {
      const again = path.join(tmp, "b");
      await generateLanding({ ...MESSY, outDir: again });
      const files = listFiles(root);
      expect(listFiles(again)).to.deep.equal(files);
      for (const f of files) {
        expect(fs.readFileSync(path.join(again, f)).equals(fs.readFileSync(path.join(root, f))), f).to.equal(true);
      }
    });

    it("differs for another seed", async () => {
      const other = path.join(tmp, "c");
      await generateLanding({ ...MESSY, outDir: other, seed: 43 });
      const f = "pos/2026/10/01/pos-20261001-0001.jsonl";
      expect(fs.readFileSync(path.join(other, f), "utf8")).not.to.equal(fs.readFileSync(path.join(root, f), "utf8"));
    });

    it("lays files out like the bucket: source folder, dated folders, dated file names", () => {
      const files = listFiles(root).filter((f) => f !== GROUND_TRUTH_FILE);
      for (const f of files) {
        const m = /^(pos|ecom-orders|crm-profiles|inventory|stores|products)\/(\d{4})\/(\d{2})\/(\d{2})\/\1-(\d{8})(-\d{4}\.jsonl|\.csv)$/.exec(f);
        expect(m, f).to.not.equal(null);
        expect(m![5], f).to.equal(`${m![2]}${m![3]}${m![4]}`);
      }
      for (const folder of ["pos", "ecom-orders", "crm-profiles", "inventory", "stores", "products"]) {
        expect(files.some((f) => f.startsWith(`${folder}/`)), folder).to.equal(true);
      }
    });

    it("keeps the ground truth at the root, outside every source folder", () => {
      expect(listFiles(root).filter((f) => f.includes("ground_truth"))).to.deep.equal([GROUND_TRUTH_FILE]);
    });

    it("rolls a busy day's POS file into numbered parts of at most maxLinesPerFile lines", () => {
      const day1 = listFiles(root).filter((f) => f.startsWith("pos/2026/10/01/"));
      expect(day1.length).to.be.greaterThan(1);
      expect(day1[0]).to.equal("pos/2026/10/01/pos-20261001-0001.jsonl");
      for (const f of day1) expect(readLines(root, f).length).to.be.at.most(MESSY.maxLinesPerFile!);
    });

    it("accounts in the ground truth for every line of every file, headers counted apart", () => {
      const files = listFiles(root).filter((f) => f !== GROUND_TRUTH_FILE);
      expect(Object.keys(truth.files)).to.deep.equal(files);
      for (const f of files) {
        expect(truth.files[f].lines, f).to.equal(readLines(root, f).length);
        expect(truth.files[f].header_lines, f).to.equal(f.endsWith(".csv") ? 1 : 0);
      }
    });

    it("refuses a folder that already holds files, and names a bad option", async () => {
      let message = "";
      await generateLanding({ ...MESSY, outDir: root }).catch((e: Error) => (message = e.message));
      expect(message).to.match(/is not empty/);
      await generateLanding({ ...MESSY, outDir: path.join(tmp, "d"), rates: { latePos: 1.5 } }).catch((e: Error) => (message = e.message));
      expect(message).to.match(/^generate: rates\.latePos: /);
      await generateLanding({ ...MESSY, outDir: path.join(tmp, "d"), startDate: "2026-02-30" }).catch((e: Error) => (message = e.message));
      expect(message).to.match(/^generate: startDate: /);
    });
  });

  describe("mess, each at its rate", () => {
    const valid = (lines: JsonLine[]) => lines.filter((l) => l.record);

    it("re-sends POS events byte for byte", () => {
      const seen = new Map<string, string>();
      let resent = 0;
      for (const l of valid(pos)) {
        const id = l.record!.transaction_id as string;
        if (seen.has(id)) {
          resent++;
          expect(l.text).to.equal(seen.get(id));
        } else seen.set(id, l.text);
      }
      expect(resent).to.equal(truth.pos.duplicates_injected);
      expectRate(resent, seen.size, MESSY.rates!.duplicatePos!, "re-sent");
    });

    it("lands some POS events days after they happened, in a later day's file", () => {
      const firstLanding = new Map<string, JsonLine>();
      for (const l of valid(pos)) if (!firstLanding.has(l.record!.transaction_id as string)) firstLanding.set(l.record!.transaction_id as string, l);
      const late = [...firstLanding.values()].filter((l) => businessDate(l.record!.event_ts as string) < l.file.slice(4, 14).replace(/\//g, "-"));
      expect(late.map((l) => l.record!.transaction_id).sort()).to.deep.equal(truth.pos.late.map((x: { transaction_id: string }) => x.transaction_id).sort());
      for (const x of truth.pos.late) expect(x.days_late).to.be.within(1, MESSY.maxLateDays!);
      // Events of the last days cannot be late within the period, so the base is the earlier days.
      const eligible = [...firstLanding.values()].filter((l) => businessDate(l.record!.event_ts as string) < "2026-10-06").length;
      expectRate(late.length, eligible, MESSY.rates!.latePos! * 0.9, "late");
    });

    it("writes malformed lines exactly where the ground truth says, and nowhere else", () => {
      const bad = [...pos, ...ecom].filter((l) => !l.record).map((l) => `${l.file}:${l.line}`);
      const csvBad = ["crm-profiles", "inventory"].flatMap((folder) => csvFiles(root, folder).flatMap((f) => f.badLines.map((n) => `${f.file}:${n}`)));
      const listed = truth.malformed.map((m: { file: string; line: number }) => `${m.file}:${m.line}`);
      expect([...bad, ...csvBad].sort()).to.deep.equal([...listed].sort());
      expect(new Set(truth.malformed.map((m: { kind: string }) => m.kind))).to.have.all.keys("truncated_json", "not_json", "missing_required_field", "wrong_field_count");
      expectRate(bad.length, pos.length + ecom.length - bad.length, MESSY.rates!.malformed!, "malformed JSON lines");
    });

    it("refers to store and product ids that no master extract holds", () => {
      const [stores] = csvFiles(root, "stores");
      const [products] = csvFiles(root, "products");
      const storeIds = new Set(stores!.rows.map((r) => r.values.store_id));
      const productIds = new Set(products!.rows.map((r) => r.values.product_id));
      const firsts = new Map<string, Record<string, unknown>>();
      for (const l of valid(pos)) firsts.set(l.record!.transaction_id as string, l.record!);
      const unknownStores = [...firsts.values()].filter((t) => !storeIds.has(t.store_id as string));
      expect(unknownStores.length).to.equal(truth.pos.unknown_store_transactions);
      expectRate(unknownStores.length, firsts.size, MESSY.rates!.unknownStore!, "unknown store");
      const lines = [...firsts.values()].flatMap((t) => t.lines as Array<{ product_id: string }>);
      const unknownProducts = lines.filter((l) => !productIds.has(l.product_id)).length;
      expect(unknownProducts).to.equal(truth.pos.unknown_product_lines);
      expectRate(unknownProducts, lines.length, MESSY.rates!.unknownProduct!, "unknown product");
    });

    it("includes POS returns as negative quantities whose total is negative", () => {
      const firsts = new Map<string, Record<string, unknown>>();
      for (const l of valid(pos)) firsts.set(l.record!.transaction_id as string, l.record!);
      const returns = [...firsts.values()].filter((t) => (t.lines as Array<{ quantity: number }>).every((l) => l.quantity < 0));
      expect(returns.length).to.equal(truth.pos.return_transactions);
      for (const r of returns) expect(r.total_amount as number).to.be.below(0);
      expectRate(returns.length, firsts.size, MESSY.rates!.posReturn!, "returns");
    });

    it("writes timestamps with an offset, in UTC, and without any offset", () => {
      const stamps = valid(pos).map((l) => l.record!.event_ts as string);
      const local = stamps.filter((s) => !/(Z|[+-]\d\d:\d\d)$/.test(s)).length;
      expect(stamps.some((s) => s.endsWith("+05:30"))).to.equal(true);
      expect(stamps.some((s) => s.endsWith("Z"))).to.equal(true);
      expectRate(local, stamps.length, MESSY.rates!.missingOffset!, "no offset");
    });

    it("adds a CRM column mid-period and reorders the header from then on", () => {
      const files = csvFiles(root, "crm-profiles");
      const drift = truth.crm.schema_drift;
      expect(drift.column).to.equal("preferred_language");
      for (const f of files) {
        const drifted = f.file >= drift.first_file;
        expect(f.header.includes("preferred_language"), f.file).to.equal(drifted);
        if (drifted) expect(f.header.slice(0, 2)).to.deep.equal(["customer_id", "updated_at"]);
      }
      expect(files.filter((f) => f.header.includes("preferred_language")).length).to.equal(3);
    });

    it("changes customers' e-mail, tier and city, several times in one export for some, and repeats unchanged ones", () => {
      const files = csvFiles(root, "crm-profiles").slice(1);
      const attrsChanged = new Set<string>();
      let multi = 0;
      for (const f of files) {
        const byCustomer = new Map<string, number>();
        for (const r of f.rows) byCustomer.set(r.values.customer_id!, (byCustomer.get(r.values.customer_id!) ?? 0) + 1);
        multi += [...byCustomer.values()].filter((n) => n > 1).length;
      }
      expect(multi).to.equal(truth.crm.multi_change_exports.length);
      expect(multi).to.be.greaterThan(0);
      // Attribute changes, seen by comparing each customer's rows in time order.
      const rows = csvFiles(root, "crm-profiles").flatMap((f) => f.rows.map((r) => r.values));
      const byCustomer = new Map<string, Array<Record<string, string>>>();
      for (const r of rows) byCustomer.set(r.customer_id!, [...(byCustomer.get(r.customer_id!) ?? []), r]);
      let unchangedRepeats = 0;
      for (const list of byCustomer.values()) {
        list.sort((a, b) => instant(a.updated_at!) - instant(b.updated_at!));
        for (let i = 1; i < list.length; i++) {
          const changed = ["email", "loyalty_tier", "city"].filter((k) => list[i]![k]!.trim().toLowerCase() !== list[i - 1]![k]!.trim().toLowerCase());
          changed.forEach((k) => attrsChanged.add(k));
          if (changed.length === 0) unchangedRepeats++;
        }
      }
      expect([...attrsChanged].sort()).to.deep.equal(["city", "email", "loyalty_tier"]);
      expect(unchangedRepeats).to.equal(truth.crm.repeated_unchanged_rows);
      expect(truth.crm.a_b_a_changes).to.be.greaterThan(0);
      const messy = rows.filter((r) => r.email !== r.email!.trim().toLowerCase()).length;
      expect(messy).to.equal(truth.crm.messy_email_rows);
      expectRate(messy, rows.length, MESSY.rates!.messyEmail!, "messy e-mails");
    });

    it("delivers some CRM changes in a later export, after newer versions of the same customer", () => {
      const landed: Array<{ id: string; at: number; file: string }> = csvFiles(root, "crm-profiles").flatMap((f) =>
        f.rows.map((r) => ({ id: r.values.customer_id!, at: instant(r.values.updated_at!), file: f.file })),
      );
      const fileDate = (file: string) => file.slice("crm-profiles/".length, "crm-profiles/".length + 10).replace(/\//g, "-");
      const firstExport = landed[0]!.file; // the full export: every profile's history before the period
      const late = landed.filter((r) => r.file !== firstExport && new Date(r.at + 5.5 * 3600 * 1000).toISOString().slice(0, 10) < fileDate(r.file));
      expect(late.length).to.equal(truth.crm.late_rows.length);
      expect(late.length).to.be.greaterThan(0);
      const overtaken = late.filter((l) => landed.some((r) => r.id === l.id && r.at > l.at && r.file < l.file));
      expect(overtaken.length).to.be.greaterThan(0);
    });

    it("moves e-commerce orders through their statuses, one JSON object per version, with cancellations and returns", () => {
      const next: Record<string, string[]> = {
        PLACED: ["PAID", "CANCELLED"],
        PAID: ["SHIPPED", "CANCELLED"],
        SHIPPED: ["DELIVERED"],
        DELIVERED: ["RETURNED"],
      };
      const byOrder = new Map<string, Array<Record<string, unknown>>>();
      for (const l of valid(ecom)) byOrder.set(l.record!.order_id as string, [...(byOrder.get(l.record!.order_id as string) ?? []), l.record!]);
      const latest: Record<string, number> = {};
      for (const versions of byOrder.values()) {
        versions.sort((a, b) => instant(a.updated_at as string) - instant(b.updated_at as string));
        expect(versions[0]!.status).to.equal("PLACED");
        for (let i = 1; i < versions.length; i++) expect(next[versions[i - 1]!.status as string]).to.include(versions[i]!.status);
        const last = versions[versions.length - 1]!.status as string;
        latest[last] = (latest[last] ?? 0) + 1;
      }
      expect(latest).to.deep.equal(truth.ecom.latest_status);
      expect(byOrder.size).to.equal(truth.ecom.orders);
      expectRate(latest.CANCELLED ?? 0, byOrder.size, MESSY.rates!.ecomCancel!, "cancelled");
      expect(latest.RETURNED).to.be.greaterThan(0);
    });

    it("runs stores out of stock", () => {
      const zero = csvFiles(root, "inventory").flatMap((f) =>
        f.rows.filter((r) => r.values.quantity_on_hand === "0").map((r) => `${r.values.snapshot_date}|${r.values.store_id}|${r.values.product_id}`),
      );
      const listed = truth.inventory.stock_outs.map((s: { date: string; store_id: string; product_id: string }) => `${s.date}|${s.store_id}|${s.product_id}`);
      expect(zero.sort()).to.deep.equal(listed.sort());
      expect(truth.inventory.stock_outs.some((s: { forced: boolean }) => s.forced)).to.equal(true);
    });
  });

  describe("ground truth, re-derived from the files", () => {
    interface Cell {
      gross: number;
      discount: number;
      returns: number;
      units: number;
      returned_units: number;
      transactions: number;
    }
    const cells = new Map<string, Cell>();
    const spend = new Map<string, number>();
    const credit = (customer: unknown, paiseAmount: number) => {
      if (typeof customer === "string") spend.set(customer, (spend.get(customer) ?? 0) + paiseAmount);
    };
    const cell = (date: string, store: string | null, channel: string): Cell => {
      const key = `${date}|${store}|${channel}`;
      if (!cells.has(key)) cells.set(key, { gross: 0, discount: 0, returns: 0, units: 0, returned_units: 0, transactions: 0 });
      return cells.get(key)!;
    };

    before(() => {
      const seen = new Set<string>();
      for (const l of pos) {
        if (!l.record || seen.has(l.record.transaction_id as string)) continue;
        seen.add(l.record.transaction_id as string);
        const c = cell(businessDate(l.record.event_ts as string), l.record.store_id as string, "POS");
        c.transactions++;
        credit(l.record.customer_id, paise(l.record.total_amount as number));
        for (const line of l.record.lines as Array<{ quantity: number; unit_price: number; discount: number }>) {
          const amount = line.quantity * paise(line.unit_price);
          if (line.quantity > 0) {
            c.gross += amount;
            c.discount += paise(line.discount);
            c.units += line.quantity;
          } else {
            c.returns -= amount - paise(line.discount);
            c.returned_units -= line.quantity;
          }
        }
      }
      const latest = new Map<string, Record<string, unknown>>();
      for (const l of ecom) {
        if (!l.record) continue;
        const prev = latest.get(l.record.order_id as string);
        if (!prev || instant(l.record.updated_at as string) > instant(prev.updated_at as string)) latest.set(l.record.order_id as string, l.record);
      }
      for (const order of latest.values()) {
        if (order.status === "CANCELLED") continue;
        const c = cell(businessDate(order.order_ts as string), order.fulfillment_store_id as string | null, "ECOM");
        c.transactions++;
        let orderNet = 0;
        for (const item of order.items as Array<{ quantity: number; unit_price: number; discount: number }>) {
          const value = item.quantity * paise(item.unit_price) - paise(item.discount);
          c.gross += item.quantity * paise(item.unit_price);
          c.discount += paise(item.discount);
          c.units += item.quantity;
          if (order.status === "RETURNED") {
            c.returns += value;
            c.returned_units += item.quantity;
          } else orderNet += value;
        }
        credit(order.customer_id, orderNet);
      }
    });

    it("has the same sales per day, store and channel, to the paisa", () => {
      const expected = [...cells.entries()].map(([key, c]) => {
        const [date, store, channel] = key.split("|");
        return { key: `${date}|${store === "null" ? null : store}|${channel}`, ...c, net: c.gross - c.discount - c.returns };
      });
      const actual = truth.sales.map((s: Cell & { date: string; store_id: string | null; channel: string; net: number }) => ({
        key: `${s.date}|${s.store_id}|${s.channel}`,
        gross: paise(s.gross),
        discount: paise(s.discount),
        returns: paise(s.returns),
        units: s.units,
        returned_units: s.returned_units,
        transactions: s.transactions,
        net: paise(s.net),
      }));
      const byKey = (a: { key: string }, b: { key: string }) => (a.key < b.key ? -1 : 1);
      expect(actual.sort(byKey)).to.deep.equal(expected.sort(byKey));
      expect(actual.some((s: { key: string }) => s.key.includes("|null|ECOM"))).to.equal(true);
    });

    it("has each customer's net spend over the same sales", () => {
      const expected = Object.fromEntries([...spend].sort(([a], [b]) => (a < b ? -1 : 1)).map(([id, p]) => [id, p]));
      const actual = Object.fromEntries(Object.entries(truth.customer_net_spend as Record<string, number>).map(([id, r]) => [id, paise(r)]));
      expect(actual).to.deep.equal(expected);
    });

    it("counts the current CRM profiles by tier and city as the latest row of each customer has them", () => {
      const latest = new Map<string, Record<string, string>>();
      for (const r of csvFiles(root, "crm-profiles").flatMap((f) => f.rows.map((x) => x.values))) {
        const prev = latest.get(r.customer_id!);
        if (!prev || instant(r.updated_at!) > instant(prev.updated_at!)) latest.set(r.customer_id!, r);
      }
      const count = (k: string) => {
        const out: Record<string, number> = {};
        for (const r of latest.values()) out[r[k]!] = (out[r[k]!] ?? 0) + 1;
        return out;
      };
      expect(truth.crm.current.loyalty_tier).to.deep.equal(count("loyalty_tier"));
      expect(truth.crm.current.city).to.deep.equal(count("city"));
    });

    it("states each POS total_amount as Σ(quantity·unit_price − discount) of its lines", () => {
      for (const l of pos.filter((x) => x.record)) {
        const lines = l.record!.lines as Array<{ quantity: number; unit_price: number; discount: number }>;
        expect(paise(l.record!.total_amount as number)).to.equal(lines.reduce((s, x) => s + x.quantity * paise(x.unit_price) - paise(x.discount), 0));
      }
    });

    it("expects one SCD2 version per customer plus one per tracked-attribute change", () => {
      const tracked = ["first_name", "last_name", "email", "phone", "loyalty_tier", "city", "country"];
      const rows = csvFiles(root, "crm-profiles").flatMap((f) => f.rows.map((r) => r.values));
      const byCustomer = new Map<string, Array<Record<string, string>>>();
      for (const r of rows) byCustomer.set(r.customer_id!, [...(byCustomer.get(r.customer_id!) ?? []), r]);
      const versions: Record<string, number> = {};
      for (const [id, list] of byCustomer) {
        list.sort((a, b) => instant(a.updated_at!) - instant(b.updated_at!));
        const key = (r: Record<string, string>) => tracked.map((k) => r[k]!.trim().toLowerCase()).join("\u0000");
        versions[id] = 1 + list.slice(1).filter((r, i) => key(r) !== key(list[i]!)).length;
      }
      expect(versions).to.deep.equal(truth.crm.versions_per_customer);
      expect(Object.values(versions).some((v) => v >= 3)).to.equal(true);
    });
  });

  it("streams: writes far more lines than its heap could hold", function () {
    this.timeout(120000);
    const out = path.join(tmp, "big");
    const script = path.join(tmp, "big.ts");
    fs.writeFileSync(
      script,
      `import { generateLanding } from ${JSON.stringify(path.join(REPO, "ingestion/generate"))};\n` +
        `generateLanding({ outDir: ${JSON.stringify(out)}, days: 2, stores: 10, products: 50, customers: 100, transactionsPerStoreDay: 12000, ordersPerDay: 0 })` +
        `.then((r) => console.log(r.lines));\n`,
    );
    // 80 MB of heap, about 40 of which the loaded modules take, for some 100 MB of JSON lines.
    const run = spawnSync(process.execPath, ["--max-old-space-size=80", "--import", "tsx", script], { cwd: REPO, encoding: "utf8" });
    expect(run.stderr).to.not.match(/heap out of memory/);
    expect(run.status, run.stderr).to.equal(0);
    const bytes = listFiles(out).reduce((s, f) => s + fs.statSync(path.join(out, f)).size, 0);
    expect(bytes).to.be.greaterThan(90 * 1024 * 1024);
    expect(Number(run.stdout.trim())).to.be.greaterThan(250000);
  });
});
