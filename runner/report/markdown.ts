import { countByStatus, unitTestFailure, type ActionResult, type RunResult } from "../targets/run-result";

const ICON: Record<ActionResult["status"], string> = { successful: "✅", failed: "❌", skipped: "⏭️", disabled: "⚪" };
const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** The summary a person reads in a pull request: the verdict first, then failures, then every action. */
export function markdownSummary(run: RunResult): string {
  const counts = countByStatus(run);
  const assertions = run.actions.filter((a) => a.kind === "assertion");
  const lines = [
    `# GigaMart run ${run.runId}: ${run.status === "successful" ? "✅ passed" : "❌ failed"}`,
    "",
    `Target **${run.target}**, project \`${run.project}\`${run.warehouse ? `, warehouse \`${run.warehouse}\`` : ""}` +
      `${run.dryRun ? ", **dry run**" : ""}${run.fullRefresh ? ", full refresh" : ""}; ${(run.durationMs / 1000).toFixed(1)} s.`,
    "",
    `| actions | successful | failed | skipped | disabled | assertions passed | assertions failed |`,
    `|---:|---:|---:|---:|---:|---:|---:|`,
    `| ${run.actions.length} | ${counts.successful} | ${counts.failed} | ${counts.skipped} | ${counts.disabled} | ` +
      `${assertions.filter((a) => a.status === "successful").length} | ${assertions.filter((a) => a.status === "failed").length} |`,
  ];
  const tests = run.tests ?? [];
  if (tests.length > 0) {
    const failedTests = tests.filter((t) => t.status === "failed");
    lines.push("", "## Unit tests", "", `${tests.length - failedTests.length} passed, ${failedTests.length} failed.`, "");
    for (const t of failedTests) lines.push(`- ❌ ${unitTestFailure(t)}`, ...(t.messages.length + t.diff.length > 0 ? ["", "  ```", ...[...t.messages, ...t.diff].map((l) => `  ${l}`), "  ```", ""] : []));
    lines.push("| | test | kind | file | seconds |", "|---|---|---|---|---:|");
    for (const t of tests) {
      lines.push(`| ${t.status === "passed" ? "✅" : "❌"} | \`${cell(t.name)}\` | ${t.kind}${t.tested ? ` of \`${cell(t.tested)}\`` : ""} | ${cell(t.fileName)} | ${(t.durationMs / 1000).toFixed(2)} |`);
    }
  }
  const failedAssertions = assertions.filter((a) => a.status === "failed");
  if (failedAssertions.length > 0) {
    lines.push("", "## Quality gates", "", "| assertion | severity | held back |", "|---|---|---|");
    for (const a of failedAssertions) {
      const heldBack = run.actions.filter((r) => r.heldBackBy?.includes(a.name)).map((r) => `\`${cell(r.name)}\``);
      lines.push(`| \`${cell(a.name)}\` | ${a.severity ?? "ERROR"} | ${heldBack.join(", ") || "nothing"} |`);
    }
  }
  const problems = run.actions.filter((a) => a.status === "failed" || a.status === "skipped");
  if (problems.length > 0) {
    lines.push("", "## Failures and skips", "");
    for (const a of problems) lines.push(`- ${ICON[a.status]} \`${a.name}\` (${a.fileName}): ${a.error ?? a.status}`);
  }
  if (run.actions.length > 0) lines.push("", "## Actions", "", "| | action | kind | file | rows | seconds |", "|---|---|---|---|---:|---:|");
  for (const a of run.actions) {
    lines.push(`| ${ICON[a.status]} | \`${cell(a.name)}\` | ${a.kind} | ${cell(a.fileName)} | ${a.rowsAffected ?? (a.jobId ? `see job ${cell(a.jobId)}` : "not reported")} | ${(a.durationMs / 1000).toFixed(2)} |`);
  }
  return lines.join("\n") + "\n";
}
