"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.lockTable = lockTable;
exports.begin = begin;
exports.commit = commit;
// Overlap- and crash-safe incremental runs (README "Overlapping and interrupted runs"). On BigQuery each
// statement of an action's script commits on its own and INSERT never conflicts, so two invocations that
// read the same watermark would append the same rows twice, and a run that dies between statements would
// leave half a batch. So an incremental run reads its watermarks and makes all its writes inside one
// transaction that first mutates a lock row kept beside the target: a second transaction mutating that
// table is cancelled, a plain DML on it waits until the holder ends, and an unfinished transaction is
// rolled back. A first run or a full refresh (CREATE OR REPLACE: DDL, not allowed in a transaction) has
// no watermark to share and is atomic by itself.
const lateness_1 = require("./lateness");
/** The lock table of a target, `project.dataset.<table>_run_lock` (self() is backticked). */
function lockTable(self) {
    return self.replace(/`$/, "_run_lock`");
}
/**
 * Pre-operations that declare the watermarks and, on an incremental run, open the guarded transaction
 * and set the watermarks, then the bounds (a first run reads everything: it has no bounds).
 */
function begin(self, incremental, watermarks, bounds = []) {
    if (!incremental)
        return watermarks.map((w) => `declare ${w.variable} timestamp default ${lateness_1.EPOCH}`).join(";\n");
    const lock = lockTable(self);
    const claim = `update ${lock} set claimed_at = current_timestamp() where true`;
    return [
        // BigQuery requires declarations first; the values are set inside the transaction, on its snapshot.
        ...watermarks.map((w) => `declare ${w.variable} timestamp`),
        ...bounds.map((b) => `declare ${b.variable} ${b.type}`),
        `create table if not exists ${lock} as select current_timestamp() as claimed_at`,
        // Outside a transaction this waits while another invocation's transaction holds the lock...
        claim,
        "begin transaction",
        // ...inside it, it claims the lock: a concurrent claimer is cancelled instead of reading our watermark.
        claim,
        ...watermarks.map((w) => `set ${w.variable} = ${w.query}`),
        ...bounds.map((b) => `set ${b.variable} = ${b.query}`),
    ].join(";\n");
}
/** The post-operation that commits what begin() opened (nothing on a first run or full refresh). */
function commit(incremental) {
    return incremental ? "commit transaction" : "";
}
