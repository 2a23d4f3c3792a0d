import { stringify } from "csv-stringify/sync";
import { CLOSING_SECOND, OPENING_SECOND, addDays, formatTimestamp } from "./calendar";
import { CITIES, EMAIL_DOMAINS, LOYALTY_TIERS, type CustomerProfile } from "./master";
import { CRM_COLUMNS } from "./records";
import { Rng } from "./rng";
import { closeCsv, dayCsvWriter, pickTimestampStyle, type World } from "./world";

/** The column that appears mid-period (schema drift), and the header order from then on. */
export const DRIFT_COLUMN = "preferred_language";
const DRIFTED_COLUMNS: readonly string[] = [
  "customer_id",
  "updated_at",
  ...CRM_COLUMNS.filter((c) => c !== "customer_id" && c !== "updated_at"),
  DRIFT_COLUMN,
];
const LANGUAGES = ["en", "hi", "ta", "te", "kn", "ml", "bn", "mr", "gu"];

type Changeable = "email" | "loyalty_tier" | "city";
const CHANGEABLE: readonly Changeable[] = ["email", "loyalty_tier", "city"];

interface Row {
  profile: CustomerProfile;
  updatedAt: string;
}

/**
 * The CRM export: the first day is a full export of every customer, each later day holds the
 * profiles changed that day — one row per change, several for a customer who changed several
 * times — plus some unchanged profiles repeated, in no particular order; some change rows arrive a
 * day or two late. From the middle of the period the export gains a column and reorders its header.
 */
export class CrmFeed {
  private readonly rng: Rng;
  private readonly driftDay: number | undefined;
  private readonly languages = new Map<string, string>();
  /** Change rows held back for a later export, by the day they land. */
  private readonly late = new Map<number, Row[]>();

  constructor(private readonly world: World) {
    this.rng = new Rng(world.opts.seed, "crm");
    const days = world.dates.length;
    this.driftDay = days >= 2 ? Math.max(1, Math.floor(days / 2)) : undefined;
    for (const c of world.customers) world.truth.crm.versions_per_customer.set(c.customer_id, 1);
  }

  async writeDay(day: number): Promise<void> {
    const date = this.world.dates[day]!;
    const rows = day === 0 ? this.fullExport() : this.changesOn(day);
    for (const row of this.late.get(day) ?? []) {
      rows.push(row);
      this.world.truth.crm.late_rows.push({ customer_id: row.profile.customer_id, updated_at: row.updatedAt, landed_date: date });
    }
    this.late.delete(day);
    const drifted = this.driftDay !== undefined && day >= this.driftDay;
    const columns = drifted ? DRIFTED_COLUMNS : CRM_COLUMNS;
    const writer = await dayCsvWriter(this.world, "crm", date, columns.join(","));
    if (drifted && day === this.driftDay) {
      this.world.truth.crm.schema_drift = { column: DRIFT_COLUMN, first_date: date, first_file: writer.file };
    }
    for (const row of this.rng.shuffle(rows)) {
      await writer.writeLine(this.csvLine(row, columns));
      if (this.rng.chance(this.world.opts.rates.malformed)) {
        const at = await writer.writeLine(`C${this.rng.int(9000000, 9999999)},${row.profile.first_name}`);
        this.world.truth.malformed.push({ source: "crm", ...at, kind: "wrong_field_count" });
      }
    }
    await closeCsv(this.world, "crm", writer);
  }

  private csvLine(row: Row, columns: readonly string[]): string {
    const p = row.profile;
    let email = p.email;
    if (this.rng.chance(this.world.opts.rates.messyEmail)) {
      // Same address once trimmed and lower-cased: no new version may come of it.
      email = ` ${email.replace(/(^|\.)([a-z])/g, (_m, dot: string, ch: string) => dot + ch.toUpperCase())} `;
      this.world.truth.crm.messy_email_rows++;
    }
    const values: Record<string, string> = {
      ...p,
      email,
      updated_at: row.updatedAt,
      [DRIFT_COLUMN]: this.language(p.customer_id),
    };
    return stringify([columns.map((c) => values[c] ?? "")], { eof: false });
  }

  private language(customerId: string): string {
    let lang = this.languages.get(customerId);
    if (lang === undefined) this.languages.set(customerId, (lang = this.rng.pick(LANGUAGES)));
    return lang;
  }

  private stamp(date: string, second: number): string {
    return formatTimestamp(date, second, pickTimestampStyle(this.rng, this.world.opts.rates.missingOffset));
  }

  private fullExport(): Row[] {
    const start = this.world.dates[0]!;
    return this.world.customers.map((c) => {
      const second = this.rng.int(OPENING_SECOND, CLOSING_SECOND);
      return { profile: { ...c }, updatedAt: this.stamp(addDays(start, -this.rng.int(1, 720)), second) };
    });
  }

  private changesOn(day: number): Row[] {
    const { customers, opts, truth, dates } = this.world;
    const date = dates[day]!;
    const rates = opts.rates;
    const expected = customers.length * rates.crmChange;
    const changing = this.rng.sample(customers.length, Math.floor(expected) + (this.rng.chance(expected % 1) ? 1 : 0));
    const rows: Row[] = [];
    for (const index of changing) {
      const customer = customers[index]!;
      const times = this.rng.chance(rates.crmMultiChange) ? this.rng.int(2, 3) : 1;
      if (times > 1) truth.crm.multi_change_exports.push({ customer_id: customer.customer_id, date, changes: times });
      let second = this.rng.int(OPENING_SECOND, CLOSING_SECOND - 3 * 3600);
      let first: [Changeable, string] | undefined;
      for (let t = 0; t < times; t++) {
        // Now and then the second change takes the first one back: A→B→A, two versions.
        if (t === 1 && first && this.rng.chance(0.3)) {
          (customer as unknown as Record<Changeable, string>)[first[0]] = first[1];
          truth.crm.a_b_a_changes++;
        } else {
          const attr = this.rng.pick(CHANGEABLE);
          const before = customer[attr];
          this.change(customer, attr, index);
          if (t === 0) first = [attr, before];
        }
        truth.crm.changes++;
        truth.crm.versions_per_customer.set(customer.customer_id, truth.crm.versions_per_customer.get(customer.customer_id)! + 1);
        const row = { profile: { ...customer }, updatedAt: this.stamp(date, second) };
        // A late row may land after newer versions of its customer: SCD2 must slot it into history.
        const landsOn = this.rng.chance(rates.crmLate) ? day + this.rng.int(1, 2) : day;
        if (landsOn === day || landsOn >= dates.length) rows.push(row);
        else this.late.set(landsOn, [...(this.late.get(landsOn) ?? []), row]);
        second += this.rng.int(60, 3600);
      }
    }
    const changed = new Set(changing);
    const repeatExpected = customers.length * rates.crmRepeat;
    for (const index of this.rng.sample(customers.length, Math.floor(repeatExpected) + (this.rng.chance(repeatExpected % 1) ? 1 : 0))) {
      if (changed.has(index)) continue;
      const second = this.rng.int(OPENING_SECOND, CLOSING_SECOND);
      rows.push({ profile: { ...customers[index]! }, updatedAt: this.stamp(date, second) });
      truth.crm.repeated_unchanged_rows++;
    }
    return rows;
  }

  private change(c: CustomerProfile, attr: Changeable, index: number): void {
    if (attr === "loyalty_tier") {
      c.loyalty_tier = this.rng.pick(LOYALTY_TIERS.filter((t) => t !== c.loyalty_tier));
    } else if (attr === "city") {
      c.city = this.rng.pick(CITIES.filter(([city]) => city !== c.city))[0];
    } else {
      const local = c.email.slice(0, c.email.indexOf("@"));
      const domain = this.rng.pick(EMAIL_DOMAINS);
      const next = `${local.replace(/\.\d+$/, "")}.${index + 1}${this.rng.int(10, 99)}@${domain}`;
      c.email = next === c.email ? `${local}x@${domain}` : next;
    }
  }
}
