import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { compileForProject } from "../cli/project";
import { checkProject } from "../fidelity/run-check";

const REPO_ROOT = path.resolve(__dirname, "..");
const ROUNDS = 3;
const TARGET_RATIO = 3;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * `gigamart check` on the repo's own project against `dataform compile` alone (the compile it starts
 * with), in alternating rounds of one run so both see the same machine. Target: at most 3× compile.
 */
export async function run(): Promise<Record<string, unknown>> {
  const flags = { projectDir: REPO_ROOT, env: "dev" };
  const compileMs: number[] = [];
  const checkMs: number[] = [];
  let statements = 0;
  let actions = 0;
  for (let round = 0; round < ROUNDS; round++) {
    let started = performance.now();
    await compileForProject(flags);
    compileMs.push(performance.now() - started);

    started = performance.now();
    const { analysis } = await checkProject(async () => (await compileForProject(flags)).graph);
    checkMs.push(performance.now() - started);
    if (analysis.errors.length > 0) throw new Error(`gigamart check failed on the repo: ${analysis.errors[0]}`);
    statements = analysis.statementsAnalyzed;
    actions = analysis.actions.length;
  }
  const ratio = median(checkMs) / median(compileMs);
  return {
    actions,
    statements_analyzed: statements,
    rounds: ROUNDS,
    dataform_compile_ms: Math.round(median(compileMs)),
    gigamart_check_ms: Math.round(median(checkMs)),
    ratio: Number(ratio.toFixed(2)),
    target_ratio: TARGET_RATIO,
    meets_target: ratio <= TARGET_RATIO,
  };
}
