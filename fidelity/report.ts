import Table from "cli-table3";
import type { CheckReport } from "./check";
import { FLOAT64_RELATIVE_TOLERANCE, NUMERIC_TOLERANCE } from "./compare";
import type { CorpusReport } from "./corpus";
import type { SemanticReport } from "./semantic";

const plural = (n: number, word: string, many = `${word}s`) => `${n} ${n === 1 ? word : many}`;

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

/** One row per model: how the reference engine and DuckDB compared on the fixtures. */
export function formatSemanticTable(report: SemanticReport): string {
  const nameWidth = Math.max(8, ...report.models.flatMap((m) => [m.name.length, m.file.length])) + 2;
  const table = new Table({
    head: ["model", "kind", "result", "details"],
    colWidths: [nameWidth, 13, 15, 80],
    wordWrap: true,
    style: { head: [], border: [] },
  });
  for (const m of report.models) {
    const result = m.status === "not compared" ? "not compared" : `${m.status}${m.rows !== undefined ? `\n${plural(m.rows, "row")}${m.ordered ? ", ordered" : ""}` : ""}`;
    const kind = m.path ? `${m.kind}\n(${m.path === "create" ? "first run" : "later run"})` : m.kind;
    table.push([`${m.name}\n${m.file}`, kind, result, [...m.differences, ...m.notes].join("\n") || "-"]);
  }
  return `${table.toString()}\n${semanticSummary(report)}\n`;
}

export function semanticSummary(report: SemanticReport): string {
  return (
    `Result comparison (GoogleSQL reference engine vs DuckDB on fixtures; FLOAT64 within ${FLOAT64_RELATIVE_TOLERANCE} relative, ` +
    `NUMERIC within ${NUMERIC_TOLERANCE}): ${plural(report.compared, "query", "queries")} compared, ${plural(report.mismatches, "mismatch", "mismatches")}`
  );
}

export function corpusSummary(report: CorpusReport): string {
  return (
    `Function corpus: ${plural(report.entries.length, "entry", "entries")} evaluated on both engines, ${plural(report.mismatches.length, "mismatch", "mismatches")}` +
    (report.refused.length ? `, ${report.refused.length} refused by the translator` : "") +
    (report.referenceGaps.length ? `, ${report.referenceGaps.length} not evaluable by the reference engine` : "")
  );
}
