// Lineage: the action graph (dependencies, left to right, by dataset) and column lineage: a column's
// direct sources, its origins in the bronze tables, and its upstream columns as a graph
// (`#column=project.dataset.table.column`; `#table=NAME` lists a table's columns).
import cytoscape from "cytoscape";
import dagre from "cytoscape-dagre";
import type { LineageColumn } from "../../site-data";
import { empty, h, layout, pageData, section, shortName, table } from "../shared/dom";
import { PALETTE } from "../shared/charts";

cytoscape.use(dagre);
const data = pageData<"lineage">();
const main = layout("lineage", data.site);
const datasets = [...new Set(data.actions.map((a) => a.dataset))].sort();
const colorOf = (dataset: string) => PALETTE[datasets.indexOf(dataset) % PALETTE.length]!;
const kindOf = new Map(data.actions.map((a) => [a.name, a.kind]));

const showAssertions = h("input", { type: "checkbox", id: "show-assertions" });
const graphBox = h("div", { id: "action-graph", class: "graph" });
const panel = h("div", { id: "lineage-panel" });
main.append(
  h("div", { class: "toolbar" }, h("label", {}, showAssertions, " show assertions"), h("span", { class: "legend" }, datasets.map((d) => h("span", { class: "swatch", style: `--c: ${colorOf(d)}` }, d)))),
  graphBox,
  panel,
);

const style: cytoscape.StylesheetJson = [
  { selector: "node", style: { label: "data(label)", "background-color": "data(color)", color: "#111", "font-size": 12, "text-valign": "bottom", "text-halign": "center", "text-margin-y": 2, width: 12, height: 12 } },
  { selector: "edge", style: { width: 1, "line-color": "#bbb", "target-arrow-color": "#bbb", "target-arrow-shape": "triangle", "curve-style": "bezier", "arrow-scale": 0.7 } },
  { selector: ".faded", style: { opacity: 0.15 } },
  { selector: "node.selected", style: { "border-width": 3, "border-color": "#111", "font-weight": "bold" } },
];

let actionGraph: cytoscape.Core | undefined;
function drawActions(): void {
  const shown = data.actions.filter((a) => showAssertions.checked || a.kind !== "assertion");
  const names = new Set(shown.map((a) => a.name));
  actionGraph?.destroy();
  actionGraph = cytoscape({
    container: graphBox,
    elements: [
      ...shown.map((a) => ({ data: { id: a.name, label: shortName(a.name), color: colorOf(a.dataset) } })),
      ...data.edges.filter((e) => names.has(e.from) && names.has(e.to)).map((e) => ({ data: { id: `${e.from}->${e.to}`, source: e.from, target: e.to } })),
    ],
    style,
    layout: { name: "dagre", rankDir: "LR", nodeSep: 18, rankSep: 180 } as cytoscape.LayoutOptions,
    maxZoom: 2,
  });
  actionGraph.on("tap", "node", (event) => {
    location.hash = `table=${encodeURIComponent(event.target.id() as string)}`;
  });
  route();
}
showAssertions.addEventListener("change", drawActions);

const lineageOf = (table: string, column: string): LineageColumn | undefined => data.columns[table]?.find((c) => c.column === column);

/** Highlights the tables a column's lineage passes through. */
function highlight(tables: Set<string>): void {
  if (!actionGraph) return;
  actionGraph.elements().removeClass("faded selected");
  if (tables.size === 0) return;
  actionGraph.nodes().forEach((n) => {
    if (!tables.has(n.id())) n.addClass("faded");
    else n.addClass("selected");
  });
  actionGraph.edges().forEach((e) => {
    if (!tables.has(e.source().id()) || !tables.has(e.target().id())) e.addClass("faded");
  });
}

/** The columns a column is computed from, through every action: nodes and edges of its upstream graph. */
function upstream(table: string, column: string) {
  const nodes = new Map<string, { table: string; column: string }>();
  const edges: { from: string; to: string; derivation: string }[] = [];
  const visit = (t: string, c: string) => {
    const id = `${t}.${c}`;
    if (nodes.has(id)) return;
    nodes.set(id, { table: t, column: c });
    for (const s of lineageOf(t, c)?.sources ?? []) {
      edges.push({ from: `${s.table}.${s.column}`, to: id, derivation: s.derivation });
      visit(s.table, s.column);
    }
  };
  visit(table, column);
  return { nodes, edges };
}

let columnGraph: cytoscape.Core | undefined;
function showColumn(table: string, column: string): void {
  const entry = lineageOf(table, column);
  columnGraph?.destroy();
  if (!entry) {
    panel.replaceChildren(empty(`No lineage for ${table}.${column}: no action writes it (a source column), or it is not a column of a table.`));
    highlight(new Set([table]));
    return;
  }
  const { nodes, edges } = upstream(table, column);
  const box = h("div", { id: "column-graph", class: "graph small", "data-nodes": nodes.size });
  const ref = (r: { table: string; column: string }) => h("a", { href: `#column=${encodeURIComponent(`${r.table}.${r.column}`)}` }, `${shortName(r.table)}.${r.column}`);
  panel.replaceChildren(
    h("h1", {}, `${shortName(table)}.${column}`),
    section("Origins (tables no action writes)", tableOf(["source column", "derivation"], entry.origins.map((o) => [ref(o), o.derivation]), "origins")),
    section("Direct sources", tableOf(["source column", "derivation"], entry.sources.map((s) => [ref(s), s.derivation]), "sources")),
    section("Upstream columns", box),
  );
  highlight(new Set([...nodes.values()].map((n) => n.table)));
  columnGraph = cytoscape({
    container: box,
    elements: [
      ...[...nodes].map(([id, n]) => ({ data: { id, label: `${shortName(n.table)}.${n.column}`, color: colorOf(n.table.split(".").at(-2) ?? "") } })),
      ...edges.map((e) => ({ data: { id: `${e.from}->${e.to}`, source: e.from, target: e.to, derivation: e.derivation } })),
    ],
    style: [...style, { selector: 'edge[derivation = "transform"]', style: { "line-style": "dashed" } }],
    layout: { name: "dagre", rankDir: "RL", nodeSep: 24, rankSep: 200 } as cytoscape.LayoutOptions,
    maxZoom: 1.2,
  });
  columnGraph.on("tap", "node", (event) => {
    location.hash = `column=${encodeURIComponent(event.target.id() as string)}`;
  });
}

const tableOf = (header: string[], rows: (Node | string)[][], id: string) => (rows.length ? table(header, rows, { id }) : empty("None."));

function showTable(name: string): void {
  columnGraph?.destroy();
  const columns = data.columns[name] ?? [];
  panel.replaceChildren(
    h("h1", {}, name),
    h("p", {}, h("a", { href: `index.html#table=${encodeURIComponent(name)}` }, "in the catalog"), ` · ${kindOf.get(name) ?? ""}`),
    columns.length
      ? table(["column", "direct sources", "origins"], columns.map((c) => [
          h("a", { href: `#column=${encodeURIComponent(`${name}.${c.column}`)}` }, c.column),
          c.sources.map((s) => `${shortName(s.table)}.${s.column}`).join(", "),
          String(c.origins.length),
        ]))
      : empty("This action writes no column lineage (a declaration, an assertion, or an operation without output)."),
  );
  highlight(new Set([name]));
}

function route(): void {
  const params = new URLSearchParams(location.hash.slice(1));
  const column = params.get("column");
  const tableName = params.get("table");
  if (column) {
    const at = column.lastIndexOf(".");
    showColumn(column.slice(0, at), column.slice(at + 1));
  } else if (tableName) showTable(tableName);
  else {
    highlight(new Set());
    // A mart column as an example: the first one whose origins lie in other tables.
    const example = Object.entries(data.columns).flatMap(([t, cs]) => cs.filter((c) => c.origins.length > 0).map((c) => `${t}.${c.column}`)).find((c) => c.includes("mart"));
    panel.replaceChildren(
      h("p", { class: "empty" }, "Pick a table in the graph, or a column in the catalog, to see where its values come from", example ? [", e.g. ", h("a", { href: `#column=${encodeURIComponent(example)}` }, shortName(example))] : null, "."),
    );
  }
}
window.addEventListener("hashchange", route);
drawActions();
