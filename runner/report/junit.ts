import { XMLBuilder } from "fast-xml-parser";
import { countByStatus, unitTestFailure, type RunResult, type UnitTestResult } from "../targets/run-result";

/** The unit tests as one suite: a failure's message is the test's one line, its text Dataform's messages and the row diff. */
function unitTestSuite(run: RunResult, tests: UnitTestResult[]) {
  return {
    "@_name": `${run.target}.unit_test`,
    "@_tests": tests.length,
    "@_failures": tests.filter((t) => t.status === "failed").length,
    "@_skipped": 0,
    "@_time": (tests.reduce((s, t) => s + t.durationMs, 0) / 1000).toFixed(3),
    testcase: tests.map((t) => ({
      "@_classname": `unit_test.${t.fileName}`,
      "@_name": t.name,
      "@_time": (t.durationMs / 1000).toFixed(3),
      ...(t.status === "failed" ? { failure: { "@_message": unitTestFailure(t), "@_type": `unit test (${t.kind})`, "#text": [...t.messages, ...t.diff].join("\n") } } : {}),
    })),
  };
}

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
  const tests = run.tests ?? [];
  if (tests.length > 0) suites.unshift(unitTestSuite(run, tests) as (typeof suites)[number]);
  const counts = countByStatus(run);
  const builder = new XMLBuilder({ ignoreAttributes: false, format: true, suppressEmptyNode: true });
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    builder.build({
      testsuites: {
        "@_name": `gigamart run ${run.runId}`,
        "@_tests": run.actions.length + tests.length,
        "@_failures": counts.failed + tests.filter((t) => t.status === "failed").length,
        "@_skipped": counts.skipped + counts.disabled,
        "@_time": (run.durationMs / 1000).toFixed(3),
        testsuite: suites,
      },
    })
  );
}
