// Monitoring: per source, the daily bronze volume against its learnt band (volume_expectations), and
// the gaps between loads against the fixed freshness limits, with the latest freshness checks.
import { chart, daySeconds } from "../shared/charts";
import { empty, formatNumber, formatTime, h, layout, pageData, section, statusBadge, table } from "../shared/dom";

const data = pageData<"monitoring">();
const main = layout("monitoring", data.site);

const sources = [...new Set(data.volume.map((v) => v.source))].sort();
const volume = section("Volume per source: observed rows against the expected band (same weekday, recent weeks)");
if (sources.length === 0) volume.append(empty("No volume_expectations yet: the monitoring schedule has not run on this warehouse."));
for (const source of sources) {
  const rows = data.volume.filter((v) => v.source === source);
  const flagged = rows.filter((r) => r.status === "WARN" || r.status === "ERROR");
  volume.append(
    h(
      "div",
      { class: "source", id: `volume-${source}` },
      chart({
        title: `${source}: rows per business day`,
        x: rows.map((r) => daySeconds(r.business_date)),
        series: [
          { label: "lower warn", values: rows.map((r) => r.lower_warn), color: "#93c5fd" },
          { label: "upper warn", values: rows.map((r) => r.upper_warn), color: "#93c5fd" },
          { label: "expected", values: rows.map((r) => r.expected_rows), color: "#2563eb", dash: [6, 4] },
          { label: "lower error", values: rows.map((r) => r.lower_error), color: "#dc2626", dash: [2, 3] },
          { label: "observed", values: rows.map((r) => r.observed_rows), color: "#111827", points: true },
        ],
        band: [0, 1],
      }),
      flagged.length
        ? table(["day", "observed", "expected", "status", "event"], flagged.map((r) => [r.business_date, formatNumber(r.observed_rows), formatNumber(r.expected_rows), statusBadge(r.status), r.event_name ?? ""]))
        : h("p", { class: "ok" }, `No day outside its band (${rows.filter((r) => r.status === "NO_DATA").length} of ${rows.length} days without enough history to judge).`),
    ),
  );
}

const loadSources = [...new Set(data.loads.map((l) => l.source))].sort();
const freshness = section("Freshness: hours between loads, against the fixed limits (monitoring.freshness_minutes)");
if (loadSources.length === 0) freshness.append(empty("No load recorded yet (giga_raw.ingest_manifest)."));
for (const source of loadSources) {
  const loads = data.loads.filter((l) => l.source === source);
  const gaps = loads.map((l, i) => (i === 0 ? null : (l.ingestion_ts - loads[i - 1]!.ingestion_ts) / 3_600_000));
  const limit = data.freshnessLimits[source];
  if (loads.length < 2) {
    freshness.append(h("p", { id: `freshness-${source}` }, `${source}: ${loads.length} load (${formatTime(loads[0]!.ingestion_ts)}); a gap needs two.`));
    continue;
  }
  freshness.append(
    h(
      "div",
      { class: "source", id: `freshness-${source}` },
      chart({
        title: `${source}: ${loads.length} loads, the last ${loads.length ? formatTime(loads.at(-1)!.ingestion_ts) : "–"}`,
        x: loads.map((l) => l.ingestion_ts / 1000),
        series: [
          { label: "hours since the previous load", values: gaps, points: true, color: "#111827" },
          ...(limit
            ? [
                { label: "warn", values: loads.map(() => limit.warn / 60), color: "#d97706", dash: [4, 4] },
                { label: "error", values: loads.map(() => limit.error / 60), color: "#dc2626", dash: [4, 4] },
              ]
            : []),
        ],
        height: 180,
      }),
    ),
  );
}

const latest = data.freshness.filter((c) => c.checked_at === data.freshness[0]?.checked_at);
const checks = section(
  "Latest freshness checks",
  latest.length
    ? table(["check", "table", "severity", "status", "minutes", "", "threshold"], latest.map((c) => [c.check_name, c.table_name, c.severity, statusBadge(c.status), formatNumber(c.observed_value), c.comparison ?? "", formatNumber(c.threshold)]))
    : empty("No freshness check recorded yet (giga_monitoring.dq_check_results)."),
);
main.append(volume, freshness, checks);
