import { Option, type Command } from "commander";
import { ZetaSqlAnalyzer } from "../../fidelity/analyze";
import { checkGraph } from "../../fidelity/check";
import { checkSummary, formatCheckTable } from "../../fidelity/report";
import { startZetaSql } from "../../fidelity/zetasql/service";
import { compileForEnv, projectOptions, type ProjectFlags } from "../project";

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
    .option("--semantic", "also evaluate every table, view and assertion query on fixtures with ZetaSQL's reference engine and DuckDB, and compare")
    .addOption(new Option("--format <format>", "output format").choices(["table", "json"]).default("table"))
    .action(async (flags: CheckFlags) => {
      // The service starts while Dataform compiles; a failed compile must not leave it running.
      const starting = startZetaSql();
      starting.catch(() => undefined);
      const compiled = compileForEnv(flags);
      let service;
      try {
        const [{ graph }, started] = await Promise.all([compiled, starting]);
        service = started;
        const report = await checkGraph(graph, new ZetaSqlAnalyzer(service));
        process.stdout.write(flags.format === "json" ? JSON.stringify(report, null, 2) + "\n" : formatCheckTable(report));
        for (const line of report.errors) process.stderr.write(`${line}\n`);
        if (report.errors.length > 0) throw new Error(checkSummary(report));
      } finally {
        await (service ?? (await starting.catch(() => undefined)))?.stop();
      }
    });
}
