#!/usr/bin/env node
// `npx gigamart`: run the TypeScript entry point through tsx, so there is no build step to forget.
require("tsx/cjs");
require("./main.ts");
