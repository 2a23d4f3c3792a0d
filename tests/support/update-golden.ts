// `npm run golden:update`: rewrites tests/golden/ from the repo's actions as they compile and translate
// now, removes the goldens of actions that are gone, and says what changed. Safe to re-run.
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "../../cli/project";
import { startZetaSql } from "../../fidelity/zetasql/service";
import { generateGoldens, GOLDEN_DIR, goldenChanges, readGoldens } from "./golden-sql";

async function main(): Promise<void> {
  const service = await startZetaSql();
  try {
    const goldens = await generateGoldens(REPO_ROOT, service);
    const { changed, added, removed } = goldenChanges(goldens, readGoldens());
    for (const golden of [...changed, ...added]) {
      fs.mkdirSync(path.dirname(path.join(GOLDEN_DIR, golden.file)), { recursive: true });
      fs.writeFileSync(path.join(GOLDEN_DIR, golden.file), golden.text);
    }
    for (const file of removed) fs.rmSync(path.join(GOLDEN_DIR, file));
    for (const dir of fs.readdirSync(GOLDEN_DIR, { withFileTypes: true }).filter((d) => d.isDirectory())) {
      const full = path.join(GOLDEN_DIR, dir.name);
      if (fs.readdirSync(full).length === 0) fs.rmdirSync(full);
    }
    const list = (mark: string, files: string[]) => files.forEach((f) => process.stdout.write(`  ${mark} ${f}\n`));
    list("changed", changed.map((g) => g.file));
    list("added  ", added.map((g) => g.file));
    list("removed", removed);
    process.stdout.write(`golden SQL: ${changed.length} changed, ${added.length} added, ${removed.length} removed, ${goldens.length} files for ${goldens.length / 2} actions\n`);
  } finally {
    await service.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`golden:update: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
