import type { DuckDBConnection } from "@duckdb/node-api";
import type { Latency, LiveStretchResult } from "./live-stretch";

export interface LiveSummary extends LiveStretchResult {
  today: string;
  malformed: number;
  askedRate: number;
}

export interface DemoTotals {
  days: number;
  firstDay: string;
  seconds: number;
  assertionsRun: number;
  assertionsFailed: number;
  /** Failed or skipped actions, labelled with day and schedule. */
  failed: string[];
  live?: LiveSummary;
}

type Row = Record<string, string | number | boolean | null>;

const number = (v: unknown) => Number(v ?? 0).toLocaleString("en-IN");
const money = (v: unknown) => `₹${Number(v ?? 0).toLocaleString("en-IN", { maximumFractionDigits: 0 })}`;
const secs = (ms: number) => `${(ms / 1000).toFixed(1)}s`;
const spread = (l: Latency) => `median ${secs(l.median_ms)}, p95 ${secs(l.p95_ms)}`;

/** The live stretch: what was sent, where each message went (counted in the warehouse), how soon it showed. */
function liveLines(l: LiveSummary): string[] {
  return [
    `  live stretch      today ${l.today}: ${number(l.sent)} POS messages (${l.malformed} malformed on purpose) at ${l.rate.toFixed(0)} msg/s (asked ${l.askedRate}) through the stream replay, a realtime run after each of ${l.runs.length} slices (${l.runs.map((r) => secs(r.durationMs)).join(", ")})`,
    `    where they went  ${number(l.sent)} sent = ${number(l.added.bronze)} bronze (${number(l.added.invalid)} INVALID, ${number(l.added.future)} later today than the clock: FUTURE_TIMESTAMP WARN) + ${number(l.added.deadLetters)} dead letter${l.added.deadLetters === 1 ? "" : "s"} + ${number(l.dropped)} dropped`,
    `    event → view     pos_sales_today (a view over bronze) ${spread(l.toView)} (publish to bronze commit); realtime run done ${spread(l.toRealtimeRun)} (publish to the end of the run after it)`,
  ];
}

/** The ten-second summary: what landed, what the pipeline removed and repaired, and a glimpse of each mart. */
export async function demoSummary(connection: DuckDBConnection, project: string, t: DemoTotals, reports: string[], warehouse: string): Promise<string> {
  const q = async (sql: string): Promise<Row[]> => (await connection.runAndReadAll(sql.replace(/\$p/g, `"${project}"`))).getRowObjectsJson() as Row[];

  const layers = await q(`SELECT schema_name AS layer, sum(estimated_size) AS n FROM duckdb_tables() WHERE database_name = '${project}' AND schema_name NOT LIKE '\\_%' ESCAPE '\\' GROUP BY 1 ORDER BY 1`);
  const dedup = await q(`SELECT replace(source_table, 'raw_', '') AS s, reason, count(*) AS n FROM $p.giga_monitoring.dedup_log GROUP BY 1, 2 ORDER BY 1, 2`);
  const late = await q(`SELECT replace(source_table, 'raw_', '') AS s, count(*) AS n, max(days_late) AS max_late FROM $p.giga_monitoring.late_arriving_data GROUP BY 1 ORDER BY 1`);
  const [scd2] = await q(`SELECT count(*) AS versions, count(DISTINCT customer_id) AS customers, max(v) AS most FROM (SELECT customer_id, count(*) OVER (PARTITION BY customer_id) AS v FROM $p.giga_curated.customer_dim_scd2)`);
  const [changed] = await q(`SELECT count(*) AS n FROM (SELECT customer_id FROM $p.giga_curated.customer_dim_scd2 GROUP BY 1 HAVING count(*) > 1)`);
  const checks = await q(`SELECT severity, status, count(*) AS n FROM $p.giga_monitoring.dq_check_results WHERE checked_at = (SELECT max(checked_at) FROM $p.giga_monitoring.dq_check_results) GROUP BY 1, 2 ORDER BY 1, 2`);
  const sales = await q(`SELECT strftime(sales_date, '%Y-%m-%d') AS d, coalesce(store_id, 'WAREHOUSE') AS store, channel, net_sales, transactions, average_basket FROM $p.giga_mart.daily_store_sales WHERE sales_date = (SELECT max(sales_date) FROM $p.giga_mart.daily_store_sales) ORDER BY net_sales DESC LIMIT 3`);
  const categories = await q(`SELECT category, sum(net_sales) AS net FROM $p.giga_mart.daily_category_sales WHERE sales_date = (SELECT max(sales_date) FROM $p.giga_mart.daily_category_sales) GROUP BY 1 ORDER BY 2 DESC LIMIT 3`);
  const segments = await q(`SELECT segment, count(*) AS n FROM $p.giga_mart.customer_360 GROUP BY 1 ORDER BY 2 DESC`);
  const stock = await q(`SELECT store_id, quantity_on_hand, stock_value, out_of_stock_products, below_reorder_products, days_of_supply FROM $p.giga_mart.inventory_kpi WHERE level = 'STORE' ORDER BY store_id LIMIT 4`);
  const [today] = await q(`SELECT count(*) AS n, coalesce(sum(net_sales), 0) AS net FROM $p.giga_mart.pos_sales_today`);

  const warnFails = checks.filter((c) => c.severity === "WARN" && c.status === "FAIL").reduce((s, c) => s + Number(c.n), 0);
  const errorFails = checks.filter((c) => c.severity === "ERROR" && c.status === "FAIL").reduce((s, c) => s + Number(c.n), 0);
  const passed = t.failed.length === 0;
  return [
    "",
    `GigaMart demo — ${passed ? "PASSED" : "FAILED"}: ${t.days} days from ${t.firstDay} replayed in ${t.seconds.toFixed(0)}s (warehouse ${warehouse})`,
    `  rows per layer    ${layers.map((l) => `${l.layer} ${number(l.n)}`).join(" | ")}`,
    `  duplicates removed ${dedup.map((d) => `${d.s} ${number(d.n)} ${String(d.reason).toLowerCase()}`).join(", ") || "none"}`,
    `  late events       ${late.map((l) => `${l.s} ${number(l.n)} (up to ${l.max_late} days late)`).join(", ") || "none"}`,
    `  SCD2 customers    ${number(scd2?.versions)} versions of ${number(scd2?.customers)} customers; ${number(changed?.n)} changed, up to ${scd2?.most ?? 0} versions`,
    `  assertions        ${t.assertionsRun - t.assertionsFailed} passed, ${t.assertionsFailed} failed (all runs); monitoring now: ${errorFails} ERROR and ${warnFails} WARN checks failing`,
    ...(t.failed.length > 0 ? ["  failures", ...t.failed.slice(0, 8).map((f) => `    ${f.split("\n")[0]}`)] : []),
    "  marts",
    `    daily_store_sales  ${sales.map((s) => `${s.d} ${s.store} ${s.channel} net ${money(s.net_sales)} in ${s.transactions} (basket ${money(s.average_basket)})`).join("; ")}`,
    `    daily_category_sales top categories ${categories.map((c) => `${c.category} ${money(c.net)}`).join(", ")}`,
    `    customer_360       ${segments.map((s) => `${s.segment} ${s.n}`).join(", ")}`,
    `    inventory_kpi      ${stock.map((s) => `${s.store_id}: ${number(s.quantity_on_hand)} units ${money(s.stock_value)}, ${s.out_of_stock_products} out, ${s.below_reorder_products} low, ${s.days_of_supply ?? "-"} days`).join("; ")}`,
    `    pos_sales_today    ${number(today?.n)} store-hours, net ${money(today?.net)} (today's POS straight from bronze, as streamed)`,
    ...(t.live ? liveLines(t.live) : []),
    `  reports           ${reports.join(", ")}`,
    `  try               npx gigamart query --warehouse ${warehouse} "select segment, count(*) from giga_mart.customer_360 group by 1"`,
    "",
  ].join("\n");
}
