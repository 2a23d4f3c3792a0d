#!/usr/bin/env node
// `npx gigamart`: run the TypeScript entry point through tsx, so there is no build step to forget.
// tsx's CommonJS hook serves `require`; main.ts adds its ESM hook for the commands that need it.
require("tsx/cjs/api").register();
require("./main.ts");
