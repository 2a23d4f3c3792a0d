import { XMLBuilder } from "fast-xml-parser";
import { countByStatus, type RunResult } from "../targets/run-result";

/** JUnit XML, the format CI systems read: one test case per action, grouped by kind. */
export function junitXml(run: RunResult): string {
  const kinds = [...new Set(run.actions.map((a) => a.kind))];
  const suites = kinds.map((kind) => {
    const actions = run.actions.filter((a) => a.kind === kind);
    return {
      "@_name": `${run.target}.${kind}`,
      "@_tests": actions.length,
      "@_failures": actions.filter((a) => a.status === "failed").length,
      "@_skipped": actions.filter((a) => a.status === "skipped" || a.status === "disabled").length,
      "@_time": (actions.reduce((s, a) => s + a.durationMs, 0) / 1000).toFixed(3),
      testcase: actions.map((a) => ({
        "@_classname": `${kind}.${a.fileName}`,
        "@_name": a.name,
        "@_time": (a.durationMs / 1000).toFixed(3),
        ...(a.status === "failed" ? { failure: { "@_message": a.error ?? "failed", ...(a.severity ? { "@_type": `${a.severity} assertion` } : {}), "#text": a.bigquerySql.join("\n;\n") } } : {}),
        ...(a.status === "skipped" || a.status === "disabled" ? { skipped: { "@_message": a.error ?? a.status } } : {}),
      })),
    };
  });
  const counts = countByStatus(run);
  const builder = new XMLBuilder({ ignoreAttributes: false, format: true, suppressEmptyNode: true });
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    builder.build({
      testsuites: {
        "@_name": `gigamart run ${run.runId}`,
        "@_tests": run.actions.length,
        "@_failures": counts.failed,
        "@_skipped": counts.skipped + counts.disabled,
        "@_time": (run.durationMs / 1000).toFixed(3),
        testsuite: suites,
      },
    })
  );
}
