import type { Json } from "@duckdb/node-api";
import { shortName } from "../plan/format";
import type { DiffReport, TableDiff } from "./diff";

const cell = (value: Json | string | number | null | undefined) => {
  const text = value === null || value === undefined ? "NULL" : typeof value === "object" ? JSON.stringify(value) : String(value);
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
};
const row = (values: (Json | string | number | null | undefined)[]) => `| ${values.map(cell).join(" | ")} |`;
const table = (head: string[], rows: (Json | string | number | null | undefined)[][]) => [row(head), `|${head.map(() => " --- |").join("")}`, ...rows.map(row)].join("\n");

function schemaLine(t: TableDiff): string {
  const s = t.comparison?.schema;
  if (!s) return "";
  const parts = [...s.removed.map((c) => `−${c.name}`), ...s.added.map((c) => `+${c.name}`), ...s.retyped.map((r) => `${r.name}: ${r.from} → ${r.to}`)];
  return parts.length > 0 ? parts.join(", ") : "same";
}

function tableSection(t: TableDiff): string[] {
  const c = t.comparison!;
  const out = [`#### \`${shortName(t.table)}\``, "", `Matched by ${c.key ? `key \`${c.key.join(", ")}\`` : "whole rows (no key)"}: ${c.rows.before} rows before, ${c.rows.after} after; ${c.added} added, ${c.removed} removed${c.changed === null ? "" : `, ${c.changed} changed`}.`];
  for (const note of c.notes) out.push("", `> ${note}`);
  const moved = c.columns.filter((col) => (col.changed ?? 0) > 0 || col.before !== col.after);
  if (moved.length > 0) {
    out.push("", table(["column", "type", "values changed", "measure", "before", "after"], moved.map((col) => [col.name, col.type, col.changed ?? "–", col.measure, col.before, col.after])));
  }
  if (c.sample.changed.length > 0) {
    out.push("", "<details><summary>Sample of changed rows</summary>", "");
    out.push(table(["key", "column", "before", "after"], c.sample.changed.flatMap((r) => Object.entries(r.columns).map(([name, v]) => [JSON.stringify(r.key), name, v.before, v.after]))));
    out.push("", "</details>");
  }
  for (const [label, rows] of [["removed", c.sample.removed], ["added", c.sample.added]] as const) {
    if (rows.length === 0) continue;
    const head = Object.keys(rows[0]!);
    out.push("", `<details><summary>Sample of ${label} rows</summary>`, "", table(head, rows.map((r) => head.map((h) => r[h]))), "", "</details>");
  }
  return out;
}

/** One Markdown report for a pull request comment: a summary table, then the detail of each table that differs. */
export function formatDiffMarkdown(report: DiffReport, base?: { ref: string; commit: string }): string {
  const differing = report.tables.filter((t) => t.status === "compared" && !t.identical);
  const against = base ? ` (the working tree against \`${base.ref}\`, ${base.commit.slice(0, 12)})` : "";
  const out = [
    `### gigamart diff${against}`,
    "",
    `${report.tables.length} table${report.tables.length === 1 ? "" : "s"} built beside the current ones in \`${report.warehouse}\`; ${differing.length} differ${differing.length === 1 ? "s" : ""}.`,
    "",
    table(
      ["table", "status", "rows before", "rows after", "added", "removed", "changed", "schema"],
      report.tables.map((t) => {
        const c = t.comparison;
        const status = t.status === "compared" ? (t.identical ? "no difference" : "differs") : `${t.status}${t.note ? `: ${t.note}` : ""}`;
        return [`\`${shortName(t.table)}\``, status, c?.rows.before ?? "", c?.rows.after ?? "", c?.added ?? "", c?.removed ?? "", c ? (c.changed ?? "–") : "", schemaLine(t)];
      }),
    ),
  ];
  for (const t of differing) out.push("", ...tableSection(t));
  return `${out.join("\n")}\n`;
}
