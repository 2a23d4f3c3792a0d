import * as fs from "node:fs";
import * as path from "node:path";

/** `npm run bench [area...]`: each bench/<area>.ts exports run(); results go to bench/results/<area>.json. */
const AREAS = fs
  .readdirSync(__dirname)
  .filter((f) => f.endsWith(".ts") && f !== "main.ts")
  .map((f) => f.replace(/\.ts$/, ""));

async function main() {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((w) => !AREAS.includes(w));
  if (unknown.length > 0) throw new Error(`bench: unknown area ${unknown.join(", ")} (have: ${AREAS.join(", ")})`);
  const outDir = path.join(__dirname, "results");
  fs.mkdirSync(outDir, { recursive: true });
  let failed = false;
  for (const area of wanted.length > 0 ? wanted : AREAS) {
    process.stderr.write(`bench ${area}…\n`);
    const result = await (require(`./${area}`) as { run: () => Promise<Record<string, unknown>> }).run();
    fs.writeFileSync(path.join(outDir, `${area}.json`), JSON.stringify(result, null, 2) + "\n");
    process.stdout.write(JSON.stringify({ area, ...result }) + "\n");
    if (result.meets_target === false) failed = true;
  }
  if (failed) process.exitCode = 1;
}

main().catch((e) => {
  process.stderr.write(`bench: ${e instanceof Error ? e.message : e}\n`);
  process.exit(1);
});
