import { expect } from "chai";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { sources } from "../../ingestion/contracts";
import { describeLandingProblems, scanLanding } from "../../ingestion/load/landing";
import { tempDir, writeFiles } from "./helpers";

const POS_LINE = '{"transaction_id":"T1"}\n';

describe("landing folder scan", () => {
  it("names a top-level folder that is not a source's, even when another source is asked for", () => {
    const dir = tempDir("landing-unknown");
    writeFiles(dir, { "ecom/2026/11/27/orders.csv": "order_id\n1\n", "pos/2026/11/27/a.jsonl": POS_LINE, "notes.txt": "hi" });
    const scan = scanLanding(dir, sources.filter((s) => s.name === "pos"));
    expect(scan.files.map((f) => f.name)).to.deep.equal(["pos/2026/11/27/a.jsonl"]);
    expect(scan.problems.map((p) => p.name)).to.deep.equal(["ecom/", "notes.txt"]);
    expect(scan.problems[0]!.why).to.match(/not a source folder \(expected one of: .*ecom-orders/);
  });

  it("refuses symlinks by name, whether they point inside the landing folder, outside it or in a loop", () => {
    const dir = tempDir("landing-links");
    const outside = tempDir("landing-outside");
    writeFiles(dir, { "pos/real.jsonl": POS_LINE });
    writeFiles(outside, { "secret.jsonl": POS_LINE });
    fs.symlinkSync(path.join(dir, "pos/real.jsonl"), path.join(dir, "pos/inside.jsonl"));
    fs.symlinkSync(path.join(outside, "secret.jsonl"), path.join(dir, "pos/outside.jsonl"));
    fs.symlinkSync(path.join(dir, "pos"), path.join(dir, "pos/loop"));
    fs.symlinkSync(outside, path.join(dir, "crm-profiles"));
    const scan = scanLanding(dir, sources);
    expect(scan.files.map((f) => f.name)).to.deep.equal(["pos/real.jsonl"]);
    expect(scan.problems.map((p) => [p.name, p.why.split(" ")[0]])).to.deep.equal([
      ["crm-profiles", "symlink"],
      ["pos/inside.jsonl", "symlink"],
      ["pos/loop", "symlink"],
      ["pos/outside.jsonl", "symlink"],
    ]);
  });

  it("names an entry that is not a regular file", () => {
    const dir = tempDir("landing-fifo");
    writeFiles(dir, { "pos/a.jsonl": POS_LINE });
    execFileSync("mkfifo", [path.join(dir, "pos/pipe.jsonl")]);
    expect(scanLanding(dir, sources).problems).to.deep.equal([{ name: "pos/pipe.jsonl", why: "not a regular file" }]);
  });

  it("skips hidden entries and the generator's _ground_truth.json at the top", () => {
    const dir = tempDir("landing-hidden");
    writeFiles(dir, { "_ground_truth.json": "{}", ".DS_Store": "x", "pos/.partial.jsonl": POS_LINE, "pos/a.jsonl": POS_LINE });
    const scan = scanLanding(dir, sources);
    expect(scan).to.deep.include({ problems: [] });
    expect(scan.files.map((f) => f.name)).to.deep.equal(["pos/a.jsonl"]);
  });

  it("describes the problems in one line first, then one line each", () => {
    const text = describeLandingProblems("land", [
      { name: "ecom/", why: "not a source folder" },
      { name: "pos/x", why: "symlink" },
    ]);
    expect(text.split("\n")).to.deep.equal(["landing folder land: 2 entries not loaded: ecom/, pos/x", "  ecom/: not a source folder", "  pos/x: symlink"]);
  });
});
