/**
 * Runs one differential case on both engines and says how they compare: agreed (same rows, or both
 * raise an error), refused by name (the analyzer rejects the query, or the translator refuses a
 * construct before running), or a mismatch (different rows, or only one engine raises).
 */
import { UntranslatableError } from "../../runner/translate";
import type { StatementAnalysis, ZetaSqlAnalyzer } from "../analyze";
import { TableCatalog } from "../catalog";
import { compareResults } from "../compare";
import { LocalEngine, ReferenceEngine } from "../engines";
import type { ZetaSqlService } from "../zetasql/service";
import { PROJECT, type DifferentialCase } from "./queries";

/**
 * A mismatch is silent when DuckDB returns rows that are not BigQuery's (different rows, or rows where
 * BigQuery raises an error): the user would never know. It is loud when only DuckDB raises: the run
 * fails, nothing wrong is written. `unjudged`: the reference engine does not implement the construct.
 */
export type Outcome =
  | { kind: "agreed"; how: "same result" | "both raise" }
  | { kind: "refused"; by: "analyzer" | "translator"; construct: string }
  | { kind: "unjudged"; why: string }
  | { kind: "engine-dependent"; why: string }
  | { kind: "mismatch"; silent: boolean; differences: string[] };

/**
 * Answers BigQuery's documentation leaves open, where the reference engine and DuckDB each give one BigQuery may give.
 * Each is narrow: it must hold of every difference.
 */
export const ENGINE_DEPENDENT = {
  // "ERROR is treated like any other expression that may result in an error: there is no special guarantee of
  // evaluation order" (GoogleSQL debugging functions, ERROR); DuckDB evaluates an operand only for rows that reach it
  evaluationOrder: "an error in an operand DuckDB never evaluates (past a filter that keeps no row, a short-circuited AND): BigQuery guarantees no evaluation order",
  // "If the argument is [+|-]Infinity for any row in the group, returns either [+|-]Infinity or NaN" (GoogleSQL AVG)
  averageOfInfinity: "AVG of FLOAT64 over ±Infinity: BigQuery returns either ±Infinity or NaN",
};

const NON_FINITE_CELL = /^\w+: "(NaN|-?Infinity)" vs "(NaN|-?Infinity)"$/;
/** Every difference is a cell that is NaN on one engine and ±Infinity on the other (or the other way round). */
const onlyInfinityVsNan = (differences: string[]) =>
  differences.every((d) => {
    const cells = /^row \d+(?: \(sorted\))?: (.*)$/.exec(d)?.[1];
    return cells !== undefined && cells.split("; ").every((cell) => NON_FINITE_CELL.test(cell) && /NaN/.test(cell) && /Infinity/.test(cell));
  });

const firstLine = (err: unknown) => (err instanceof Error ? err.message : String(err)).split("\n")[0];

/** The analyzer's message without its location and quoted details, so refusals of one kind count together. */
const analyzerConstruct = (message: string) =>
  message
    .replace(/\s*\[at \d+:\d+\]$/, "")
    .replace(/for argument types: .*/, "for these argument types")
    .replace(/(found|got|literal|value) .*/, "$1 …");

/** A fixed instant both engines read as CURRENT_*. */
const NOW = new Date("2026-06-15T12:34:56Z");

export class DifferentialRunner {
  private constructor(
    private readonly analyzer: ZetaSqlAnalyzer,
    private readonly reference: ReferenceEngine,
    private readonly local: LocalEngine,
  ) {}

  static async create(service: ZetaSqlService, analyzer: ZetaSqlAnalyzer): Promise<DifferentialRunner> {
    return new DifferentialRunner(analyzer, new ReferenceEngine(service, analyzer, PROJECT, NOW), await LocalEngine.create(PROJECT, NOW));
  }

  async run(testCase: DifferentialCase): Promise<Outcome> {
    for (const [name, data] of Object.entries(testCase.tables)) {
      this.reference.load(name, data);
      await this.local.load(name, data);
    }
    const analysis = await this.analyze(testCase);
    const [expected, actual] = await Promise.allSettled([this.reference.evaluate([], testCase.query), this.local.evaluate([], testCase.query, analysis?.columns)]);
    if (expected.status === "rejected" && analysis?.error) return { kind: "refused", by: "analyzer", construct: analyzerConstruct(analysis.error) };
    if (actual.status === "rejected" && actual.reason instanceof UntranslatableError) {
      return { kind: "refused", by: "translator", construct: actual.reason.construct };
    }
    if (expected.status === "rejected" && /^Unimplemented feature/.test(firstLine(expected.reason))) {
      return { kind: "unjudged", why: firstLine(expected.reason).replace(/\s*\(.*$/, "") };
    }
    if (expected.status === "rejected" && actual.status === "rejected") return { kind: "agreed", how: "both raise" };
    if (expected.status === "rejected") {
      if (actual.status === "fulfilled" && actual.value.rows.length === 0 && /\bWHERE\b/i.test(testCase.query)) return { kind: "engine-dependent", why: ENGINE_DEPENDENT.evaluationOrder };
      return { kind: "mismatch", silent: true, differences: [`only the reference engine raises: ${firstLine(expected.reason)}`] };
    }
    if (actual.status === "rejected") return { kind: "mismatch", silent: false, differences: [`only DuckDB raises: ${firstLine(actual.reason)}`] };
    const differences = compareResults(expected.value, actual.value, expected.value.ordered);
    if (!differences.length) return { kind: "agreed", how: "same result" };
    if (/\bAVG\(/i.test(testCase.query) && onlyInfinityVsNan(differences)) return { kind: "engine-dependent", why: ENGINE_DEPENDENT.averageOfInfinity };
    return { kind: "mismatch", silent: true, differences };
  }

  /** The analyzer's verdict on the query, as `gigamart run` and `gigamart query` get it: its error, or its output schema. */
  private async analyze(testCase: DifferentialCase): Promise<StatementAnalysis | undefined> {
    const catalog = new TableCatalog(PROJECT);
    for (const [name, data] of Object.entries(testCase.tables)) catalog.define(name, data.columns);
    const [analysis] = await this.analyzer.analyzeScript(testCase.query, catalog);
    return analysis;
  }

  close(): void {
    this.local.close();
  }
}
