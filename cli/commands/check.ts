import { Option, type Command } from "commander";
import { checkProject } from "../../fidelity/run-check";
import { checkSummary, corpusSummary, formatCheckTable, formatSemanticTable, semanticSummary } from "../../fidelity/report";
import { compileForProject } from "../project";
import { projectOptions, type ProjectFlags } from "../project-options";

interface CheckFlags extends ProjectFlags {
  semantic?: boolean;
  format: "table" | "json";
}

export function register(program: Command): void {
  projectOptions(
    program
      .command("check")
      .description("analyze every statement BigQuery would receive with Google's ZetaSQL (GoogleSQL) front end; --semantic also compares results with the reference engine"),
  )
    .option("--semantic", "also evaluate every table, view and assertion query on fixtures with ZetaSQL's reference engine and with DuckDB, and compare")
    .addOption(new Option("--format <format>", "output format").choices(["table", "json"]).default("table"))
    .action(async (flags: CheckFlags) => {
      const { analysis, semantic, corpus } = await checkProject(async () => (await compileForProject(flags)).graph, { semantic: flags.semantic });
      if (flags.format === "json") process.stdout.write(JSON.stringify({ analysis, semantic, corpus }, null, 2) + "\n");
      else {
        process.stdout.write(formatCheckTable(analysis));
        if (semantic) process.stdout.write(formatSemanticTable(semantic));
        for (const entry of corpus ? [...corpus.mismatches, ...corpus.refused, ...corpus.referenceGaps] : []) {
          process.stdout.write(`  corpus: ${entry.name}: ${entry.status}: ${entry.differences.join("; ")}\n`);
        }
        if (corpus) process.stdout.write(`${corpusSummary(corpus)}\n`);
      }
      for (const line of [...analysis.errors, ...(semantic?.errors ?? [])]) process.stderr.write(`${line}\n`);
      if (analysis.errors.length > 0) throw new Error(checkSummary(analysis));
      // The corpus judges the translator, not this project: its mismatches are listed above and fail its own test suite.
      if (semantic && semantic.mismatches > 0) throw new Error(semanticSummary(semantic));
    });
}
