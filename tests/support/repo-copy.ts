// A copy of this repo's Dataform project in a temp git repository whose first commit, on `main`, is
// the base a test's edits are planned and diffed against.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "../..");
const PROJECT_FILES = ["definitions", "includes", "workflow_settings.yaml", "package.json"];

export class RepoCopy {
  private constructor(readonly dir: string) {}

  static create(): RepoCopy {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gigamart-analyst-"));
    for (const entry of PROJECT_FILES) fs.cpSync(path.join(ROOT, entry), path.join(dir, entry), { recursive: true });
    const copy = new RepoCopy(dir);
    copy.git("init", "--quiet", "--initial-branch=main");
    copy.git("add", "--all");
    copy.git("-c", "user.name=test", "-c", "user.email=test@example.com", "commit", "--quiet", "--message", "base");
    return copy;
  }

  git(...args: string[]): string {
    return execFileSync("git", args, { cwd: this.dir, encoding: "utf8" });
  }

  /** Edits a file of the working tree: `from` must occur in it exactly once. */
  edit(file: string, from: string, to: string): void {
    const full = path.join(this.dir, file);
    const text = fs.readFileSync(full, "utf8");
    if (text.split(from).length !== 2) throw new Error(`${file}: expected exactly one ${JSON.stringify(from)}`);
    fs.writeFileSync(full, text.replace(from, to));
  }

  remove(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
