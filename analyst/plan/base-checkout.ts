import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DATAFORM_PROJECT_ENTRIES } from "../../runner/dataform/compile";

/** The branch a change is compared with when no `--base` is given. */
export const DEFAULT_BASE_BRANCH = "main";

/** A base revision's copy of the project, outside the repo, to compile beside the working tree. */
export interface BaseCheckout {
  /** the ref as given (or `merge-base(HEAD, main)`) */
  readonly ref: string;
  readonly commit: string;
  /** the project folder at that commit */
  readonly dir: string;
  remove(): void;
}

const git = (cwd: string, args: string[]): string => {
  const result = spawnSync("git", args, { cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`git ${args.join(" ")}: ${(result.stderr || result.error?.message || "failed").trim().split("\n")[0]}`);
  return result.stdout.trim();
};

/** The commit a ref names; without one, the merge base of HEAD and main, as a pull request compares. */
export function resolveBase(projectDir: string, ref?: string): { ref: string; commit: string } {
  if (ref) {
    const commit = spawnSync("git", ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`], { cwd: projectDir, encoding: "utf8" });
    if (commit.status !== 0) throw new Error(`--base ${ref}: not a commit of the repo at ${projectDir}`);
    return { ref, commit: commit.stdout.trim() };
  }
  return { ref: `merge-base(HEAD, ${DEFAULT_BASE_BRANCH})`, commit: git(projectDir, ["merge-base", "HEAD", DEFAULT_BASE_BRANCH]) };
}

/** The project's folder inside its repo ("" at the top): what is archived of a commit. */
export const projectPrefix = (projectDir: string) => git(projectDir, ["rev-parse", "--show-prefix"]);

/**
 * The project as Dataform compiles it at the base commit, in a temp folder. `git archive` reads the object store only,
 * so the repo (its worktrees, index and refs) is left as it was. The copy has no node_modules: the
 * compiler then copies in the repo's own pinned @dataform/core (runner/dataform/compile.ts), the one
 * way compile works offline (a symlinked node_modules resolves core's requires outside the project).
 */
export function checkoutBase(projectDir: string, base: { ref: string; commit: string }): BaseCheckout {
  const prefix = projectPrefix(projectDir);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gigamart-base-"));
  try {
    const tree = prefix ? `${base.commit}:${prefix}` : base.commit;
    // Only what Dataform compiles: the rest of a repo (tests, fixtures, docs) would be written and removed for nothing.
    const present = new Set(git(projectDir, ["ls-tree", "--name-only", tree]).split("\n"));
    const entries = DATAFORM_PROJECT_ENTRIES.filter((entry) => present.has(entry));
    const tar = execFileSync("git", ["archive", "--format=tar", tree, "--", ...entries], { cwd: projectDir, maxBuffer: 512 * 1024 * 1024 });
    execFileSync("tar", ["-x", "-C", dir], { input: tar });
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(`--base ${base.ref}: cannot read the project at ${base.commit.slice(0, 12)}: ${(err as Error).message.split("\n")[0]}`);
  }
  return { ...base, dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
