import { Command } from "commander";
import { reportError } from "./errors";

type Register = (program: Command) => void;

/**
 * Only the command that runs is loaded: together the commands pull in Dataform's compiler, the Google
 * Cloud clients, faker and more, which cost `query` about 130 MB and a second before its first row.
 * `esmHook`: tsx's ESM hook, which the `import()` of TypeScript in cloud/connect.ts needs. It runs in a
 * loader thread of its own (about 30 MB and 0.25 s), so `query`, which never reaches the cloud, goes without.
 */
const COMMANDS: Record<string, { esmHook: boolean }> = {
  compile: { esmHook: true },
  run: { esmHook: true },
  test: { esmHook: false },
  query: { esmHook: false },
  check: { esmHook: true },
  generate: { esmHook: true },
  ingest: { esmHook: true },
  deploy: { esmHook: true },
  lineage: { esmHook: true },
  cost: { esmHook: true },
  plan: { esmHook: false },
  diff: { esmHook: false },
  docs: { esmHook: false },
};

const load = (name: string): Register => (require(`./commands/${name}`) as { register: Register }).register;

async function main(): Promise<void> {
  // The command is the first argument (the program has no options of its own); help, `help <command>`
  // and a mistyped command load them all, so the listing and commander's suggestions stay complete.
  const name = process.argv[2] ?? "";
  const wanted = Object.hasOwn(COMMANDS, name) ? [name] : Object.keys(COMMANDS);
  if (wanted.some((n) => COMMANDS[n]!.esmHook)) {
    // Imported, not required: tsx's CommonJS build of its ESM API points its loader at a path that does
    // not exist (tsx 4.23). Its types are ESM-only, which this project's module resolution cannot read.
    const { register } = (await import("tsx/esm/api" as string)) as { register: () => void };
    register();
  }
  const program = new Command("gigamart")
    .description("GigaMart Retail Analytics: the Dataform project, run locally on DuckDB or on Google Cloud")
    .showHelpAfterError()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  for (const n of wanted) load(n)(program);
  await program.parseAsync(process.argv);
}

main().catch(reportError);
