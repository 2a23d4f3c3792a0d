/** `npm run test:differential -- --count N --seed S [--format json]`: the long differential run, one command. */
import { Command, InvalidArgumentError } from "commander";
import { ZetaSqlAnalyzer } from "../analyze";
import { startZetaSql } from "../zetasql/service";
import { runDifferential } from "./differential";
import { formatDifferentialReport } from "./report";

const integer = (value: string) => {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError("expected a whole number");
  return Number(value);
};

const program = new Command("test:differential")
  .description("generated queries on the GoogleSQL reference engine and on DuckDB; every mismatch shrunk to a minimal reproduction")
  .option("--count <n>", "queries to run", integer, 1000)
  .option("--seed <s>", "generator seed", integer, 1)
  .option("--from <i>", "index of the first case (the cases before it are skipped, not run)", integer, 0)
  .option("--format <format>", "text or json", "text")
  .action(async (options: { count: number; seed: number; from: number; format: string }) => {
    if (options.format !== "text" && options.format !== "json") throw new InvalidArgumentError(`--format: text or json, not ${options.format}`);
    const service = await startZetaSql();
    try {
      const report = await runDifferential(service, new ZetaSqlAnalyzer(service), {
        count: options.count,
        seed: options.seed,
        from: options.from,
        onCase: (i) => {
          if (process.stderr.isTTY && (i + 1) % 50 === 0) process.stderr.write(`\r${i + 1}/${options.count}`);
        },
      });
      if (process.stderr.isTTY) process.stderr.write("\r");
      process.stdout.write(options.format === "json" ? `${JSON.stringify(report, (_k, v) => (typeof v === "bigint" ? `${v}` : v), 2)}\n` : formatDifferentialReport(report));
      process.exitCode = report.mismatches.length ? 1 : 0;
    } finally {
      await service.stop();
    }
  });

program.parseAsync().catch((err: Error) => {
  process.stderr.write(`test:differential: ${err.message}\n`);
  process.exitCode = 2;
});
