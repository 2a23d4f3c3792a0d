// Business dates and lateness. A source's daily batch lands the morning after the business day, so an
// event is late when it was ingested after that: days_late = local ingestion date - event date - 1.
// Lateness is a property of the row (its business date and its own ingestion_ts), never of when the
// pipeline happened to run, so the logs do not depend on how loads were batched into runs.
import { lateWindowDays, timeZone } from "./names";

/** The calendar date of a timestamp in the source time zone. */
export function localDate(tsExpr: string, timeZone: string): string {
  return `date(${tsExpr}, '${timeZone}')`;
}

/** How many days after its normal batch an event landed (0 = on time). */
export function daysLate(eventDateExpr: string, ingestionTsExpr: string, timeZone: string): string {
  return `greatest(date_diff(${localDate(ingestionTsExpr, timeZone)}, ${eventDateExpr}, day) - 1, 0)`;
}

/**
 * A row later than the late window (config late_data.window_days): it is quarantined and logged to
 * late_arriving_data instead of reopening a partition older than incremental reads look at.
 */
export function tooLate(eventDateExpr: string, ingestionTsExpr: string): string {
  return `${daysLate(eventDateExpr, ingestionTsExpr, timeZone())} > ${lateWindowDays()}`;
}

/**
 * Partition filter for incremental reads: every event date a row loaded after the watermark can hold
 * without being too late (its local ingestion date is at least the watermark's, so the window plus the
 * normal batch's day back from that).
 */
export function recentPartitions(dateColumn: string, watermarkVariable: string): string {
  return `${dateColumn} >= date_sub(${localDate(watermarkVariable, timeZone())}, interval ${lateWindowDays() + 1} day)`;
}

/** A timestamp earlier than any load: the watermark of an empty table. */
export const EPOCH = "timestamp '1970-01-01 00:00:00+00'";
