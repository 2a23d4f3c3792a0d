import type { CloudApi, CloudRequest } from "./api";
import { diffFields, type DesiredResource, type FieldChange, type ResourceKind } from "./resource";

export type PlanAction = "create" | "update" | "keep";

export interface PlanEntry {
  readonly id: string;
  readonly kind: ResourceKind;
  readonly action: PlanAction;
  readonly why: string;
  readonly changes: readonly FieldChange[];
  /** The request apply would send; absent for keep. */
  readonly request?: CloudRequest;
  readonly dependsOn: readonly string[];
  readonly placeholder?: string;
}

export class PlanError extends Error {
  override name = "PlanError";
}

/** Current state of each desired resource by id; a missing id does not exist. */
export type CurrentState = ReadonlyMap<string, Record<string, unknown>>;

function show(v: unknown): string {
  if (v === undefined) return "(unset)";
  if (v instanceof Uint8Array) return `<${v.length} bytes>`;
  const text = JSON.stringify(v);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function describe(changes: readonly FieldChange[]): string {
  return changes.map((c) => `${c.field}: ${show(c.current)} -> ${show(c.desired)}`).join("; ");
}

/**
 * Reads every desired resource's current state through the API (undefined = does not exist), a
 * few reads at a time: the reads are independent, and one by one they would take most of a deploy.
 */
export async function readCurrent(resources: readonly DesiredResource[], api: CloudApi, concurrency = 8): Promise<Map<string, Record<string, unknown>>> {
  const found = new Array<unknown>(resources.length);
  let next = 0;
  const worker = async () => {
    while (next < resources.length) {
      const i = next++;
      const r = resources[i]!;
      const response = await api.get(r.read);
      const picked = r.pick ? r.pick(response) : response;
      // A resource gone between the two reads no longer exists.
      found[i] = r.readDetail && picked ? await api.get(r.readDetail(picked as Record<string, unknown>)) : picked;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, resources.length) }, worker));
  const current = new Map<string, Record<string, unknown>>();
  resources.forEach((r, i) => {
    if (found[i] !== undefined && found[i] !== null) current.set(r.id, found[i] as Record<string, unknown>);
  });
  return current;
}

/**
 * Compares desired with current field by field. Immutable fields that differ stop the plan: the
 * fix (recreating a dataset or a partitioned table) loses data and is left to a person.
 */
export function plan(desired: readonly DesiredResource[], current: CurrentState, stateKnown = true): PlanEntry[] {
  const ids = new Set<string>();
  for (const r of desired) {
    if (ids.has(r.id)) throw new PlanError(`${r.id}: desired twice`);
    ids.add(r.id);
  }
  // An existing resource's server-assigned name replaces its placeholder, in desired fields and requests alike.
  const placeholders = new Map<string, string>();
  for (const r of desired) {
    const name = current.get(r.id)?.name;
    if (r.placeholder && typeof name === "string") placeholders.set(r.placeholder, name);
  }
  const entries = desired.map((r): PlanEntry => {
    const base = { id: r.id, kind: r.kind, dependsOn: r.dependsOn.filter((d) => ids.has(d)), placeholder: r.placeholder };
    const have = current.get(r.id);
    if (!have) return { ...base, action: "create", why: stateKnown ? "does not exist" : "state unknown (no credentials): assumed missing", changes: [], request: r.create };
    const changes = r.diff ? r.diff(have) : diffFields(substitute(r.state, placeholders), have);
    const blocked = changes.filter((c) => r.immutable?.some((f) => c.field === f || c.field.startsWith(`${f}.`)));
    if (blocked.length > 0) {
      throw new PlanError(`${r.id}: ${describe(blocked)} cannot change in place; recreate it by hand (its data would be lost)`);
    }
    if (changes.length === 0 || !r.update) {
      const why = changes.length === 0 ? "exists and matches" : `exists; kept as is (${describe(changes)})`;
      return { ...base, action: "keep", why: r.why?.keep ?? why, changes };
    }
    const why = r.why ? r.why.update(describe(changes)) : describe(changes);
    return { ...base, action: "update", why, changes, request: r.update(changes, have) };
  });
  // Only resources still to be created keep their placeholder; apply fills it in from the create response.
  return dependencyOrder(entries.map((e) => (e.request ? { ...e, request: substitute(e.request, placeholders) } : e)));
}

export function substitute<T>(value: T, names: ReadonlyMap<string, string>): T {
  if (names.size === 0) return value;
  if (typeof value === "string") return (names.get(value) ?? value) as T;
  if (Array.isArray(value)) return value.map((v) => substitute(v, names)) as T;
  if (value && typeof value === "object" && !(value instanceof Uint8Array)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, names)])) as T;
  }
  return value;
}

/** Dependencies before dependents, otherwise in desired order; a cycle is a bug in the desired state. */
export function dependencyOrder(entries: readonly PlanEntry[]): PlanEntry[] {
  const byId = new Map(entries.map((e) => [e.id, e]));
  const done = new Set<string>();
  const visiting = new Set<string>();
  const ordered: PlanEntry[] = [];
  const visit = (e: PlanEntry) => {
    if (done.has(e.id)) return;
    if (visiting.has(e.id)) throw new PlanError(`${e.id}: dependency cycle`);
    visiting.add(e.id);
    for (const d of e.dependsOn) visit(byId.get(d)!);
    visiting.delete(e.id);
    done.add(e.id);
    ordered.push(e);
  };
  entries.forEach(visit);
  return ordered;
}
