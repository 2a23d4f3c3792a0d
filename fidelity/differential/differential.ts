/**
 * The differential run: `count` seeded cases on both engines, every mismatch shrunk with fast-check's
 * shrinker to a minimal reproduction. The same seed and count give the same cases.
 */
import fc from "fast-check";
import prand from "pure-rand";
import type { ResultSet } from "../compare";
import type { ZetaSqlAnalyzer } from "../analyze";
import type { ZetaSqlService } from "../zetasql/service";
import { differentialCase, type DifferentialCase } from "./queries";
import { DifferentialRunner, type Outcome } from "./run";

export interface Mismatch {
  index: number;
  silent: boolean;
  shape: string;
  /** The case as generated and its smallest still-mismatching shrink. */
  original: string;
  minimal: { query: string; tables: Record<string, ResultSet>; differences: string[] };
  shrinkSteps: number;
}

export interface DifferentialReport {
  seed: number;
  run: number;
  agreed: { sameResult: number; bothRaise: number };
  refused: { analyzer: Record<string, number>; translator: Record<string, number> };
  /** What the reference engine cannot evaluate, so cannot judge. */
  unjudged: Record<string, number>;
  /** Answers that differ where BigQuery's documentation allows both (`ENGINE_DEPENDENT`). */
  engineDependent: Record<string, number>;
  /** Silent: DuckDB returned rows that are not BigQuery's. */
  mismatches: Mismatch[];
  /** Loud: only DuckDB raised an error. */
  loudMismatches: Mismatch[];
  byShape: Record<string, { run: number; agreed: number; refused: number; unjudged: number; mismatches: number }>;
  seconds: number;
}

/** Shrink attempts per mismatch: enough to reach a one-operator query from depth-2 expressions. */
const MAX_SHRINK_STEPS = 400;

/** Case `index` of the run with `seed`, independent of the cases before it. */
export function generateCase(seed: number, index: number): fc.Value<DifferentialCase> {
  return differentialCase.generate(new fc.Random(prand.xoroshiro128plus((seed * 1_000_003 + index) | 0)), undefined);
}

export async function shrinkMismatch(runner: DifferentialRunner, start: fc.Value<DifferentialCase>): Promise<{ value: DifferentialCase; outcome: Outcome; steps: number }> {
  let current = start;
  let outcome = await runner.run(current.value_);
  let steps = 0;
  search: while (steps < MAX_SHRINK_STEPS) {
    for (const candidate of differentialCase.shrink(current.value_, current.context)) {
      if (++steps > MAX_SHRINK_STEPS) break search;
      const candidateOutcome = await runner.run(candidate.value_);
      if (candidateOutcome.kind === "mismatch" && outcome.kind === "mismatch" && candidateOutcome.silent === outcome.silent) {
        current = candidate;
        outcome = candidateOutcome;
        continue search;
      }
    }
    break;
  }
  return { value: current.value_, outcome, steps };
}

/** Only the tables a query reads, and only their rows: what a reader needs to reproduce it. */
function usedTables(value: DifferentialCase): Record<string, ResultSet> {
  return Object.fromEntries(Object.entries(value.tables).filter(([name]) => value.query.includes(`.${name.split(".").pop()} `)));
}

export async function runDifferential(
  service: ZetaSqlService,
  analyzer: ZetaSqlAnalyzer,
  options: { count: number; seed: number; from?: number; onCase?: (index: number, outcome: Outcome) => void },
): Promise<DifferentialReport> {
  const started = Date.now();
  const runner = await DifferentialRunner.create(service, analyzer);
  const report: DifferentialReport = {
    seed: options.seed,
    run: 0,
    agreed: { sameResult: 0, bothRaise: 0 },
    refused: { analyzer: {}, translator: {} },
    unjudged: {},
    engineDependent: {},
    mismatches: [],
    loudMismatches: [],
    byShape: {},
    seconds: 0,
  };
  try {
    // Cases are independent of each other (`generateCase`), so a run can start past the first `from`.
    for (let index = options.from ?? 0; index < (options.from ?? 0) + options.count; index++) {
      const generated = generateCase(options.seed, index);
      const outcome = await runner.run(generated.value_);
      const shape = (report.byShape[generated.value_.shape] ??= { run: 0, agreed: 0, refused: 0, unjudged: 0, mismatches: 0 });
      report.run++;
      shape.run++;
      if (outcome.kind === "agreed") {
        shape.agreed++;
        if (outcome.how === "same result") report.agreed.sameResult++;
        else report.agreed.bothRaise++;
      } else if (outcome.kind === "refused") {
        shape.refused++;
        const counts = report.refused[outcome.by];
        counts[outcome.construct] = (counts[outcome.construct] ?? 0) + 1;
      } else if (outcome.kind === "unjudged") {
        shape.unjudged++;
        report.unjudged[outcome.why] = (report.unjudged[outcome.why] ?? 0) + 1;
      } else if (outcome.kind === "engine-dependent") {
        shape.unjudged++;
        report.engineDependent[outcome.why] = (report.engineDependent[outcome.why] ?? 0) + 1;
      } else {
        shape.mismatches++;
        const shrunk = await shrinkMismatch(runner, generated);
        (outcome.silent ? report.mismatches : report.loudMismatches).push({
          index,
          silent: outcome.silent,
          shape: generated.value_.shape,
          original: generated.value_.query,
          minimal: {
            query: shrunk.value.query,
            tables: usedTables(shrunk.value),
            differences: shrunk.outcome.kind === "mismatch" ? shrunk.outcome.differences : outcome.differences,
          },
          shrinkSteps: shrunk.steps,
        });
      }
      options.onCase?.(index, outcome);
    }
  } finally {
    runner.close();
  }
  report.seconds = (Date.now() - started) / 1000;
  return report;
}
