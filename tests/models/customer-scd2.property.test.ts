import { expect } from "chai";
import { createHash } from "node:crypto";
import fc from "fast-check";
import { type CrmState, type ExpectedVersion, referenceScd2, TRACKED } from "./scd2-reference";
import { failures, type SqlValue, TestWarehouse } from "./pipeline";

// Random CRM histories through the real pipeline (bronze -> stg_crm_customers -> customer_dim_scd2 and
// its assertions, compiled by Dataform, run on DuckDB), compared with the TypeScript reference model.
// One fast-check case is a whole population of customers, so each pipeline run checks many histories.
// A batch may be a CRM file whose header lacks some columns (absent, not NULL): those attributes keep
// their last sent value, and no version is ever created by an absent column.

const BASE = Date.UTC(2026, 9, 1, 4, 30);
const MINUTE = 60_000;
const TIERS = ["NONE", "GOLD"] as const;
const CITIES = ["Pune", "Delhi"] as const;
const EMAILS = ["a@example.com", "b@example.com"] as const;
const ACTIONS = ["customer_dim_scd2", "customer_dim_scd2_one_current_version", "customer_dim_scd2_versions_contiguous", "customer_dim_scd2_versions_change_attributes"];

interface Update {
  /** Minutes after BASE: a small range, so out-of-order and same-time conflicts happen often. */
  minute: number;
  tier: number;
  city: number;
  email: number;
  /** Batch the update lands in: an update older than one already loaded arrives late. */
  batch: number;
  /** Copies of the row in its batch (re-sent records). */
  copies: number;
}

const BATCHES = 3;
const RUNS = Number(process.env.SCD2_RUNS ?? 8);
const MIN_CUSTOMERS = 40;
const update = fc.record({
  minute: fc.integer({ min: 0, max: 12 }),
  tier: fc.integer({ min: 0, max: 1 }),
  city: fc.integer({ min: 0, max: 1 }),
  email: fc.integer({ min: 0, max: 1 }),
  batch: fc.integer({ min: 0, max: BATCHES - 1 }),
  copies: fc.integer({ min: 1, max: 2 }),
});
const population = fc.array(fc.array(update, { minLength: 1, maxLength: 6 }), { minLength: MIN_CUSTOMERS, maxLength: 60 });
/** The columns the changing attributes' file of each batch lacks; a file sends all of them in about half the batches. */
const MAY_BE_ABSENT = ["email", "loyalty_tier", "city"] as const;
const absentColumns = fc.oneof(
  { arbitrary: fc.constant([] as string[]), weight: 3 },
  { arbitrary: fc.subarray([...MAY_BE_ABSENT], { minLength: 1 }), weight: 2 },
);
const batchHeaders = fc.array(absentColumns, { minLength: BATCHES, maxLength: BATCHES });

function stateOf(customer: number, u: Update, absent: readonly string[]): CrmState {
  const customer_id = `C${String(customer).padStart(7, "0")}`;
  const sent = [`First${customer}`, `Last${customer}`, EMAILS[u.email]!, "+919800000000", TIERS[u.tier]!, CITIES[u.city]!, "IN"];
  const attributes = sent.map((v, i) => (absent.includes(TRACKED[i]!) ? null : v));
  const updatedAt = BASE + u.minute * MINUTE;
  const record_hash = createHash("sha256").update(JSON.stringify([customer_id, ...attributes, updatedAt, absent])).digest("hex");
  return { customer_id, updatedAt, attributes, absent, record_hash };
}

function bronzeRow(s: CrmState, batch: number, ingestionTs: Date): Record<string, SqlValue> {
  const [first_name, last_name, email, phone, loyalty_tier, city, country] = s.attributes;
  return {
    customer_id: s.customer_id, first_name: first_name!, last_name: last_name!, email: email!, phone: phone!,
    loyalty_tier: loyalty_tier!, city: city!, country: country!, updated_at: new Date(s.updatedAt),
    absent_fields: { sql: `[${s.absent.map((c) => `'${c}'`).join(", ")}]::VARCHAR[]` },
    dq_errors: { sql: s.absent.length > 0 ? "['MISSING_COLUMN']" : "[]::VARCHAR[]" },
    raw_payload: JSON.stringify(s), record_hash: s.record_hash, dq_status: s.absent.length > 0 ? "WARN" : "VALID",
    source_file: `crm-profiles/batch-${batch}.csv`, ingestion_ts: ingestionTs,
  };
}

interface DimRow {
  customer_sk: string;
  customer_id: string;
  first_name: string | null; last_name: string | null; email: string | null; phone: string | null;
  loyalty_tier: string | null; city: string | null; country: string | null;
  unknown_attributes: string[];
  effective_from: number;
  effective_to: number | null;
  is_current: boolean;
}

async function dimension(warehouse: TestWarehouse): Promise<DimRow[]> {
  return warehouse.query<DimRow>(`
    SELECT customer_sk, customer_id, first_name, last_name, email, phone, loyalty_tier, city, country, unknown_attributes,
      epoch_ms(effective_from) AS effective_from,
      CASE WHEN effective_to >= TIMESTAMPTZ '9999-12-31 00:00:00+00' THEN NULL ELSE epoch_ms(effective_to) END AS effective_to,
      is_current
    FROM "gigamart-dev".giga_curated.customer_dim_scd2 ORDER BY customer_id, effective_from`);
}

const asVersions = (rows: DimRow[]): ExpectedVersion[] =>
  rows.map((r) => ({
    customer_id: r.customer_id,
    attributes: [r.first_name, r.last_name, r.email, r.phone, r.loyalty_tier, r.city, r.country],
    unknown: r.unknown_attributes,
    effectiveFrom: Number(r.effective_from),
    effectiveTo: r.effective_to === null ? null : Number(r.effective_to),
  }));

const sorted = (versions: ExpectedVersion[]) =>
  [...versions].sort((a, b) => (a.customer_id < b.customer_id ? -1 : a.customer_id > b.customer_id ? 1 : a.effectiveFrom - b.effectiveFrom));

/**
 * Versions whose starting state differs from the version before only in attributes it did not send:
 * there must be none. (Several states can share a start time; then one of them must justify it.)
 */
function versionsMadeByAbsentColumns(rows: DimRow[], states: readonly CrmState[]): string[] {
  const versions = sorted(asVersions(rows));
  return versions.flatMap((v, i) => {
    const previous = versions[i - 1];
    if (!previous || previous.customer_id !== v.customer_id) return [];
    const starts = states.filter((s) => s.customer_id === v.customer_id && s.updatedAt === v.effectiveFrom);
    const justified = starts.some((s) => TRACKED.some((name, a) => !s.absent.includes(name) && s.attributes[a] !== previous.attributes[a]));
    return justified ? [] : [`${v.customer_id} at ${new Date(v.effectiveFrom).toISOString()}`];
  });
}

async function lateUpdatesLogged(warehouse: TestWarehouse): Promise<number> {
  const [row] = await warehouse.query<{ n: string }>(
    `SELECT count(*) AS n FROM "gigamart-dev".giga_monitoring.late_arriving_data WHERE source_table = 'raw_crm_customers'`,
  );
  return Number(row!.n);
}

describe("customer_dim_scd2 against a reference model (property-based, real pipeline on DuckDB)", function () {
  this.timeout(20 * 60_000);

  it("matches the reference after every batch, and reruns, re-sent batches and full refreshes change nothing", async () => {
    let histories = 0;
    await fc.assert(
      fc.asyncProperty(population, batchHeaders, async (customers, headers) => {
        histories += customers.length;
        const warehouse = await TestWarehouse.create(["raw_crm_customers"]);
        try {
          const batches: CrmState[][] = Array.from({ length: BATCHES }, () => []);
          const rows: Record<string, SqlValue>[][] = Array.from({ length: BATCHES }, () => []);
          customers.forEach((updates, c) =>
            updates.forEach((u) => {
              const s = stateOf(c, u, headers[u.batch]!);
              batches[u.batch]!.push(s);
              const ingestionTs = new Date(BASE + (u.batch + 1) * 86_400_000);
              for (let i = 0; i < u.copies; i++) rows[u.batch]!.push(bronzeRow(s, u.batch, ingestionTs));
            }),
          );

          const check = async (loaded: number, when: string) => {
            const expected = referenceScd2(batches.slice(0, loaded));
            const actual = await dimension(warehouse);
            expect(sorted(asVersions(actual)), `${when}: versions`).to.deep.equal(sorted(expected.versions));
            expect(actual.filter((r) => r.is_current).length, `${when}: one current version each`).to.equal(new Set(actual.map((r) => r.customer_id)).size);
            expect(versionsMadeByAbsentColumns(actual, batches.slice(0, loaded).flat()), `${when}: versions made by an absent column`).to.deep.equal([]);
            return { actual, expected };
          };

          for (let b = 0; b < BATCHES; b++) {
            await warehouse.insertBronze("raw_crm_customers", rows[b]!);
            const run = await warehouse.run(ACTIONS);
            expect(run.status, failures(run)).to.equal("successful");
            await check(b + 1, `after batch ${b}`);
          }
          const { actual: before, expected } = await check(BATCHES, "after all batches");
          expect(await lateUpdatesLogged(warehouse), "late updates logged").to.equal(expected.lateUpdates);
          const keys = before.map((r) => r.customer_sk).sort();

          const rerun = await warehouse.run(ACTIONS);
          expect(rerun.status, failures(rerun)).to.equal("successful");
          expect((await dimension(warehouse)).map((r) => r.customer_sk).sort(), "rerun without new data").to.deep.equal(keys);

          const resent = rows[BATCHES - 1]!.map((r) => ({ ...r, ingestion_ts: new Date(BASE + (BATCHES + 1) * 86_400_000) }));
          await warehouse.insertBronze("raw_crm_customers", resent);
          const again = await warehouse.run(ACTIONS);
          expect(again.status, failures(again)).to.equal("successful");
          await check(BATCHES, "after the last batch was sent again");
          expect((await dimension(warehouse)).map((r) => r.customer_sk).sort(), "keys after a re-sent batch").to.deep.equal(keys);

          const refreshed = await warehouse.run(ACTIONS, { fullRefresh: true });
          expect(refreshed.status, failures(refreshed)).to.equal("successful");
          await check(BATCHES, "after a full refresh");
          expect((await dimension(warehouse)).map((r) => r.customer_sk).sort(), "keys after a full refresh").to.deep.equal(keys);
        } finally {
          warehouse.remove();
        }
      }),
      { numRuns: RUNS, endOnFailure: true },
    );
    expect(histories, "customer histories checked").to.be.at.least(RUNS * MIN_CUSTOMERS);
  });
});
