// Catalog: every dataset, table and column, searchable; one table's details at a time (`#table=NAME`,
// `&column=COL` marks a column).
import type { CatalogTable } from "../../site-data";
import { empty, h, layout, pageData, section, shortName, table } from "../shared/dom";

const data = pageData<"catalog">();
const main = layout("catalog", data.site);
const byName = new Map(data.tables.map((t) => [t.name, t]));

interface Hit {
  table: CatalogTable;
  column?: string;
  text: string;
}

/** Every table and column with the words it is found by. */
const index: Hit[] = data.tables.flatMap((t) => [
  { table: t, text: [t.name, t.description, t.kind, ...t.tags, t.file].join(" ").toLowerCase() },
  ...t.columns.map((c) => ({ table: t, column: c.name, text: [t.table, c.name, c.type, c.description].join(" ").toLowerCase() })),
]);

function search(query: string): Hit[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [];
  // Tables and their columns before the assertions over them, whose views repeat the same columns.
  const found = index.filter((hit) => words.every((w) => hit.text.includes(w)));
  return [...found.filter((hit) => hit.table.kind !== "assertion"), ...found.filter((hit) => hit.table.kind === "assertion")].slice(0, 200);
}

const link = (t: CatalogTable, column?: string) => `#table=${encodeURIComponent(t.name)}${column ? `&column=${encodeURIComponent(column)}` : ""}`;

const input = h("input", { type: "search", id: "search", placeholder: "Search tables, columns, descriptions, tags…", autocomplete: "off" });
const results = h("div", { id: "results" });
/** Datasets by layer, bronze first; assertions last and folded. */
const LAYER = ["raw", "curated", "mart", "monitoring", "assertions"];
const layerOf = (d: string) => {
  const at = LAYER.findIndex((l) => d.includes(l));
  return at < 0 ? LAYER.length : at;
};
const datasets = [...new Set(data.tables.map((t) => t.dataset))].sort((a, b) => layerOf(a) - layerOf(b) || a.localeCompare(b));
const tree = h(
  "div",
  { id: "tree" },
  datasets.map((d) =>
    h(
      "details",
      { open: !d.includes("assertions") },
      h("summary", {}, d, h("span", { class: "count" }, data.tables.filter((t) => t.dataset === d).length)),
      h("ul", {}, data.tables.filter((t) => t.dataset === d).map((t) => h("li", {}, h("a", { href: link(t), class: `kind-${t.kind}` }, t.table)))),
    ),
  ),
);
const detail = h("div", { id: "detail" });
main.append(h("div", { class: "split" }, h("aside", {}, input, results, tree), detail));

function showResults(): void {
  const hits = search(input.value);
  tree.hidden = input.value.trim() !== "";
  results.replaceChildren(
    ...(input.value.trim() === ""
      ? []
      : hits.length === 0
        ? [empty("Nothing matches.")]
        : [h("ul", { class: "hits" }, hits.map((hit) => h("li", {}, h("a", { href: link(hit.table, hit.column), class: hit.column ? "hit-column" : "hit-table" }, hit.column ? `${shortName(hit.table.name)}.${hit.column}` : shortName(hit.table.name)))))]),
  );
}
input.addEventListener("input", showResults);

function showTable(t: CatalogTable, column?: string): void {
  const facts: [string, Node | string][] = [
    ["kind", t.kind],
    ["file", t.file],
    ...(t.partitionBy ? [["partitioned by", t.partitionBy] as [string, string]] : []),
    ...(t.clusterBy?.length ? [["clustered by", t.clusterBy.join(", ")] as [string, string]] : []),
    ...(t.tags.length ? [["tags", t.tags.join(", ")] as [string, string]] : []),
    ["schedules", t.schedules.length ? t.schedules.map((s) => `${s.tag} (${s.cron}, ${s.timeZone})`).join("; ") : "none (run on demand)"],
    ...(t.owners.length ? [["owners", t.owners.join(", ")] as [string, string]] : []),
    ...(Object.keys(t.labels).length ? [["labels", Object.entries(t.labels).map(([k, v]) => `${k}=${v}`).join(", ")] as [string, string]] : []),
  ];
  const deps = t.dependencies.map((d) => byName.get(d));
  const parts = [
    h("h1", {}, t.name),
    t.description ? h("p", { class: "description" }, t.description) : empty("No description."),
    h("dl", { class: "facts" }, facts.flatMap(([k, v]) => [h("dt", {}, k), h("dd", {}, v)])),
    section(
      `Columns (${t.columns.length})`,
      t.columns.length === 0
        ? empty("No columns (an operation without output, or a declaration without a contract).")
        : table(
            ["column", "type", "description", ""],
            t.columns.map((c) => [
              h("code", { class: c.name === column ? "marked" : undefined, id: `col-${c.name}` }, c.name),
              h("code", {}, c.type ?? "?"),
              c.description ?? "",
              t.kind === "declaration" ? "" : h("a", { href: `lineage.html#column=${encodeURIComponent(`${t.name}.${c.name}`)}` }, "lineage"),
            ]),
            { class: "columns" },
          ),
    ),
    deps.length ? section("Depends on", h("ul", {}, deps.map((d, i) => h("li", {}, d ? h("a", { href: link(d) }, d.name) : t.dependencies[i]!)))) : null,
    section("Compiled SQL", t.sql.length ? t.sql.map((s) => h("details", {}, h("summary", {}, s.label), h("pre", {}, s.text))) : empty("Nothing runs: a declaration names a table another system writes.")),
    t.source ? section("Source", h("details", {}, h("summary", {}, t.file), h("pre", {}, t.source))) : null,
  ];
  detail.replaceChildren(...parts.filter((p): p is HTMLElement => p !== null));
  if (column) document.getElementById(`col-${column}`)?.scrollIntoView({ block: "center" });
}

function route(): void {
  const params = new URLSearchParams(location.hash.slice(1));
  const t = byName.get(params.get("table") ?? "") ?? data.tables.find((x) => x.dataset.includes("mart")) ?? data.tables[0];
  if (t) showTable(t, params.get("column") ?? undefined);
}
window.addEventListener("hashchange", route);
route();
