import { Command } from "commander";
import { reportError } from "./errors";
import { register as compile } from "./commands/compile";
import { register as query } from "./commands/query";
import { register as run } from "./commands/run";

const program = new Command("gigamart")
  .description("GigaMart Retail Analytics: the Dataform project, run locally on DuckDB or on Google Cloud")
  .showHelpAfterError()
  .configureOutput({ writeErr: (s) => process.stderr.write(s) });

for (const register of [compile, run, query]) register(program);

program.parseAsync(process.argv).catch(reportError);
