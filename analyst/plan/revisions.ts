import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { compileOptions, projectContext, type ProjectContext } from "../../cli/project";
import type { ProjectFlags } from "../../cli/project-options";
import { compileProject, DATAFORM_PROJECT_ENTRIES, type CompileOptions } from "../../runner/dataform/compile";
import type { CompiledGraph } from "../../runner/dataform/compiled-graph";
import { cachedJson } from "../json-cache";
import { checkoutBase, projectPrefix, resolveBase } from "./base-checkout";

/** The working tree and the base revision of one project, each compiled as `gigamart compile` would. */
export interface Revisions {
  head: CompiledGraph;
  base: CompiledGraph;
  /** the working tree's context: its config, project and warehouse apply to both */
  context: ProjectContext;
  baseRef: { ref: string; commit: string };
}

/**
 * Compiled graphs, by what they are a function of: Dataform compiles deterministically from the project's
 * files and the compile options, so `plan` then `diff` of one working tree compile it once, and a base
 * commit compiles once.
 */
const CACHE_DIR = path.join(os.tmpdir(), "gigamart-plan-cache");
const CORE_VERSION = (require("@dataform/core/package.json") as { version: string }).version;

const cached = (key: unknown[], compile: () => Promise<CompiledGraph>) => cachedJson(CACHE_DIR, [...key, CORE_VERSION], compile);

/** A hash of the files Dataform compiles, by path and content. */
function projectFilesHash(dir: string): string {
  const hash = createHash("sha256");
  const visit = (relative: string) => {
    const full = path.join(dir, relative);
    if (!fs.existsSync(full)) return;
    if (fs.statSync(full).isDirectory()) {
      for (const entry of fs.readdirSync(full).sort()) visit(path.join(relative, entry));
    } else {
      const content = fs.readFileSync(full);
      hash.update(`${relative}\0${content.length}\0`).update(content);
    }
  };
  for (const entry of DATAFORM_PROJECT_ENTRIES) visit(entry);
  return hash.digest("hex");
}

const withoutDir = ({ projectDir: _dir, ...options }: CompileOptions) => options;

/** The working tree compiled as `gigamart compile` would (once per content and options). */
export async function compileHead(flags: ProjectFlags): Promise<{ graph: CompiledGraph; context: ProjectContext }> {
  const context = projectContext(flags);
  const options = compileOptions(context, flags);
  const graph = await cached(["head", projectFilesHash(context.dir), withoutDir(options)], () => compileProject(options));
  return { graph, context };
}

async function compileBase(context: ProjectContext, flags: ProjectFlags, base: { ref: string; commit: string }): Promise<CompiledGraph> {
  const options = withoutDir(compileOptions(context, flags));
  return cached(["base", base.commit, projectPrefix(context.dir), options], async () => {
    const checkout = checkoutBase(context.dir, base);
    try {
      return await compileProject({ ...options, projectDir: checkout.dir }).catch((err: Error) => {
        throw new Error(`base ${base.ref} (${base.commit.slice(0, 12)}): ${err.message}`);
      });
    } finally {
      checkout.remove();
    }
  });
}

/** Compiles the working tree and the base side by side. */
export async function compileRevisions(flags: ProjectFlags, baseRef?: string): Promise<Revisions> {
  const context = projectContext(flags);
  const base = resolveBase(context.dir, baseRef);
  const [{ graph: head }, baseGraph] = await Promise.all([compileHead(flags), compileBase(context, flags, base)]);
  return { head, base: baseGraph, context, baseRef: base };
}
