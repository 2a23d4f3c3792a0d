"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.dedup = dedup;
exports.storedPartitions = storedPartitions;
// The one deduplication recipe of the stg_* models: read the usable bronze rows loaded after the
// watermark, rank the copies of each business key, keep one (the first copy loaded, or the latest
// version), log every other copy and every row the table already holds to dedup_log once, and do it all
// inside the overlap guard (overlap.ts) so a concurrent or repeated run can neither double nor lose a row.
// A source read in recent partitions only first quarantines its rows that landed later than the late
// window (lateness.ts): they are logged to late_arriving_data, never kept, so no run skips them unseen.
const lateness_1 = require("./lateness");
const names_1 = require("./names");
const dq_1 = require("./dq");
const overlap_1 = require("./overlap");
function dedup(o) {
    var _a;
    const version = "latest" in o.keep ? o.keep.latest : undefined;
    const loadOrder = "ingestion_ts, source_file, record_hash";
    const order = version ? `${version} desc, ${loadOrder}` : loadOrder;
    const window = `partition by ${o.key.join(", ")} order by ${order}`;
    const recent = o.recent ? ` and ${(0, lateness_1.recentPartitions)(o.recent.column, o.watermark)} and not (${(0, lateness_1.tooLate)(o.partitionDate, "b.ingestion_ts")})` : "";
    // An incremental run first finds the partitions its batch sits in (reading three narrow columns), so
    // the reads of every column of the batch's rows keep only those.
    const bounds = o.incremental ? batchBounds(o) : undefined;
    const fromBatch = (column) => (bounds ? ` and ${column} >= ${bounds.batchFrom.variable}` : "");
    const keptVersion = version ? `, first_value(${version}) over (${window}) as kept_version` : "";
    const batch = `(
    select *, row_number() over (${window}) as copy_no, first_value(record_hash) over (${window}) as kept_hash${keptVersion}
    from ${o.source} as b
    where ${(0, dq_1.usable)()} and ingestion_ts > ${o.watermark}${recent}${fromBatch((_a = bounds === null || bounds === void 0 ? void 0 : bounds.column) !== null && _a !== void 0 ? _a : "")}
  )`;
    // What the table already holds of the batch's keys (recent partitions, or the keys themselves); a
    // first run has no table yet and holds nothing.
    const k = o.key[0];
    const storedColumns = [...o.key, "record_hash", ...(version ? [version] : [])].join(", ");
    const storedOfBatch = (alias) => (o.recent ? (0, lateness_1.recentPartitions)(`${alias}${o.recent.column}`, o.watermark) : `${alias}${k} in (select ${k} from ${batch})`);
    // A key holding the partition column is stored in the batch's partitions; other keys may be stored in any recent one.
    const keyedByPartition = bounds && o.key.includes(bounds.column);
    // Otherwise the earliest recent partition holding one of the batch's keys bounds what is read of them.
    const storedFrom = bounds && o.recent && !keyedByPartition
        ? { variable: storedFromVariable(o.watermark), type: "date", query: `(select min(${o.recent.column}) from ${o.self} where ${storedOfBatch("")} and ${k} in (select ${k} from ${batch}))` }
        : undefined;
    const stored = (alias) => (keyedByPartition ? fromBatch(`${alias}${bounds.column}`) : storedFrom ? ` and ${alias}${o.recent.column} >= ${storedFrom.variable}` : "");
    const seen = `(select ${storedColumns} from ${o.self} where ${storedOfBatch("")}${stored("")})`;
    const joined = o.incremental ? `${batch} as b left join ${seen} as s on ${o.key.map((c) => `s.${c} = b.${c}`).join(" and ")}` : `${batch} as b`;
    // Per key: a stored row wins over the batch's kept copy unless the batch holds a newer version of it.
    const storedWins = !o.incremental ? "false" : version ? `s.${k} is not null and s.${version} >= b.kept_version` : `s.${k} is not null`;
    const kept = `(select b.* from ${joined} where b.copy_no = 1 and not (${storedWins}))`;
    // Every copy but the one kept is logged once, with the same reason whichever run first sees both:
    // the same content as the kept row is a DUPLICATE, anything else SUPERSEDED.
    // `logged` bounds the log's partitions when every row logged is in the batch's (then so are its log rows).
    const log = (from, reason, where, logged = "") => `insert into ${o.dedupLog} (source_table, business_key, record_hash, reason, partition_date, line_count, source_file, ingestion_ts, logged_at)
  select '${o.sourceTable}', ${o.businessKey}, b.record_hash, ${reason}, ${o.partitionDate}, ${o.lineCount}, b.source_file, b.ingestion_ts, current_timestamp()
  from ${from}
  where ${where}
    and not exists (
      select 1 from ${o.dedupLog} as l
      where l.source_table = '${o.sourceTable}' and l.partition_date = ${o.partitionDate} and l.business_key = ${o.businessKey}
        and l.record_hash = b.record_hash and l.source_file = b.source_file and l.ingestion_ts = b.ingestion_ts${logged}
    )`;
    const keptHash = o.incremental ? `if(${storedWins}, s.record_hash, b.kept_hash)` : "b.kept_hash";
    const logBatch = log(joined, `if(${keptHash} = b.record_hash, 'DUPLICATE', 'SUPERSEDED')`, `(b.copy_no > 1 or (${storedWins}))`, bounds ? ` and l.partition_date >= ${bounds.batchFrom.type === "date" ? bounds.batchFrom.variable : `date(${bounds.batchFrom.variable})`}` : "");
    // A stored version the batch replaces (the model merges on its key) is logged as the batch's older
    // copies are, so a version loaded in an earlier run is logged as if both had come in one run.
    const logReplaced = version && o.incremental
        ? [log(`${o.self} as b join ${kept} as n on ${o.key.map((c) => `n.${c} = b.${c}`).join(" and ")}`, "'SUPERSEDED'", `${storedOfBatch("b.")}${stored("b.")}`, storedFrom ? ` and l.partition_date >= ${storedFrom.variable}` : "")]
        : [];
    return {
        preOperations: [
            (0, overlap_1.begin)(o.self, o.incremental, [{ variable: o.watermark, query: `(select coalesce(max(ingestion_ts), ${lateness_1.EPOCH}) from ${o.self})` }], [bounds === null || bounds === void 0 ? void 0 : bounds.batchFrom, bounds === null || bounds === void 0 ? void 0 : bounds.lateFrom, storedFrom].filter((b) => !!b)),
            ...(o.recent ? [quarantineTooLate(o, o.recent, bounds === null || bounds === void 0 ? void 0 : bounds.lateFrom)] : []),
            ...logReplaced,
            logBatch,
        ].join(";\n"),
        kept,
        postOperations: (0, overlap_1.commit)(o.incremental),
    };
}
/**
 * Logs the usable rows loaded after the watermark that are later than the late window, from every
 * partition (a too-late row may sit in any, 0001-01-01 included): the reconciliation counts them.
 */
function quarantineTooLate(o, recent, lateFrom) {
    const handled = "QUARANTINED_TOO_LATE";
    return `insert into ${recent.lateLog} (source_table, business_key, record_hash, event_date, event_ts, ingestion_ts, days_late, line_count, handled_as, logged_at)
  select '${o.sourceTable}', ${o.businessKey}, b.record_hash, ${o.partitionDate}, ${recent.eventTs}, b.ingestion_ts,
    ${(0, lateness_1.daysLate)(o.partitionDate, "b.ingestion_ts", (0, names_1.timeZone)())}, ${o.lineCount}, '${handled}', current_timestamp()
  from ${o.source} as b
  where ${(0, dq_1.usable)("b.dq_status")} and b.ingestion_ts > ${o.watermark} and ${(0, lateness_1.tooLate)(o.partitionDate, "b.ingestion_ts")}${lateFrom ? ` and b.${recent.column} >= ${lateFrom.variable}` : ""}
    and not exists (
      select 1 from ${recent.lateLog} as l
      where l.source_table = '${o.sourceTable}' and l.event_date = ${o.partitionDate} and l.business_key = ${o.businessKey}
        and l.record_hash = b.record_hash and l.ingestion_ts = b.ingestion_ts and l.handled_as = '${handled}'
    )`;
}
/**
 * The partition filter of a staging model's MERGE (`updatePartitionFilter`, on its target): the recent
 * partitions, from the earliest one holding a key of the batch (NULL when none does: nothing matches).
 */
function storedPartitions(dateColumn, watermarkVariable) {
    const recent = (0, lateness_1.recentPartitions)(dateColumn, watermarkVariable).replace(new RegExp(`^${dateColumn} >= `), "");
    return `${dateColumn} >= greatest(${recent}, ${storedFromVariable(watermarkVariable)})`;
}
const storedFromVariable = (watermarkVariable) => `${watermarkVariable.replace(/watermark$/, "")}stored_from`;
/**
 * The earliest partition of the batch's rows and, for a source read in recent partitions, of its
 * too-late rows (NULL when there are none: no partition is read). Exact bounds of the rows the reads
 * keep, so they change no result. None without a partition column.
 */
function batchBounds(o) {
    var _a, _b;
    const column = (_b = (_a = o.recent) === null || _a === void 0 ? void 0 : _a.column) !== null && _b !== void 0 ? _b : o.partitionedBy;
    if (!column)
        return undefined;
    const prefix = o.watermark.replace(/watermark$/, "");
    const earliest = (where) => `(select min(b.${column}) from ${o.source} as b where ${(0, dq_1.usable)("b.dq_status")} and b.ingestion_ts > ${o.watermark}${where})`;
    if (!o.recent)
        return { column, batchFrom: { variable: `${prefix}batch_from`, type: "timestamp", query: earliest("") } };
    const late = (0, lateness_1.tooLate)(o.partitionDate, "b.ingestion_ts");
    return {
        column,
        batchFrom: { variable: `${prefix}batch_from`, type: "date", query: earliest(` and ${(0, lateness_1.recentPartitions)(`b.${column}`, o.watermark)} and not (${late})`) },
        lateFrom: { variable: `${prefix}late_from`, type: "date", query: earliest(` and ${late}`) },
    };
}
