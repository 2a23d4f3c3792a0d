#!/usr/bin/env node
// `npx gigamart`: run the TypeScript entry point through tsx, so there is no build step to forget.
// Both of tsx's hooks, as its own CLI registers them: the CommonJS hook serves `require`; `import()`
// (the Google client libraries are loaded lazily with one) goes through Node's ESM loader, which
// only the ESM hook teaches to resolve and load .ts files. tsx's ESM API is imported, not required:
// its CommonJS build points its loader at a path that does not exist (tsx 4.23).
require("tsx/cjs/api").register();
import("tsx/esm/api").then(({ register }) => {
  register();
  require("./main.ts");
});
