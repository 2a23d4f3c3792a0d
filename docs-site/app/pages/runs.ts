// Runs: the last runs' history, one run's actions as a timeline (`#run=ID`, default the latest), its
// assertions with their failing rows, each assertion's status over the last runs, and the DQ checks.
import type { AssertionRow, DqCheckRow, RunRow } from "../../site-data";
import { chart } from "../shared/charts";
import { empty, formatMs, formatNumber, formatTime, h, layout, pageData, section, shortName, statusBadge, table } from "../shared/dom";

const data = pageData<"runs">();
const main = layout("runs", data.site);
const chronological = [...data.runs].sort((a, b) => a.started_at - b.started_at);

const history = h("div", { id: "history" });
const selected = h("div", { id: "run" });
const grid = h("div", { id: "assertion-history" });
const checks = h("div", { id: "dq-checks" });
main.append(history, selected, grid, checks);

if (data.runs.length === 0) history.append(empty("No run recorded yet: giga_monitoring.run_history is empty or missing in this warehouse (every `gigamart run` appends to it)."));
else {
  history.append(
    section(
      `Last ${data.runs.length} runs`,
      chart({
        title: "duration (s) and failed actions per run",
        x: chronological.map((r) => r.started_at / 1000),
        series: [
          { label: "duration s", values: chronological.map((r) => r.duration_ms / 1000) },
          { label: "failed actions", values: chronological.map((r) => r.actions_failed), color: "#dc2626", points: true },
        ],
        height: 180,
      }),
      table(
        ["started", "tags", "status", "duration", "actions", "failed", "skipped"],
        data.runs.map((r) => [h("a", { href: `#run=${encodeURIComponent(r.run_id)}` }, formatTime(r.started_at)), r.selected_tags.join(", ") || "all", statusBadge(r.status), formatMs(r.duration_ms), r.actions_total, r.actions_failed, r.actions_skipped]),
        { id: "run-list" },
      ),
    ),
  );
}

function timeline(run: RunRow): HTMLElement {
  const actions = data.actions.filter((a) => a.run_id === run.run_id);
  const total = Math.max(1, ...actions.map((a) => a.offset_ms + (a.duration_ms ?? 0)));
  return h(
    "div",
    { class: "timeline" },
    actions.map((a) =>
      h(
        "div",
        { class: "lane", title: a.error ?? "" },
        h("span", { class: "lane-name" }, shortName(a.action_name)),
        h("span", { class: "lane-track" }, h("span", { class: `bar status-${a.status}`, style: `left: ${(a.offset_ms / total) * 100}%; width: max(2px, ${((a.duration_ms ?? 0) / total) * 100}%)` })),
        h("span", { class: "lane-facts" }, `${a.status} · ${formatMs(a.duration_ms)}${a.rows_affected === null ? "" : ` · ${formatNumber(a.rows_affected)} rows`}`),
      ),
    ),
  );
}

function failingRows(a: AssertionRow): HTMLElement {
  const rows = a.failing_rows_sample ?? [];
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cell = (v: unknown) => (v === null || v === undefined ? "NULL" : typeof v === "object" ? JSON.stringify(v) : String(v));
  return h(
    "div",
    { class: "failing-rows" },
    h("p", {}, `${formatNumber(a.failing_row_count)} failing row(s)${rows.length < (a.failing_row_count ?? 0) ? `, the first ${rows.length} shown` : ""}:`),
    rows.length ? table(columns, rows.map((r) => columns.map((c) => cell(r[c])))) : empty("No sample kept."),
  );
}

function showRun(run: RunRow): void {
  const assertions = data.assertions.filter((a) => a.run_id === run.run_id);
  const failed = assertions.filter((a) => a.status === "FAIL" || a.status === "ERROR");
  selected.replaceChildren(
    section(
      `Run ${run.run_id}`,
      h("p", {}, statusBadge(run.status), ` started ${formatTime(run.started_at)}, ${formatMs(run.duration_ms)}, tags ${run.selected_tags.join(", ") || "all"}, target ${run.target}${run.full_refresh ? ", full refresh" : ""}`),
      timeline(run),
    ),
    section(
      `Assertions (${assertions.length}, ${failed.length} failed)`,
      assertions.length === 0
        ? empty("This run ran no assertion.")
        : h(
            "div",
            { id: "assertions" },
            [...failed, ...assertions.filter((a) => !failed.includes(a))].map((a) =>
              h(
                "details",
                { class: `assertion status-${a.status.toLowerCase()}`, open: failed.includes(a) },
                h("summary", {}, statusBadge(a.status), ` ${shortName(a.assertion_name)} `, h("span", { class: "severity" }, a.severity)),
                a.status === "FAIL" ? failingRows(a) : a.error ? h("pre", {}, a.error) : h("p", {}, a.status === "PASS" ? "No failing row." : a.status),
              ),
            ),
          ),
    ),
  );
}

/** A status per row and column (oldest column left): each cell coloured by it, its time and status on hover. */
function statusGrid(id: string, label: string, rows: string[], columns: { key: string; time: number; href?: string }[], statusOf: (row: string, column: string) => string | undefined): HTMLElement {
  return h(
    "table",
    { class: "grid", id },
    h("thead", {}, h("tr", {}, h("th", {}, label), columns.map((c) => h("th", { title: formatTime(c.time) }, c.href ? h("a", { href: c.href }, "·") : "·")))),
    h(
      "tbody",
      {},
      rows.map((row) =>
        h("tr", {}, h("td", {}, row), columns.map((c) => {
          const status = statusOf(row, c.key);
          return h("td", { class: `cell status-${(status ?? "none").toLowerCase()}`, title: status ? `${status} ${formatTime(c.time)}` : "not run" });
        })),
      ),
    ),
  );
}

const assertionNames = [...new Set(data.assertions.map((a) => shortName(a.assertion_name)))].sort();
if (assertionNames.length) {
  const statusOf = new Map(data.assertions.map((a) => [`${a.run_id}|${shortName(a.assertion_name)}`, a.status]));
  const runs = chronological.map((r) => ({ key: r.run_id, time: r.started_at, href: `#run=${encodeURIComponent(r.run_id)}` }));
  grid.append(section("Assertions over the last runs", statusGrid("assertion-grid", "assertion", assertionNames, runs, (row, run) => statusOf.get(`${run}|${row}`))));
}

// The data-quality checks of each monitoring run: a check is its name, table and severity.
const checkOf = (c: DqCheckRow) => `${c.check_name} · ${c.table_name} · ${c.severity}`;
const checkTimes = [...new Set(data.checks.map((c) => c.checked_at))].sort((a, b) => a - b);
if (checkTimes.length) {
  const statusOf = new Map(data.checks.map((c) => [`${c.checked_at}|${checkOf(c)}`, c.status]));
  const rows = [...new Set(data.checks.map(checkOf))].sort();
  grid.append(
    section(
      "Data-quality checks over the last monitoring runs",
      statusGrid("dq-grid", "check", rows, checkTimes.map((t) => ({ key: String(t), time: t })), (row, time) => statusOf.get(`${time}|${row}`)),
    ),
  );
}

const latestChecks = data.checks.filter((c) => c.checked_at === data.checks[0]?.checked_at);
checks.append(
  section(
    "Data-quality checks (latest monitoring run)",
    latestChecks.length
      ? table(["check", "table", "severity", "status", "observed", "", "threshold"], latestChecks.map((c) => [c.check_name, c.table_name, c.severity, statusBadge(c.status), formatNumber(c.observed_value), c.comparison ?? "", formatNumber(c.threshold)]), { id: "dq-table" })
      : empty("No monitoring run recorded yet (giga_monitoring.dq_check_results)."),
  ),
);

function route(): void {
  const id = new URLSearchParams(location.hash.slice(1)).get("run");
  const run = data.runs.find((r) => r.run_id === id) ?? data.runs[0];
  if (run) showRun(run);
}
window.addEventListener("hashchange", route);
route();
