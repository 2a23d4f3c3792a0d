// BigQuery's isolation and concurrency rules for scripts, DML and multi-statement transactions, as
// Google documents them: the data the interleaving harness (interleaving.ts) enforces, one rule per
// entry with its source. Checked 2026-12-01.

export interface IsolationRule {
  source: string;
  /** What the page says, in short. */
  says: string;
}

const DML = "https://cloud.google.com/bigquery/docs/data-manipulation-language";
const TRANSACTIONS = "https://cloud.google.com/bigquery/docs/transactions";
const DML_BLOG = "https://cloud.google.com/blog/products/data-analytics/dml-without-limits-now-in-bigquery";

export const CHECKED = "2026-12-01";

export const RULES = {
  statementSnapshot: {
    source: DML_BLOG,
    says: "When a job starts, BigQuery determines the snapshot timestamp used to read the tables of the query: a statement sees what was committed when it started.",
  },
  statementCommits: {
    source: DML,
    says: "Each DML statement initiates an implicit transaction: its changes are committed at the end of each successful DML statement (a script's statements commit one by one).",
  },
  insertNeverConflicts: {
    source: `${DML}#dml_statement_conflicts`,
    says: "An INSERT DML statement that inserts rows to a table doesn't conflict with any other concurrently running DML statement.",
  },
  mutatingDmlConflicts: {
    source: `${DML}#dml_statement_conflicts`,
    says: "Mutating DML (UPDATE, DELETE, MERGE) that run concurrently on a table conflict when they mutate the same partition; BigQuery tries to rerun failed statements up to three times.",
  },
  mergeInsertingOnly: {
    source: `${DML}#dml_statement_conflicts`,
    says: "A MERGE does not conflict as long as it only inserts rows, even with UPDATE or DELETE clauses that are not invoked when it runs.",
  },
  transactionSnapshot: {
    source: TRANSACTIONS,
    says: "Transactions support snapshot isolation: all reads return a consistent snapshot of the tables referenced; a transaction's own changes are visible to its later statements.",
  },
  transactionConflictCancelled: {
    source: `${TRANSACTIONS}#transaction_concurrency`,
    says: "If a transaction mutates (updates or deletes) rows in a table, other transactions or DML statements that mutate rows in the same table cannot run concurrently. Conflicting transactions are cancelled.",
  },
  dmlQueuedBehindTransaction: {
    source: `${TRANSACTIONS}#transaction_concurrency`,
    says: "Conflicting DML statements that run outside of a transaction are queued to run later; reads and appends (INSERT, WRITE_APPEND loads, streaming) run concurrently with the transaction.",
  },
  unfinishedTransactionRolledBack: {
    source: TRANSACTIONS,
    says: "A transaction ends with COMMIT TRANSACTION, ROLLBACK TRANSACTION, or when the query ends before either: then BigQuery rolls it back.",
  },
  failedTransactionNotRetried: {
    source: `${TRANSACTIONS}#limitations`,
    says: "A multi-statement transaction that fails triggers a rollback, undoing all pending changes and precluding retries.",
  },
  noPermanentDdlInTransaction: {
    source: TRANSACTIONS,
    says: "DDL statements that create or drop permanent entities (datasets, tables, functions) are not supported inside transactions; temp tables and functions are.",
  },
} as const satisfies Record<string, IsolationRule>;

/** How often BigQuery reruns a mutating DML statement that lost a conflict (RULES.mutatingDmlConflicts). */
export const MUTATING_DML_RETRIES = 3;

/** The message of a transaction BigQuery cancelled (RULES.transactionConflictCancelled). */
export const TRANSACTION_CANCELLED = "Transaction is aborted due to concurrent update against table";

export type StatementClass =
  | { kind: "read" }
  | { kind: "append"; table: string }
  | { kind: "mutate"; table: string }
  | { kind: "ddl" }
  | { kind: "begin" }
  | { kind: "commit" }
  | { kind: "rollback" };

const TABLE = "(`[^`]+`|[\\w.-]+)";

/**
 * What a BigQuery statement does under the rules above. A MERGE with a WHEN MATCHED or NOT MATCHED BY
 * SOURCE clause is counted as mutating whether or not the clause fires (conservative: a conflict is
 * assumed where BigQuery might see none, which only cancels or retries more).
 */
export function classify(statement: string): StatementClass {
  const sql = statement.replace(/--[^\n]*/g, " ").replace(/\s+/g, " ").trim();
  const table = (pattern: string) => new RegExp(`^${pattern} ${TABLE}`, "i").exec(sql)?.[1]!.replace(/`/g, "").toLowerCase();
  if (/^begin transaction\b/i.test(sql)) return { kind: "begin" };
  if (/^commit\b/i.test(sql)) return { kind: "commit" };
  if (/^rollback\b/i.test(sql)) return { kind: "rollback" };
  if (/^(create|drop|alter)\b/i.test(sql)) return { kind: "ddl" };
  if (/^insert\b/i.test(sql)) return { kind: "append", table: table("insert(?: into)?")! };
  if (/^(update|delete|truncate)\b/i.test(sql)) return { kind: "mutate", table: table("(?:update|delete(?: from)?|truncate table)")! };
  if (/^merge\b/i.test(sql)) {
    const target = table("merge(?: into)?")!;
    return /when matched|when not matched by source/i.test(sql) ? { kind: "mutate", table: target } : { kind: "append", table: target };
  }
  return { kind: "read" };
}
