// The few DOM helpers every page uses: elements from a tag and children, the page's embedded data, the
// shared header.
import { DATA_GLOBAL, PAGES, type PageName, type Pages } from "../../site-data";

type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | undefined | ((event: Event) => void)>;

/** `h("td", { class: "num" }, 42)`: attributes (on* are listeners), then children; falsy children are left out. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: (Child | Child[])[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (typeof v === "function") el.addEventListener(k.slice(2), v);
    else if (v !== undefined && v !== false) el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) el.append(typeof c === "number" ? String(c) : c);
  return el;
}

export function pageData<P extends PageName>(): Pages[P] {
  return (window as unknown as Record<string, Pages[P]>)[DATA_GLOBAL]!;
}

/** The header with the navigation, and the page's main element. */
export function layout(page: PageName, site: Pages[PageName]["site"]): HTMLElement {
  const main = h("main", { id: "main" });
  document.body.replaceChildren(
    h(
      "header",
      {},
      h("span", { class: "brand" }, "GigaMart docs"),
      h("nav", {}, PAGES.map((p) => h("a", { href: p.file, class: p.page === page ? "active" : undefined }, p.title))),
      h("span", { class: "built" }, `${site.project} · built ${new Date(site.builtAt).toLocaleString()}${site.warehouse ? "" : " · no warehouse read"}`),
    ),
    main,
  );
  return main;
}

export function section(title: string, ...children: (Child | Child[])[]): HTMLElement {
  return h("section", {}, h("h2", {}, title), ...children);
}

export const empty = (what: string) => h("p", { class: "empty" }, what);

export function table(header: string[], rows: Child[][], attrs: Attrs = {}): HTMLTableElement {
  return h("table", attrs, h("thead", {}, h("tr", {}, header.map((c) => h("th", {}, c)))), h("tbody", {}, rows.map((r) => h("tr", {}, r.map((c) => h("td", {}, c))))));
}

export const statusBadge = (status: string) => h("span", { class: `status status-${status.toLowerCase()}` }, status);

export const formatMs = (ms: number | null) => (ms === null ? "–" : ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`);
export const formatNumber = (n: number | null) => (n === null ? "–" : n.toLocaleString("en-US", { maximumFractionDigits: 2 }));
export const formatTime = (ms: number) => new Date(ms).toISOString().replace("T", " ").slice(0, 19) + " UTC";
/** The last part of a dotted name: `project.dataset.table` → `dataset.table` keeps what a reader needs. */
export const shortName = (name: string) => name.split(".").slice(-2).join(".");
