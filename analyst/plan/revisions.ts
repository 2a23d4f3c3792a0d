import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { compileOptions, compileForProject, projectContext, type ProjectContext, type ProjectFlags } from "../../cli/project";
import { compileProject, type CompileOptions } from "../../runner/dataform/compile";
import type { CompiledGraph } from "../../runner/dataform/compiled-graph";
import { checkoutBase, projectPrefix, resolveBase } from "./base-checkout";

/** The working tree and the base revision of one project, each compiled as `gigamart compile` would. */
export interface Revisions {
  head: CompiledGraph;
  base: CompiledGraph;
  /** the working tree's context: its config, project and warehouse apply to both */
  context: ProjectContext;
  baseRef: { ref: string; commit: string };
}

/** Compiled base graphs, by commit, folder and options: a commit's compilation never changes (Dataform compiles deterministically). */
const CACHE_DIR = path.join(os.tmpdir(), "gigamart-plan-cache");
const CORE_VERSION = (require("@dataform/core/package.json") as { version: string }).version;

async function compileBase(context: ProjectContext, flags: ProjectFlags, base: { ref: string; commit: string }): Promise<CompiledGraph> {
  const { projectDir: _dir, ...options } = compileOptions(context, flags) satisfies CompileOptions;
  const key = createHash("sha256").update(JSON.stringify([base.commit, projectPrefix(context.dir), options, CORE_VERSION])).digest("hex");
  const cached = path.join(CACHE_DIR, `${key}.json`);
  if (fs.existsSync(cached)) return JSON.parse(fs.readFileSync(cached, "utf8")) as CompiledGraph;
  const checkout = checkoutBase(context.dir, base);
  try {
    const graph = await compileProject({ ...options, projectDir: checkout.dir }).catch((err: Error) => {
      throw new Error(`base ${base.ref} (${base.commit.slice(0, 12)}): ${err.message}`);
    });
    fs.mkdirSync(CACHE_DIR, { recursive: true });
    // Written whole, then renamed: a concurrent reader never sees half a file.
    fs.writeFileSync(`${cached}.${process.pid}`, JSON.stringify(graph));
    fs.renameSync(`${cached}.${process.pid}`, cached);
    return graph;
  } finally {
    checkout.remove();
  }
}

/** Compiles the working tree and the base side by side (the base once per commit and options). */
export async function compileRevisions(flags: ProjectFlags, baseRef?: string): Promise<Revisions> {
  const context = projectContext(flags);
  const base = resolveBase(context.dir, baseRef);
  const [{ graph: head }, baseGraph] = await Promise.all([compileForProject(flags), compileBase(context, flags, base)]);
  return { head, base: baseGraph, context, baseRef: base };
}
