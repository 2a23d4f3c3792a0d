import { requestJson } from "./api";
import type { PlanAction, PlanEntry } from "./plan";

export function countActions(entries: readonly PlanEntry[]): Record<PlanAction, number> {
  const counts: Record<PlanAction, number> = { create: 0, update: 0, keep: 0 };
  for (const e of entries) counts[e.action]++;
  return counts;
}

function summary(entries: readonly PlanEntry[]): string {
  const c = countActions(entries);
  return `${c.create} to create, ${c.update} to update, ${c.keep} to keep`;
}

/** One line per resource in apply order, its reason indented below; plain text so it pastes into a review. */
export function planTable(entries: readonly PlanEntry[], heading: string): string {
  const kindWidth = Math.max(...entries.map((e) => e.kind.length));
  const lines = entries.map((e) => `${e.action.padEnd(6)}  ${e.kind.padEnd(kindWidth)}  ${e.id}\n${" ".repeat(8)}${e.why}`);
  return `${heading}\n\n${lines.join("\n")}\n\n${summary(entries)}\n`;
}

/** Every entry with the exact request it would send (bytes as base64, as the REST APIs take them). */
export function planJson(entries: readonly PlanEntry[], meta: Record<string, unknown>): string {
  return `${requestJson({ ...meta, summary: countActions(entries), plan: entries.map(({ action, kind, id, why, changes, request }) => ({ action, kind, id, why, changes, request })) })}\n`;
}
