// Marts: daily net sales by store and channel, the category mix, and stock-outs by store, from the
// giga_mart tables.
import { chart, daySeconds } from "../shared/charts";
import { empty, formatNumber, layout, pageData, section, table } from "../shared/dom";

const data = pageData<"marts">();
const main = layout("marts", data.site);

const days = [...new Set(data.storeSales.map((r) => r.sales_date))].sort();
const lines = [...new Set(data.storeSales.map((r) => `${r.store} · ${r.channel}`))].sort();
const value = new Map(data.storeSales.map((r) => [`${r.sales_date}|${r.store} · ${r.channel}`, r.net_sales]));
const sales = section(
  "Daily net sales by store and channel (daily_store_sales)",
  days.length
    ? chart({ title: "net sales", x: days.map(daySeconds), series: lines.map((l) => ({ label: l, values: days.map((d) => value.get(`${d}|${l}`) ?? null) })), height: 300 })
    : empty("daily_store_sales is empty or not built yet."),
);

const categories = [...new Set(data.categoryMix.map((r) => r.category))];
const channels = [...new Set(data.categoryMix.map((r) => r.channel))].sort();
const total = data.categoryMix.reduce((s, r) => s + r.net_sales, 0);
const mixOf = (category: string, channel: string) => data.categoryMix.find((r) => r.category === category && r.channel === channel)?.net_sales ?? 0;
const mix = section(
  "Category mix: net sales over the whole period (daily_category_sales)",
  categories.length
    ? [
        chart({ title: "net sales by category", x: categories.map((_, i) => i), categories, series: channels.map((c) => ({ label: c, values: categories.map((k) => mixOf(k, c)) })), bars: true }),
        table(
          ["category", ...channels, "share"],
          categories.map((k) => [k, ...channels.map((c) => formatNumber(mixOf(k, c))), `${((channels.reduce((s, c) => s + mixOf(k, c), 0) / (total || 1)) * 100).toFixed(1)} %`]),
          { id: "category-mix" },
        ),
      ]
    : empty("daily_category_sales is empty or not built yet."),
);

const stores = data.stockOuts.map((r) => r.store);
const stock = section(
  "Inventory stock-outs by store, latest snapshot (inventory_kpi)",
  stores.length
    ? [
        chart({
          title: "products out of stock, below reorder point, and product-days out of stock in 28 days",
          x: stores.map((_, i) => i),
          categories: stores,
          series: [
            { label: "out of stock", values: data.stockOuts.map((r) => r.out_of_stock_products), color: "#dc2626" },
            { label: "below reorder", values: data.stockOuts.map((r) => r.below_reorder_products), color: "#d97706" },
            { label: "stock-out days 28d", values: data.stockOuts.map((r) => r.stock_out_days_28d), color: "#475569" },
          ],
          bars: true,
        }),
        table(["store", "snapshot", "out of stock", "below reorder", "stock-out days 28d"], data.stockOuts.map((r) => [r.store, r.snapshot_date, r.out_of_stock_products, r.below_reorder_products, r.stock_out_days_28d])),
      ]
    : empty("inventory_kpi is empty or not built yet."),
);
main.append(sales, mix, stock);
