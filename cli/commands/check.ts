import { Option, type Command } from "commander";
import { ZetaSqlAnalyzer } from "../../fidelity/analyze";
import { checkGraph } from "../../fidelity/check";
import { compareCorpus } from "../../fidelity/corpus";
import { checkSummary, corpusSummary, formatCheckTable, formatSemanticTable, semanticSummary } from "../../fidelity/report";
import { compareGraph } from "../../fidelity/semantic";
import { startZetaSql, type ZetaSqlService } from "../../fidelity/zetasql/service";
import { compileForEnv, projectOptions, type ProjectFlags } from "../project";

interface CheckFlags extends ProjectFlags {
  semantic?: boolean;
  format: "table" | "json";
}

async function check(flags: CheckFlags, service: ZetaSqlService, compiled: ReturnType<typeof compileForEnv>): Promise<void> {
  const { graph } = await compiled;
  const analyzer = new ZetaSqlAnalyzer(service);
  const analysis = await checkGraph(graph, analyzer);
  const json = flags.format === "json";
  if (!json) process.stdout.write(formatCheckTable(analysis));
  for (const line of analysis.errors) process.stderr.write(`${line}\n`);
  if (analysis.errors.length > 0) {
    if (json) process.stdout.write(JSON.stringify({ analysis }, null, 2) + "\n");
    throw new Error(checkSummary(analysis));
  }
  if (!flags.semantic) {
    if (json) process.stdout.write(JSON.stringify({ analysis }, null, 2) + "\n");
    return;
  }

  const semantic = await compareGraph(graph, service, analyzer);
  const corpus = await compareCorpus(service, analyzer);
  if (json) process.stdout.write(JSON.stringify({ analysis, semantic, corpus }, null, 2) + "\n");
  else {
    process.stdout.write(formatSemanticTable(semantic));
    for (const entry of [...corpus.mismatches, ...corpus.refused, ...corpus.referenceGaps]) {
      process.stdout.write(`  corpus: ${entry.name}: ${entry.status}: ${entry.differences.join("; ")}\n`);
    }
    process.stdout.write(`${corpusSummary(corpus)}\n`);
  }
  for (const line of semantic.errors) process.stderr.write(`${line}\n`);
  // The corpus judges the translator, not this project: its mismatches are reported above and fail its own test suite.
  if (semantic.mismatches > 0) throw new Error(semanticSummary(semantic));
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
      // The service starts while Dataform compiles; a failed compile must not leave it running.
      const starting = startZetaSql();
      const compiled = compileForEnv(flags);
      compiled.catch(() => undefined);
      const service = await starting;
      try {
        await check(flags, service, compiled);
      } finally {
        await service.stop();
      }
    });
}
