// The offline BigQuery cost of a compiled project: per statement, per action (as the next run would send
// it: incremental when its table exists, unless a full refresh), per workflow configuration run and per
// month at the configured on-demand price.
import { CronExpressionParser } from "cron-parser";
import { PIPELINE_TAGS, workflowSelection } from "../../cloud/desired/dataform";
import type { GigaMartConfig } from "../../config/schema";
import { ZetaSqlAnalyzer, type StatementAnalysis } from "../../fidelity/analyze";
import { TableCatalog } from "../../fidelity/catalog";
import { fullName, type ActionCheck, type CheckReport } from "../../fidelity/check";
import type { ZetaSqlService } from "../../fidelity/zetasql/service";
import { actionTarget, graphActions, selectActions, type Action } from "../../runner/dataform/actions";
import type { CompiledGraph } from "../../runner/dataform/compiled-graph";
import { ExecutionSql } from "../../runner/dataform/execution-sql";
import { resolveTarget } from "../../runner/dataform/target";
import { analyzeWithResolvedStatements } from "../lineage/project-lineage";
import { ConstantEvaluator } from "./constants";
import { productionScale, type ScaleFactor } from "./production-scale";
import { StatementCoster, type StatementCost } from "./statement-cost";
import { measureWarehouse, type TableSize } from "./table-sizes";

export const TIB = 2 ** 40;
/** A month of runs: 30 days of a schedule's cron. */
export const MONTH_DAYS = 30;

export interface ActionCost {
  action: string;
  kind: Action["kind"];
  /** `create` (first run or full refresh) or `incremental` (merge / insert into the existing table) */
  path: "create" | "incremental";
  statements: StatementCost[];
  bytes_processed: number;
  bytes_billed: number;
}

export interface WorkflowCost {
  /** the workflow configuration's name (its tag) */
  name: string;
  cron: string;
  actions: ActionCost[];
  bytes_processed: number;
  bytes_billed: number;
  runs_per_month: number;
  bytes_billed_per_month: number;
  usd_per_month: number;
}

export interface EstimateOptions {
  /** the local warehouse file table sizes are measured in */
  warehouseFile: string;
  /** scale local sizes to config `cost.production_rows_per_day` */
  production?: boolean;
  config?: GigaMartConfig;
}

const sum = (xs: { bytes_processed: number; bytes_billed: number }[]) => ({
  bytes_processed: xs.reduce((n, x) => n + x.bytes_processed, 0),
  bytes_billed: xs.reduce((n, x) => n + x.bytes_billed, 0),
});

/** Runs of a cron in a 30-day month, in the schedule's time zone. */
export function runsPerMonth(cron: string, timeZone: string): number {
  const start = new Date(Date.UTC(2026, 0, 1));
  const end = new Date(start.getTime() + MONTH_DAYS * 86_400_000);
  const interval = CronExpressionParser.parse(cron, { currentDate: start, endDate: end, tz: timeZone });
  let runs = 0;
  while (interval.hasNext()) {
    interval.next();
    runs++;
  }
  return runs;
}

/**
 * Costs actions of one compiled graph against one warehouse. Open it once (it analyzes every statement
 * with the GoogleSQL analyzer and measures every table) and ask for as many actions as needed.
 */
export class CostEstimator {
  private constructor(
    readonly graph: CompiledGraph,
    readonly report: CheckReport,
    readonly sizes: ReadonlyMap<string, TableSize>,
    readonly scale: ReadonlyMap<string, ScaleFactor>,
    private readonly evaluator: ConstantEvaluator,
    private readonly coster: StatementCoster,
    private readonly options: EstimateOptions,
    private readonly service: ZetaSqlService,
  ) {}

  static async open(graph: CompiledGraph, service: ZetaSqlService, options: EstimateOptions): Promise<CostEstimator> {
    const project = graph.projectConfig.defaultDatabase ?? "";
    const report = await analyzeWithResolvedStatements(graph, service);
    const sizes = await measureWarehouse(options.warehouseFile, project, declaredPartitioning(report, project));
    if (options.production && !options.config) throw new Error("--production: needs GigaMart's config (cost.production_rows_per_day); give --env");
    const scale = options.production ? productionScale(graph, sizes, options.config!.cost.production_rows_per_day) : new Map<string, ScaleFactor>();
    const evaluator = await ConstantEvaluator.open(options.warehouseFile, project);
    const coster = new StatementCoster({ sizes, evaluator, views: viewDefinitions(report, project), scale: (t) => scale.get(t.toLowerCase())?.factor ?? 1 });
    return new CostEstimator(graph, report, sizes, scale, evaluator, coster, options, service);
  }

  private check(name: string): ActionCheck {
    const check = this.report.actions.find((a) => a.name === name);
    if (!check) throw new Error(`no action named '${name}'`);
    return check;
  }

  private readonly costs = new Map<string, Promise<ActionCost>>();

  /** The cost of one action's next run (incremental when its table exists), or of its full refresh. */
  action(name: string, options: { fullRefresh?: boolean } = {}): Promise<ActionCost> {
    const key = `${name}|${!!options.fullRefresh}`;
    if (!this.costs.has(key)) this.costs.set(key, this.cost(name, options));
    return this.costs.get(key)!;
  }

  private async cost(name: string, options: { fullRefresh?: boolean }): Promise<ActionCost> {
    const check = this.check(name);
    const action = graphActions(this.graph).find((a) => a.name === name)!;
    const target = fullName(resolveTarget(actionTarget(action), this.graph.projectConfig)).toLowerCase();
    const state = this.sizes.get(target);
    // Dataform's own rule for whether the run merges into the table or rebuilds it.
    const incremental =
      action.kind === "incremental" &&
      new ExecutionSql(this.graph.projectConfig).writesIncrementally(action.table, state && { type: state.view ? "view" : "table", columns: [] }, options);
    const path = incremental ? "incremental" : "create";
    const script = check.scripts.find((s) => s.path === path);
    const statements = script ? await this.statements(script.statements) : [];
    return { action: name, kind: action.kind, path, statements, ...sum(statements) };
  }

  private async statements(analyses: StatementAnalysis[]): Promise<StatementCost[]> {
    const variables: string[] = [];
    const costs: StatementCost[] = [];
    for (const statement of analyses) {
      costs.push(await this.coster.statement(statement, variables));
      if (statement.kind === "DECLARE" || statement.kind === "SET") variables.push(statement.sql);
    }
    return costs;
  }

  /** An ad-hoc query or script (`gigamart cost --sql`), analyzed against the warehouse's tables. */
  async sql(query: string): Promise<StatementCost[]> {
    const catalog = new TableCatalog(this.graph.projectConfig.defaultDatabase ?? "");
    for (const table of this.sizes.values()) catalog.define(table.name, table.columns);
    const analyses = await new ZetaSqlAnalyzer(this.service, "UTC", { keepResolved: true }).analyzeScript(query, catalog);
    const rejected = analyses.find((a) => a.error);
    if (rejected) throw new Error(`--sql: line ${rejected.line}: ${rejected.error}`);
    return this.statements(analyses);
  }

  /** Each workflow configuration's run (its tag's actions, as Dataform selects them) and its month. */
  async workflows(options: { fullRefresh?: boolean } = {}): Promise<WorkflowCost[]> {
    const config = this.options.config;
    if (!config) return [];
    const all = graphActions(this.graph);
    const costs: WorkflowCost[] = [];
    for (const tag of PIPELINE_TAGS) {
      const selected = selectActions(all, workflowSelection(config, tag)).filter((a) => a.kind !== "declaration");
      const actions = [];
      for (const a of selected) actions.push(await this.action(a.name, options));
      const total = sum(actions);
      const cron = config.schedules[tag];
      const runs = runsPerMonth(cron, config.schedules.time_zone);
      const monthly = total.bytes_billed * runs;
      costs.push({ name: tag, cron, actions, ...total, runs_per_month: runs, bytes_billed_per_month: monthly, usd_per_month: (monthly / TIB) * config.cost.on_demand_usd_per_tib });
    }
    return costs;
  }

  close(): void {
    this.evaluator.close();
  }
}

/**
 * The PARTITION BY of each table an operation creates (`create table … (columns) partition by …`), by
 * lower-case name: the local run records the partitioning of Dataform's tables only, BigQuery keeps this too.
 */
function declaredPartitioning(report: CheckReport, project: string): Map<string, string> {
  const specs = new Map<string, string>();
  for (const check of report.actions)
    for (const script of check.scripts)
      for (const s of script.statements) {
        const spec = s.kind === "CREATE_TABLE" && s.creates ? /\)\s*partition\s+by\s+(.+?)\s*(?:\bcluster\s+by\b|\boptions\s*\(|;|$)/is.exec(s.sql)?.[1] : undefined;
        if (spec) specs.set((s.creates!.split(".").length === 2 ? `${project}.${s.creates}` : s.creates!).toLowerCase(), spec);
      }
  return specs;
}

/** The CREATE VIEW statements of every action, by lower-case view name. */
function viewDefinitions(report: CheckReport, project: string): Map<string, StatementAnalysis> {
  const views = new Map<string, StatementAnalysis>();
  for (const check of report.actions)
    for (const script of check.scripts)
      for (const s of script.statements) {
        if (s.kind !== "CREATE_VIEW" || !s.creates || !s.resolved) continue;
        const name = s.creates.split(".").length === 2 ? `${project}.${s.creates}` : s.creates;
        views.set(name.toLowerCase(), s);
      }
  return views;
}

/**
 * For `gigamart plan`: the cost of one action's next run in a compiled graph, with table sizes from the
 * warehouse file. Opening an estimator analyzes the whole graph; callers costing many actions keep one.
 */
export async function estimateActionCost(
  graph: CompiledGraph,
  action: string,
  service: ZetaSqlService,
  options: EstimateOptions & { fullRefresh?: boolean },
): Promise<ActionCost> {
  const estimator = await CostEstimator.open(graph, service, options);
  try {
    return await estimator.action(action, options);
  } finally {
    estimator.close();
  }
}
