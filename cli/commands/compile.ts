import type { Command } from "commander";
import { graphActions } from "../../runner/dataform/actions";
import { compileForProject } from "../project";
import { projectOptions, type ProjectFlags } from "../project-options";

export function register(program: Command): void {
  projectOptions(program.command("compile").description("compile the Dataform project with the real Dataform compiler"))
    .option("--json", "print the compiled graph as JSON")
    .action(async (flags: ProjectFlags & { json?: boolean }) => {
      const { graph } = await compileForProject(flags);
      if (flags.json) {
        process.stdout.write(JSON.stringify(graph, null, 2) + "\n");
        return;
      }
      const counts = new Map<string, number>();
      for (const a of graphActions(graph)) counts.set(a.kind, (counts.get(a.kind) ?? 0) + 1);
      const summary = [...counts].map(([kind, n]) => `${n} ${kind}${n === 1 ? "" : "s"}`).join(", ");
      process.stdout.write(`compiled ${graph.projectConfig.defaultDatabase}: ${summary || "no actions"}\n`);
    });
}
