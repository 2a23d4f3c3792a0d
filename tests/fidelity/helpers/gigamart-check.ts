// `gigamart check` as its own process (the command as the lead's cli/main.ts wires it), for exit-code tests.
import { Command } from "commander";
import { reportError } from "../../../cli/errors";
import { register } from "../../../cli/commands/check";

const program = new Command("gigamart");
register(program);
program.parseAsync(process.argv).catch(reportError);
