import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Server } from "node:http";
import type { Browser, Page } from "puppeteer-core";
import { serveSite } from "../../docs-site/build/serve";
import { graphActions } from "../../runner/dataform/actions";
import { PAGES } from "../../docs-site/site-data";
import { DEFAULT_REPORTS_DIR } from "../../runner/report/write";
import { gigamart } from "../cli/gigamart";
import { framesDrawn, launchChromium, watchedPage } from "../support/chromium";
import { PROJECT, projectGraph, ROOT } from "../models/pipeline";
import { FAILING_ASSERTION, seedWarehouse, type SeededRuns } from "./seeded-warehouse";

// The site `gigamart docs` builds, driven in Debian's headless Chromium from file:// URLs, as a person
// opens it from disk: a small warehouse with a seeded history (good daily runs, a monitoring run, one
// BAD run whose sales_fact uniqueKey assertion fails). Screenshots go to .gigamart/reports/docs-site/.

const SCREENSHOTS = path.join(ROOT, DEFAULT_REPORTS_DIR, "docs-site");
const NET_SALES = `${PROJECT}.giga_mart.daily_store_sales.net_sales`;

describe("the docs site in headless Chromium", function () {
  this.timeout(180_000);
  let dir: string;
  let site: string;
  let seeded: SeededRuns;
  let browser: Browser;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "gigamart-docs-"));
    seeded = await seedWarehouse(await projectGraph(), dir);
    site = path.join(dir, "site");
    const built = gigamart(["docs", "--warehouse", path.join(dir, "warehouse.duckdb"), "--out", site]);
    expect(built.code, built.stderr).to.equal(0);
    expect(built.stdout.trim()).to.equal(path.join(site, "index.html"));
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Opens a page of the site; fails on any console error, uncaught exception or failed request. */
  async function open(file: string, hash = ""): Promise<{ page: Page; problems: string[] }> {
    const watched = await watchedPage(browser);
    await watched.page.goto(`file://${path.join(site, file)}${hash}`, { waitUntil: "load" });
    await watched.page.waitForSelector("main > *");
    return watched;
  }

  const rowsOf = (page: Page, selector: string) => page.$$eval(`${selector} tbody tr`, (trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent ?? "")));

  it("loads every page from file:// with no console error, no uncaught exception and no failed request, and takes its screenshot", async () => {
    for (const { page: name, file } of PAGES) {
      const { page, problems } = await open(file);
      // Charts and graphs draw on the next frames.
      await framesDrawn(page);
      await new Promise((r) => setTimeout(r, 300));
      await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
      expect(problems, file).to.deep.equal([]);
      expect(await page.$eval("header nav a.active", (a) => a.textContent), file).to.equal(PAGES.find((p) => p.file === file)!.title);
      await page.close();
    }
    for (const { page } of PAGES) expect(fs.statSync(path.join(SCREENSHOTS, `${page}.png`)).size, page).to.be.greaterThan(10_000);
  });

  it("lists every action of the compiled graph in the catalog", async () => {
    const { page, problems } = await open("index.html");
    const listed = await page.$$eval("#tree a", (as) => as.map((a) => a.getAttribute("href")));
    const actions = graphActions(await projectGraph()).map((a) => `#table=${encodeURIComponent(a.name)}`);
    expect([...listed].sort()).to.deep.equal([...actions].sort());
    expect(problems).to.deep.equal([]);
  });

  it("finds a column by searching the catalog, and opens its table with the column marked", async () => {
    const { page, problems } = await open("index.html");
    await page.type("#search", "unknown_customer_transactions");
    const hits = await page.$$eval("#results a", (as) => as.map((a) => ({ text: a.textContent, href: a.getAttribute("href") })));
    expect(hits.map((h) => h.text)).to.include("giga_mart.daily_store_sales.unknown_customer_transactions");
    await page.click(`#results a[href="#table=${encodeURIComponent(`${PROJECT}.giga_mart.daily_store_sales`)}&column=unknown_customer_transactions"]`);
    await page.waitForSelector("#detail code.marked");
    expect(await page.$eval("#detail h1", (e) => e.textContent)).to.equal(`${PROJECT}.giga_mart.daily_store_sales`);
    expect(await page.$eval("#detail code.marked", (e) => e.textContent)).to.equal("unknown_customer_transactions");
    // Its GoogleSQL type as the analyzer resolved it, and its description from the SQLX.
    const row = (await rowsOf(page, "#detail table.columns")).find((r) => r[0] === "unknown_customer_transactions")!;
    expect(row.slice(1, 3)).to.deep.equal(["INT64", "POS transactions whose record did not send customer_id: neither walk-ins nor identified customers."]);
    expect(problems).to.deep.equal([]);
  });

  it("shows the bronze giga_raw columns that daily_store_sales.net_sales is computed from", async () => {
    const { page, problems } = await open("lineage.html", `#column=${encodeURIComponent(NET_SALES)}`);
    await page.waitForSelector("#origins");
    await page.screenshot({ path: path.join(SCREENSHOTS, "lineage-net-sales.png"), fullPage: true });
    const origins = await rowsOf(page, "#origins");
    const columns = origins.map((r) => r[0]);
    expect(columns).to.include.members(["giga_raw.raw_pos_transactions.lines", "giga_raw.raw_ecom_orders.items"]);
    for (const c of columns) expect(c, "every origin is a bronze column").to.match(/^giga_raw\./);
    expect((await rowsOf(page, "#sources")).map((r) => r[0])).to.deep.equal(["giga_curated.sales_fact.net_amount"]);
    // The upstream columns are drawn as a graph: the column, the silver and staging columns between, the bronze ones.
    expect(await page.$$eval("#column-graph canvas", (cs) => cs.length)).to.be.greaterThan(0);
    expect(Number(await page.$eval("#column-graph", (e) => e.getAttribute("data-nodes")))).to.be.greaterThan(2 + origins.length);
    // The whole project's graph, assertions included on demand.
    await page.click("#show-assertions");
    await framesDrawn(page);
    expect(problems).to.deep.equal([]);
  });

  it("shows the failed assertion of the seeded bad run with its failing rows", async () => {
    const { page, problems } = await open("runs.html");
    expect(await page.$eval("#run h2", (e) => e.textContent)).to.equal(`Run ${seeded.bad.runId}`);
    const failed = await page.$$eval("#assertions details.status-fail", (ds) =>
      ds.map((d) => ({ name: d.querySelector("summary")?.textContent ?? "", open: d.hasAttribute("open"), cells: [...d.querySelectorAll("td")].map((td) => td.textContent) })),
    );
    const shown = failed.find((f) => f.name.includes(FAILING_ASSERTION.split(".").slice(-2).join(".")));
    expect(shown, `failed assertions shown: ${failed.map((f) => f.name).join("; ")}`).to.not.equal(undefined);
    expect(shown!.open).to.equal(true);
    expect(shown!.cells).to.include(seeded.duplicatedLine);
    // The action timeline of the bad run marks the failure; the history grids have a column per run, and per monitoring run.
    expect(await page.$$eval(".timeline .bar.status-failed", (bars) => bars.length)).to.be.greaterThan(0);
    expect(await page.$$eval("#assertion-grid thead th", (ths) => ths.length - 1)).to.equal(seeded.good.length + 1);
    expect(await page.$$eval("#dq-grid thead th", (ths) => ths.length - 1)).to.equal(1);
    expect(problems).to.deep.equal([]);
  });

  it("draws each dated source's volume against its band, and the three mart charts", async () => {
    const monitoring = await open("monitoring.html");
    await framesDrawn(monitoring.page);
    for (const source of ["pos", "ecom", "inventory"]) expect(await monitoring.page.$$eval(`#volume-${source} canvas`, (cs) => cs.length), source).to.equal(1);
    const marts = await open("marts.html");
    await framesDrawn(marts.page);
    expect(await marts.page.$$eval("main section figure.chart canvas", (cs) => cs.length)).to.equal(3);
    expect((await rowsOf(marts.page, "#category-mix")).length).to.be.greaterThan(1);
    expect([...monitoring.problems, ...marts.problems]).to.deep.equal([]);
  });

  it("serves the same site over http on localhost for --serve", async () => {
    let server: Server | undefined;
    try {
      server = await serveSite(site, 0);
      const port = (server.address() as { port: number }).port;
      const { page, problems } = await watchedPage(browser).then(async (w) => {
        await w.page.goto(`http://127.0.0.1:${port}/marts.html`, { waitUntil: "load" });
        return w;
      });
      await page.waitForSelector("main > section");
      expect(await page.$$eval("figure.chart canvas", (cs) => cs.length)).to.be.greaterThan(0);
      expect((await fetch(`http://127.0.0.1:${port}/%2e%2e/package.json`)).status).to.equal(404);
      expect(problems).to.deep.equal([]);
    } finally {
      server?.close();
    }
  });
});

describe("gigamart docs --out", function () {
  this.timeout(60_000);
  it("refuses a folder that holds something other than a docs site, and leaves it as it was", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gigamart-docs-out-"));
    try {
      fs.mkdirSync(path.join(dir, "data"));
      fs.writeFileSync(path.join(dir, "data", "keep.csv"), "a,b\n");
      const refused = gigamart(["docs", "--out", dir]);
      expect(refused.code).to.not.equal(0);
      expect(refused.stderr).to.contain(`gigamart: ${dir}: not empty and not a docs site`);
      expect(fs.readdirSync(dir)).to.deep.equal(["data"]);
      expect(fs.readFileSync(path.join(dir, "data", "keep.csv"), "utf8")).to.equal("a,b\n");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
