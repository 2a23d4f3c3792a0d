import { showValue } from "../compare";
import type { DifferentialReport, Mismatch } from "./differential";

const sortedCounts = (counts: Record<string, number>) =>
  Object.entries(counts)
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .map(([construct, n]) => `    ${n} × ${construct}`);

const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

/** A mismatch as a reader reproduces it: the tables' rows, the query, what differed. */
export function formatMismatch(m: Mismatch): string {
  const tables = Object.entries(m.minimal.tables).map(
    ([name, t]) => `    ${name} (${t.columns.map((c) => `${c.name} ${c.type}`).join(", ")}):${t.rows.length ? "" : " no rows"}\n${t.rows.map((r) => `      ${showValue(r)}`).join("\n")}`,
  );
  return [`  case ${m.index} (${m.shape}, ${m.shrinkSteps} shrink steps):`, `    ${m.minimal.query}`, ...tables, ...m.minimal.differences.map((d) => `    ≠ ${d}`)].join("\n");
}

/** The counts the issue asks for: run / agreed / refused by name (with the constructs) / mismatches with minimal repros. */
export function formatDifferentialReport(report: DifferentialReport): string {
  const agreed = report.agreed.sameResult + report.agreed.bothRaise;
  const lines = [
    `differential run, seed ${report.seed}: ${report.run} run, ${agreed} agreed (${report.agreed.sameResult} same result, ${report.agreed.bothRaise} both raise), ` +
      `${total(report.refused.analyzer) + total(report.refused.translator)} refused by name, ${total(report.engineDependent)} engine-dependent, ${total(report.unjudged)} not judged, ` +
      `${report.mismatches.length} silent mismatches, ${report.loudMismatches.length} loud (only DuckDB raises), in ${report.seconds.toFixed(1)} s`,
  ];
  if (total(report.refused.analyzer)) lines.push(`  refused by the analyzer (${total(report.refused.analyzer)}):`, ...sortedCounts(report.refused.analyzer));
  if (total(report.refused.translator)) lines.push(`  refused by the translator (${total(report.refused.translator)}):`, ...sortedCounts(report.refused.translator));
  if (total(report.engineDependent)) lines.push(`  engine-dependent, both answers allowed by BigQuery's documentation (${total(report.engineDependent)}):`, ...sortedCounts(report.engineDependent));
  if (total(report.unjudged)) lines.push(`  not judged, the reference engine lacks it (${total(report.unjudged)}):`, ...sortedCounts(report.unjudged));
  lines.push("  by shape:", ...Object.entries(report.byShape).map(([shape, c]) => `    ${shape}: ${c.run} run, ${c.agreed} agreed, ${c.refused} refused, ${c.unjudged} not judged, ${c.mismatches} mismatches`));
  if (report.mismatches.length) lines.push("silent mismatches (minimal reproductions):", ...report.mismatches.map(formatMismatch));
  if (report.loudMismatches.length) lines.push("loud mismatches, only DuckDB raises (minimal reproductions):", ...report.loudMismatches.map(formatMismatch));
  return `${lines.join("\n")}\n`;
}
