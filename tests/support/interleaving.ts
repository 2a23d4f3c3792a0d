// Runs Dataform invocations statement by statement on a real DuckDB warehouse, under BigQuery's
// isolation rules (bigquery-isolation.ts), so that two invocations can be interleaved in any order or
// stopped after any statement. Each invocation has its own DuckDB connection (its own snapshots and
// script variables); the statements are the exact BigQuery scripts Dataform would send
// (runner/dataform/execution-sql.ts), translated as the local runner translates them.
//
// What the harness decides by the rules, not by DuckDB: which statements conflict, which BigQuery would
// queue, retry or cancel. DuckDB only provides the snapshots: a statement outside a transaction runs on
// what is committed when it starts; "start together" runs two of them on one pinned snapshot.
import type { DuckDBConnection } from "@duckdb/node-api";
import { type Action, actionDependencies, compiledAction, graphActions, type Selection, selectActions } from "../../runner/dataform/actions";
import type { CompiledGraph } from "../../runner/dataform/compiled-graph";
import { ExecutionSql } from "../../runner/dataform/execution-sql";
import { runStatement } from "../../runner/targets/local";
import { duckdbTable, Warehouse } from "../../runner/local/warehouse";
import { initTranslator, translateScript, type TranslatedStatement } from "../../runner/translate";
import { classify, type StatementClass, TRANSACTION_CANCELLED } from "./bigquery-isolation";

export interface PlannedStatement {
  sql: TranslatedStatement;
  class: StatementClass;
  /** An assertion's check: fails the action when its first value is > 0. */
  check: boolean;
}

export interface PlannedAction {
  name: string;
  dependencies: string[];
  statements: PlannedStatement[];
}

/**
 * The statements each action of a selection would run on the warehouse as it is now (what Dataform
 * decides per action from the table's state: rebuild or incremental), in dependency order.
 */
export async function planInvocation(graph: CompiledGraph, warehouse: Warehouse, selection: Selection): Promise<PlannedAction[]> {
  await initTranslator();
  const executionSql = new ExecutionSql(graph.projectConfig);
  const project = graph.projectConfig.defaultDatabase ?? "";
  const planned: PlannedAction[] = [];
  for (const action of selectActions(graphActions(graph), selection).filter((a: Action) => a.kind !== "declaration")) {
    const target = { ...compiledAction(action).target, database: compiledAction(action).target.database || project };
    const state = action.kind === "operation" || action.kind === "assertion" ? undefined : await warehouse.tableState(target);
    const context = { defaultProject: target.database, partitionFilterColumn: warehouse.partitionFilterColumn };
    const statements = executionSql.tasks(action, state).flatMap((task) =>
      translateScript(task.statement, context).map((sql) => ({ sql, class: classify(sql.bigquery), check: task.type === "assertion" })),
    );
    planned.push({ name: action.name, dependencies: actionDependencies(action), statements });
  }
  return planned;
}

export type ActionOutcome = { action: string; status: "successful" | "failed" | "skipped"; error?: string };

interface OpenTransaction {
  begunAt: number;
  mutated: Set<string>;
}

/** What commits have mutated, when: the history the transaction conflict rule is judged on. */
interface Mutation {
  table: string;
  by: Invocation;
  at: number;
}

/** One invocation in progress: which statement is next, its open transaction, its outcomes. */
export class Invocation {
  private actionIndex = 0;
  private statementIndex = 0;
  transaction: OpenTransaction | undefined;
  readonly outcomes: ActionOutcome[] = [];

  constructor(
    readonly name: string,
    private readonly plan: PlannedAction[],
    readonly connection: DuckDBConnection,
  ) {
    this.skipBlockedActions();
  }

  get done(): boolean {
    return this.actionIndex >= this.plan.length;
  }

  /** Statements left to run if nothing fails. */
  get remaining(): number {
    return this.plan.slice(this.actionIndex).reduce((n, a) => n + a.statements.length, 0) - this.statementIndex;
  }

  get next(): PlannedStatement | undefined {
    return this.plan[this.actionIndex]?.statements[this.statementIndex];
  }

  get currentAction(): string {
    return this.plan[this.actionIndex]!.name;
  }

  /** The statement ran; the action ends after its last statement. */
  advance(): void {
    this.statementIndex++;
    if (this.statementIndex >= this.plan[this.actionIndex]!.statements.length) this.endAction({ status: "successful" });
  }

  /** The action failed at its current statement: Dataform skips its dependents and runs the rest. */
  async fail(error: string): Promise<void> {
    if (this.transaction) {
      // BigQuery rolls back a transaction its script did not finish (RULES.unfinishedTransactionRolledBack).
      await this.connection.run("ROLLBACK");
      this.transaction = undefined;
    }
    this.endAction({ status: "failed", error });
  }

  private endAction(outcome: Omit<ActionOutcome, "action">): void {
    this.outcomes.push({ action: this.currentAction, ...outcome });
    this.actionIndex++;
    this.statementIndex = 0;
    this.skipBlockedActions();
  }

  private skipBlockedActions(): void {
    for (;;) {
      const action = this.plan[this.actionIndex];
      if (!action) return;
      const unsuccessful = new Set(this.outcomes.filter((o) => o.status !== "successful").map((o) => o.action));
      const blockedBy = action.dependencies.filter((d) => unsuccessful.has(d));
      if (blockedBy.length > 0) this.outcomes.push({ action: action.name, status: "skipped", error: `dependency ${blockedBy.join(", ")} did not succeed` });
      else if (action.statements.length === 0) this.outcomes.push({ action: action.name, status: "successful" });
      else return;
      this.actionIndex++;
    }
  }
}

export interface Counters {
  steps: number;
  together: number;
  cancelled: number;
  queued: number;
  retried: number;
}

/** A DuckDB warehouse shared by invocations, with the commit history BigQuery's conflict rules need. */
export class Interleaver {
  private clock = 0;
  private readonly history: Mutation[] = [];
  readonly counters: Counters = { steps: 0, together: 0, cancelled: 0, queued: 0, retried: 0 };

  private constructor(
    readonly warehouse: Warehouse,
    private readonly project: string,
  ) {}

  static async open(file: string, project: string): Promise<Interleaver> {
    const warehouse = await Warehouse.open(file);
    await warehouse.attach(project);
    return new Interleaver(warehouse, project);
  }

  async invocation(name: string, plan: PlannedAction[]): Promise<Invocation> {
    return new Invocation(name, plan, await this.warehouse.session());
  }

  /** Fixes a DuckDB transaction's snapshot now (DuckDB takes it at the first read of the catalog). */
  private async pin(connection: DuckDBConnection): Promise<void> {
    await connection.run(`SELECT count(*) FROM ${duckdbTable({ database: this.project, schema: "_gigamart", name: "table_options" })}`);
  }

  /** A transaction other than `self`'s that mutated `table` and overlaps a transaction begun at `since`. */
  private conflicting(self: Invocation, others: readonly Invocation[], table: string, since: number): boolean {
    return others.some((o) => o !== self && o.transaction?.mutated.has(table)) || this.history.some((m) => m.by !== self && m.table === table && m.at > since);
  }

  /** Whether BigQuery would hold the invocation's next statement back (RULES.dmlQueuedBehindTransaction). */
  queued(invocation: Invocation, others: readonly Invocation[]): boolean {
    const next = invocation.next;
    return !!next && next.class.kind === "mutate" && !invocation.transaction && others.some((o) => o !== invocation && o.transaction?.mutated.has((next.class as { table: string }).table));
  }

  /** Runs the invocation's next statement alone; false when BigQuery would queue it (nothing ran). */
  async step(invocation: Invocation, others: readonly Invocation[]): Promise<boolean> {
    if (this.queued(invocation, others)) {
      this.counters.queued++;
      return false;
    }
    const statement = invocation.next!;
    const at = ++this.clock;
    this.counters.steps++;
    const c = statement.class;
    if (c.kind === "mutate" && invocation.transaction && this.conflicting(invocation, others, c.table, invocation.transaction.begunAt)) {
      this.counters.cancelled++;
      await invocation.fail(`${TRANSACTION_CANCELLED} ${c.table}`);
      return true;
    }
    try {
      await this.execute(invocation, statement);
    } catch (error) {
      await invocation.fail(error instanceof Error ? error.message.split("\n")[0]! : String(error));
      return true;
    }
    if (c.kind === "begin") {
      await this.pin(invocation.connection);
      invocation.transaction = { begunAt: at, mutated: new Set() };
    } else if (c.kind === "commit" && invocation.transaction) {
      for (const table of invocation.transaction.mutated) this.history.push({ table, by: invocation, at });
      invocation.transaction = undefined;
    } else if (c.kind === "mutate") {
      if (invocation.transaction) invocation.transaction.mutated.add(c.table);
      else this.history.push({ table: c.table, by: invocation, at });
    }
    invocation.advance();
    return true;
  }

  /** Whether two next statements can start together on one snapshot: both outside a transaction, neither DDL nor transaction control. */
  canStartTogether(a: Invocation, b: Invocation): boolean {
    const together = (i: Invocation) => !!i.next && !i.transaction && ["read", "append", "mutate"].includes(i.next.class.kind) && !this.queued(i, [a, b]);
    return together(a) && together(b);
  }

  /**
   * Starts both next statements on the same snapshot (RULES.statementSnapshot), `first` committing
   * first. Two mutating statements on one table conflict: the second is rerun on the new snapshot, as
   * BigQuery does (RULES.mutatingDmlConflicts): with two invocations one rerun is enough, well within
   * the MUTATING_DML_RETRIES BigQuery makes.
   */
  async startTogether(first: Invocation, second: Invocation): Promise<void> {
    const [a, b] = [first.next!.class, second.next!.class];
    if (a.kind === "mutate" && b.kind === "mutate" && a.table === b.table) {
      this.counters.retried++;
      await this.step(first, [first, second]);
      await this.step(second, [first, second]);
      return;
    }
    this.counters.together++;
    for (const i of [first, second]) {
      await i.connection.run("BEGIN TRANSACTION");
      await this.pin(i.connection);
    }
    const failed = new Map<Invocation, string>();
    for (const i of [first, second]) {
      try {
        await this.execute(i, i.next!);
      } catch (error) {
        failed.set(i, error instanceof Error ? error.message.split("\n")[0]! : String(error));
      }
    }
    for (const i of [first, second]) {
      const at = ++this.clock;
      this.counters.steps++;
      if (failed.has(i)) {
        await i.connection.run("ROLLBACK");
        await i.fail(failed.get(i)!);
        continue;
      }
      await i.connection.run("COMMIT");
      const c = i.next!.class;
      if (c.kind === "mutate") this.history.push({ table: c.table, by: i, at });
      i.advance();
    }
  }

  private async execute(invocation: Invocation, statement: PlannedStatement): Promise<void> {
    if (!statement.check) {
      await runStatement(invocation.connection, statement.sql);
      return;
    }
    const value = (await invocation.connection.runAndReadAll(statement.sql.duckdb)).getRows()[0]?.[0];
    if (value !== null && value !== undefined && Number(value) > 0) throw new Error(`Assertion failed: query returned ${Number(value)} row(s).`);
  }

  /** Runs an invocation alone to its end. */
  async runAlone(invocation: Invocation): Promise<void> {
    while (!invocation.done) await this.step(invocation, [invocation]);
  }

  close(invocations: readonly Invocation[] = []): void {
    for (const i of invocations) i.connection.closeSync();
    this.warehouse.close();
  }
}
