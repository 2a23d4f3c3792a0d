#!/usr/bin/env node
// `npx gigamart`: run the TypeScript entry point through tsx, so there is no build step to forget.
// tsx's CommonJS hook serves `require`; main.ts adds its ESM hook for the commands that need it.
if (process.argv[2] === "query") {
  // `query` streams its rows through short-lived strings and DuckDB chunks whose native memory is freed
  // only when their wrappers are collected; V8 grows its heap less eagerly with this flag. Measured on
  // 1 M rows (CSV, bench/query.ts' table), the peak went from 226 MB to 207 MB. Set before the modules
  // load, while the heap is still small.
  require("node:v8").setFlagsFromString("--optimize-for-size");
}
require("tsx/cjs/api").register();
require("./main.ts");
