import { Option, type Command } from "commander";
import { loadConfig } from "../../config/load";
import { ENVIRONMENTS } from "../../config/environments";
import { deploy, UNKNOWN_STATE_NOTE } from "../../cloud/deploy";
import { planJson, planTable } from "../../cloud/plan-format";
import { readUdfBundle } from "../../cloud/udf-bundle";

interface DeployFlags {
  env: string;
  dryRun?: boolean;
  format: "table" | "json";
}

export function register(program: Command): void {
  program
    .command("deploy")
    .description("create or update the environment on Google Cloud from config (plan, then apply); re-running changes nothing")
    .addOption(new Option("--env <env>", "environment whose config/config_<env>.yaml applies").choices(ENVIRONMENTS).makeOptionMandatory())
    .option("--dry-run", "print the plan and every request it would send; change nothing (works without credentials)")
    .addOption(new Option("--format <format>", "plan output").choices(["table", "json"]).default("table"))
    .action(async (flags: DeployFlags) => {
      const dryRun = flags.dryRun === true;
      const config = loadConfig(flags.env);
      const result = await deploy({
        config,
        dryRun,
        udfBundle: readUdfBundle(),
        onPlan: ({ stateKnown, entries }) => {
          const note = stateKnown ? undefined : UNKNOWN_STATE_NOTE;
          const { project, region } = config.gcp;
          if (flags.format === "json") {
            process.stdout.write(planJson(entries, { env: flags.env, project, dryRun, stateKnown, ...(note ? { note } : {}) }));
          } else {
            const heading = `gigamart deploy --env ${flags.env}${dryRun ? " --dry-run" : ""}: project ${project}, region ${region}`;
            process.stdout.write(planTable(entries, note ? `${heading}\n${note}` : heading));
          }
        },
        onStep: (s) => process.stderr.write(`${s.entry.action.padEnd(6)}  ${s.entry.id}\n`),
      });
      if (!dryRun) process.stderr.write(`applied ${result.applied.length} change(s)\n`);
    });
}
