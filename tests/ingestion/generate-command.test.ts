import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { Command } from "commander";
import { register } from "../../cli/commands/generate";
import { GROUND_TRUTH_FILE } from "../../ingestion/generate";

/** Runs `gigamart generate …` through the command's own registration; returns stdout and the error, if any. */
async function generate(args: string[]): Promise<{ stdout: string; error?: string }> {
  const program = new Command("gigamart").exitOverride();
  let err = "";
  program.configureOutput({ writeErr: (s) => (err += s), writeOut: () => undefined });
  register(program);
  program.commands.forEach((c) => c.exitOverride().configureOutput({ writeErr: (s) => (err += s) }));
  const write = process.stdout.write.bind(process.stdout);
  let stdout = "";
  process.stdout.write = ((chunk: string) => ((stdout += chunk), true)) as typeof process.stdout.write;
  try {
    await program.parseAsync(["node", "gigamart", "generate", ...args]);
    return { stdout };
  } catch (e) {
    return { stdout, error: err.trim() || (e as Error).message };
  } finally {
    process.stdout.write = write;
  }
}

describe("gigamart generate", () => {
  let tmp: string;
  before(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), "gigamart-gen-cli-"))));
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it("writes the landing folder and its ground truth with the scale and mess rates given", async () => {
    const out = path.join(tmp, "landing");
    const r = await generate(["--out", out, "--days", "2", "--start-date", "2026-09-01", "--seed", "9", "--stores", "2", "--customers", "50", "--rate-late-pos", "0.25", "--rate-malformed", "0"]);
    expect(r.error).to.equal(undefined);
    expect(r.stdout).to.match(/^wrote \d+ lines in \d+ files under /);
    const truth = JSON.parse(fs.readFileSync(path.join(out, GROUND_TRUTH_FILE), "utf8"));
    expect(truth.generator).to.include({ days: 2, startDate: "2026-09-01", seed: 9, stores: 2, customers: 50 });
    expect(truth.generator.rates).to.include({ latePos: 0.25, malformed: 0, duplicatePos: 0.02 });
    expect(truth.malformed).to.deep.equal([]);
    expect(fs.existsSync(path.join(out, "pos/2026/09/02/pos-20260902-0001.jsonl"))).to.equal(true);
  });

  it("rejects a count that is not a whole number and a rate outside 0..1, naming the flag", async () => {
    expect((await generate(["--out", path.join(tmp, "x"), "--days", "two"])).error).to.match(/--days expects a whole number, got 'two'/);
    expect((await generate(["--out", path.join(tmp, "x"), "--rate-pos-return", "1.5"])).error).to.match(/--rate-pos-return expects a share between 0 and 1, got '1.5'/);
    expect(fs.existsSync(path.join(tmp, "x"))).to.equal(false);
  });

  it("offers a flag for every mess rate", async () => {
    const program = new Command("gigamart");
    register(program);
    const flags = program.commands[0]!.options.map((o) => o.long);
    for (const flag of ["--rate-duplicate-pos", "--rate-late-pos", "--rate-malformed", "--rate-crm-late", "--rate-ecom-cancel", "--rate-stock-out", "--rate-missing-offset"]) {
      expect(flags).to.include(flag);
    }
  });
});
