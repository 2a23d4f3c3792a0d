// A small reference model of customer_dim_scd2 (DESIGN §4), written independently of the SQL: what the
// dimension must hold after a sequence of CRM batches.

/** The tracked attributes, in the order CrmState.attributes holds them. */
export const TRACKED = ["first_name", "last_name", "email", "phone", "loyalty_tier", "city", "country"] as const;

export interface CrmState {
  customer_id: string;
  /** CRM updated_at, epoch milliseconds. */
  updatedAt: number;
  /** The tracked attributes in TRACKED order; an absent one is null. */
  attributes: readonly (string | null)[];
  /** Tracked attributes the row did not send (its CSV lacked the column): not a change, not a NULL. */
  absent: readonly string[];
  record_hash: string;
}

export interface ExpectedVersion {
  customer_id: string;
  /** Each attribute as last sent up to the version's start; null when never sent. */
  attributes: readonly (string | null)[];
  /** The attributes no state up to the version's start had sent, in TRACKED order. */
  unknown: readonly string[];
  effectiveFrom: number;
  /** null: the current, open-ended version. */
  effectiveTo: number | null;
}

export interface ReferenceResult {
  versions: ExpectedVersion[];
  /** Kept states loaded after a newer state of the same customer (an earlier batch's): out of order. */
  lateUpdates: number;
}

const same = <T>(a: readonly T[], b: readonly T[]) => a.length === b.length && a.every((v, i) => v === b[i]);

function versionsOf(states: CrmState[]): ExpectedVersion[] {
  const versions: ExpectedVersion[] = [];
  // What the CRM has said of each attribute so far: absent is "nothing new", so the last word stands.
  const said = new Map<string, string | null>();
  for (const s of [...states].sort((a, b) => a.updatedAt - b.updatedAt)) {
    TRACKED.forEach((name, i) => {
      if (!s.absent.includes(name)) said.set(name, s.attributes[i] ?? null);
    });
    const attributes = TRACKED.map((name) => said.get(name) ?? null);
    const unknown = TRACKED.filter((name) => !said.has(name));
    const last = versions[versions.length - 1];
    if (last && same(last.attributes, attributes) && same(last.unknown, unknown)) continue;
    if (last) last.effectiveTo = s.updatedAt;
    versions.push({ customer_id: s.customer_id, attributes, unknown, effectiveFrom: s.updatedAt, effectiveTo: null });
  }
  return versions;
}

/**
 * Batches in load order. Within the data, one state per customer and updated_at survives: the first
 * loaded (earlier batch; within a batch, the smallest record_hash, as all its rows load at once).
 */
export function referenceScd2(batches: readonly (readonly CrmState[])[]): ReferenceResult {
  const kept = new Map<string, CrmState>();
  let lateUpdates = 0;
  for (const batch of batches) {
    const newestLoaded = new Map<string, number>();
    for (const s of kept.values()) newestLoaded.set(s.customer_id, Math.max(s.updatedAt, newestLoaded.get(s.customer_id) ?? -Infinity));
    for (const s of [...batch].sort((a, b) => (a.record_hash < b.record_hash ? -1 : a.record_hash > b.record_hash ? 1 : 0))) {
      const key = `${s.customer_id}|${s.updatedAt}`;
      if (kept.has(key)) continue;
      kept.set(key, s);
      if (s.updatedAt < (newestLoaded.get(s.customer_id) ?? -Infinity)) lateUpdates++;
    }
  }
  return { versions: referenceVersions(kept), lateUpdates };
}

function referenceVersions(kept: Map<string, CrmState>): ExpectedVersion[] {
  const byCustomer = new Map<string, CrmState[]>();
  for (const s of kept.values()) byCustomer.set(s.customer_id, [...(byCustomer.get(s.customer_id) ?? []), s]);
  return [...byCustomer.values()].flatMap(versionsOf);
}
