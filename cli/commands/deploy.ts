import { Option, type Command } from "commander";
import { ENVIRONMENTS } from "../../config/schema";
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
      const result = await deploy({
        env: flags.env,
        dryRun: flags.dryRun === true,
        udfBundle: readUdfBundle(),
        onStep: (s) => process.stderr.write(`${s.entry.action.padEnd(6)}  ${s.entry.id}\n`),
      });
      const note = result.stateKnown ? undefined : UNKNOWN_STATE_NOTE;
      const heading = `gigamart deploy --env ${flags.env}${flags.dryRun ? " --dry-run" : ""}: project ${result.config.gcp.project}, region ${result.config.gcp.region}`;
      if (flags.format === "json") {
        process.stdout.write(planJson(result.entries, { env: flags.env, project: result.config.gcp.project, dryRun: flags.dryRun === true, stateKnown: result.stateKnown, ...(note ? { note } : {}) }));
      } else {
        process.stdout.write(planTable(result.entries, note ? `${heading}\n${note}` : heading));
      }
      if (!flags.dryRun) process.stderr.write(`applied ${result.applied.length} change(s)\n`);
    });
}
