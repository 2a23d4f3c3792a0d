import { Command } from "commander";
import { reportError } from "./errors";
import { register as check } from "./commands/check";
import { register as compile } from "./commands/compile";
import { register as deploy } from "./commands/deploy";
import { register as generate } from "./commands/generate";
import { register as ingest } from "./commands/ingest";
import { register as query } from "./commands/query";
import { register as run } from "./commands/run";

const program = new Command("gigamart")
  .description("GigaMart Retail Analytics: the Dataform project, run locally on DuckDB or on Google Cloud")
  .showHelpAfterError()
  .configureOutput({ writeErr: (s) => process.stderr.write(s) });

for (const register of [compile, run, query, check, generate, ingest, deploy]) register(program);

program.parseAsync(process.argv).catch(reportError);
