// Business dates and lateness. A source's daily batch lands the morning after the business day, so an
// event is late when it was ingested after that: days_late = local ingestion date - event date - 1.

/** Days after the normal batch a late event may still arrive; incremental reads look back this far. */
export const LOOKBACK_DAYS = 30;

/** The calendar date of a timestamp in the source time zone. */
export function localDate(tsExpr: string, timeZone: string): string {
  return `date(${tsExpr}, '${timeZone}')`;
}

/** How many days after its normal batch an event landed (0 = on time). */
export function daysLate(eventDateExpr: string, ingestionTsExpr: string, timeZone: string): string {
  return `greatest(date_diff(${localDate(ingestionTsExpr, timeZone)}, ${eventDateExpr}, day) - 1, 0)`;
}

/** Partition filter for incremental reads: event dates a batch after the watermark can still hold. */
export function recentPartitions(dateColumn: string, watermarkVariable: string): string {
  return `${dateColumn} >= date_sub(date(${watermarkVariable}), interval ${LOOKBACK_DAYS} day)`;
}

/** A timestamp earlier than any load: the watermark of an empty table. */
export const EPOCH = "timestamp '1970-01-01 00:00:00+00'";
