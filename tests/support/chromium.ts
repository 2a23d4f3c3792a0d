// Debian's Chromium, headless, driven from Node by puppeteer-core (which downloads no browser of its
// own): the docs site's browser test and its benchmark. Every page opened records its console errors,
// uncaught exceptions and failed requests, so a caller can require there were none.
import puppeteer, { type Browser, type Page } from "puppeteer-core";

export const CHROMIUM = process.env.GIGAMART_CHROMIUM ?? "/usr/bin/chromium";

export interface WatchedPage {
  page: Page;
  /** console errors, uncaught exceptions and failed requests, one line each */
  problems: string[];
}

export function launchChromium(): Promise<Browser> {
  return puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--allow-file-access-from-files"],
    defaultViewport: { width: 1400, height: 900 },
  });
}

export async function watchedPage(browser: Browser): Promise<WatchedPage> {
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console error: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`uncaught: ${e instanceof Error ? e.message : String(e)}`));
  page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`));
  page.on("response", (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  return { page, problems };
}

/** Resolves after the page has drawn two more frames: what charts and graphs draw after `load` is on screen. */
export async function framesDrawn(page: Page): Promise<void> {
  // A string: the test's TypeScript has no DOM library.
  await page.evaluate("new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))");
}
