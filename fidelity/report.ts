import Table from "cli-table3";
import type { CheckReport } from "./check";

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** One row per action: what it is, what ZetaSQL analyzed, and the schema it outputs. */
export function formatCheckTable(report: CheckReport): string {
  const nameWidth = Math.max(8, ...report.actions.flatMap((a) => [a.name.length, a.file.length])) + 2;
  const table = new Table({
    head: ["action", "kind", "statements", "output schema"],
    colWidths: [nameWidth, 13, 26, 64],
    wordWrap: true,
    style: { head: [], border: [] },
  });
  for (const action of report.actions) {
    const statements = action.scripts.map((s) => `${s.path}: ${s.statements.map((st) => st.kind.toLowerCase()).join(", ")}`).join("\n");
    const schema = action.columns ? action.columns.map((c) => `${c.name} ${c.type}`).join(", ") : "";
    const from = action.schemaFrom && action.schemaFrom !== "analysis" ? ` (from ${action.schemaFrom})` : "";
    const status = action.errors.length ? "\nERROR" : action.notAnalyzed ? `\nnot analyzed: ${action.notAnalyzed}` : "";
    table.push([`${action.name}\n${action.file}`, action.kind, statements || "-", (schema || "-") + from + status]);
  }
  return `${table.toString()}\n${checkSummary(report)}\n`;
}

export function checkSummary(report: CheckReport): string {
  const skipped = report.statementsSkipped.length
    ? `; ${plural(report.statementsSkipped.length, "statement")} not analyzable by the local service (${[...new Set(report.statementsSkipped.map((s) => s.reason.split(" [at")[0]))].join("; ")})`
    : "";
  return (
    `ZetaSQL analysis: ${plural(report.actions.length, "action")}, ${plural(report.statementsAnalyzed, "statement")} analyzed ` +
    `with BigQuery's language features, ${plural(report.errors.length, "error")}${skipped}`
  );
}
