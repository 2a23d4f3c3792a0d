// The browser code, bundled by esbuild when the site is built: one script per page (an IIFE, since
// module scripts do not load from file:// URLs) and one stylesheet, libraries included, nothing
// fetched at run time. Nothing generated is committed: esbuild takes well under a second.
import * as path from "node:path";
import { build } from "esbuild";
import type { PageName } from "../site-data";

const APP = path.resolve(__dirname, "../app");

export async function bundleApp(pages: readonly PageName[], outDir: string): Promise<void> {
  await build({
    entryPoints: [...pages.map((p) => ({ in: path.join(APP, "pages", `${p}.ts`), out: p })), { in: path.join(APP, "style.css"), out: "style" }],
    outdir: outDir,
    bundle: true,
    format: "iife",
    minify: true,
    target: "chrome110",
    legalComments: "none",
    logLevel: "silent",
  });
}
