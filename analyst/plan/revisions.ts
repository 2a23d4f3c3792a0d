import { compileOptions, compileForProject, projectContext, type ProjectContext, type ProjectFlags } from "../../cli/project";
import { compileProject } from "../../runner/dataform/compile";
import type { CompiledGraph } from "../../runner/dataform/compiled-graph";
import { checkoutBase } from "./base-checkout";

/** The working tree and the base revision of one project, each compiled as `gigamart compile` would. */
export interface Revisions {
  head: CompiledGraph;
  base: CompiledGraph;
  /** the working tree's context: its config, project and warehouse apply to both */
  context: ProjectContext;
  baseRef: { ref: string; commit: string };
}

/** Compiles the working tree and the base side by side; the base's copy is removed once compiled. */
export async function compileRevisions(flags: ProjectFlags, baseRef?: string): Promise<Revisions> {
  const context = projectContext(flags);
  const checkout = checkoutBase(context.dir, baseRef);
  try {
    const compilingBase = compileProject(compileOptions(context, flags, checkout.dir)).catch((err: Error) => {
      throw new Error(`base ${checkout.ref} (${checkout.commit.slice(0, 12)}): ${err.message}`);
    });
    const [{ graph: head }, base] = await Promise.all([compileForProject(flags), compilingBase]);
    return { head, base, context, baseRef: { ref: checkout.ref, commit: checkout.commit } };
  } finally {
    checkout.remove();
  }
}
