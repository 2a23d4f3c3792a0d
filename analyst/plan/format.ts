import Table from "cli-table3";
import type { CostDelta } from "./cost-delta";
import type { Plan } from "./plan";

/** `project.dataset.table` shown as `dataset.table`: one project is the rule in a plan. */
export const shortName = (name: string) => name.split(".").slice(-2).join(".");
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** The plan for a person: one row per changed action, then the affected actions and the marts among them. */
export function formatPlanTable(plan: Plan, base: { ref: string; commit: string }, colour: boolean): string {
  const style = colour ? {} : { style: { head: [], border: [] } };
  const lines = [`plan against ${base.ref} (${base.commit.slice(0, 12)}): ${plural(plan.changes.length, "changed action")}, ${plural(plan.affected.length, "affected action")} downstream, ${plural(plan.marts.length, "mart")} affected`];
  if (plan.changes.length === 0) return `${lines[0]}\n`;
  const changes = new Table({ head: ["changed action", "kind", "change", "classification", "why"], wordWrap: true, wrapOnWordBoundary: false, colWidths: [44, 13, 10, 14, 60], ...style });
  for (const c of plan.changes) {
    const columns = c.downstreamColumns ? `\ndownstream columns: ${c.downstreamColumns.map((r) => `${shortName(r.table)}.${r.column}`).join(", ") || "none"}` : "";
    changes.push([`${shortName(c.name)}\n${c.file}`, c.kind, c.change, c.classification, c.reasons.join("\n") + columns]);
  }
  lines.push(changes.toString());
  if (plan.affected.length > 0) {
    const affected = new Table({ head: ["affected downstream", "kind", "mart", "via", "schema / analyzer"], wordWrap: true, wrapOnWordBoundary: false, colWidths: [44, 13, 6, 40, 40], ...style });
    for (const a of plan.affected) {
      const schema = a.schema ? [...a.schema.removed.map((c) => `- ${c.name}`), ...a.schema.added.map((c) => `+ ${c.name}`), ...a.schema.retyped.map((r) => `~ ${r.name} ${r.from} -> ${r.to}`)] : [];
      affected.push([shortName(a.name), a.kind, a.mart ? "yes" : "", a.via.map(shortName).join("\n"), [...schema, ...(a.errors ?? [])].join("\n")]);
    }
    lines.push(affected.toString());
  }
  if (!plan.columnLineage) lines.push("(downstream at action level: column lineage not available)");
  return `${lines.join("\n")}\n`;
}

const megabytes = (bytes: number | null) => (bytes === null ? "-" : `${(bytes / 1e6).toFixed(1)} MB`);
const signed = (n: number, text: string) => (n > 0 ? `+${text}` : text);

/** The change's BigQuery cost, base against working tree: per changed action's next run, per workflow configuration's month. */
export function formatCostDelta(cost: CostDelta): string {
  const lines = ["cost on BigQuery (offline estimate, on-demand):"];
  for (const a of cost.actions) lines.push(`  ${shortName(a.name)}: ${megabytes(a.base_bytes_billed)} -> ${megabytes(a.head_bytes_billed)} billed per run (${signed(a.delta_bytes_billed, megabytes(a.delta_bytes_billed))})`);
  for (const w of cost.workflows) lines.push(`  workflow ${w.name}: $${w.base_usd_per_month.toFixed(2)} -> $${w.head_usd_per_month.toFixed(2)} a month (${signed(w.delta_usd_per_month, `$${w.delta_usd_per_month.toFixed(2)}`)})`);
  return `${lines.join("\n")}\n`;
}
