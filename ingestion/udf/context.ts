// The run context. Dataflow's templates call the UDF with the line only, so whoever runs the bundle
// defines a global GIGAMART_CONTEXT before the first call: in the cloud, a small context file
// (see context_file.ts) uploaded next to the bundle and matched by the same
// javascriptTextTransformGcsPath glob; locally, the loader runs that same file in the vm.
// It is read at call time, so the files' load order does not matter.
import { formatInstant, instantFromMillis, localDate, parseTimestamp, zoneOffsetMinutes, type Instant } from "./time";

export interface RunContext {
  /** Landing file (path under the landing root) or stream name; goes to source_file. */
  source_file?: string;
  /** CSV sources: the file's header line; a line equal to it returns null. */
  header?: string;
  run_id?: string;
  /** RFC 3339; when absent (streaming) each call uses the current time. */
  ingestion_ts?: string;
  /** Zone for timestamps without offset and for partition dates; default Asia/Kolkata. */
  time_zone?: string;
}

declare var GIGAMART_CONTEXT: RunContext | undefined;

export const DEFAULT_TIME_ZONE = "Asia/Kolkata";

/** What a transform needs from the context, resolved once per distinct context object. */
export interface ResolvedContext {
  /** source_file as JSON text (or null), computed once per context rather than once per row. */
  readonly sourceFileJson: string;
  readonly header: string | null;
  /** Canonical ingestion_ts text and its instant; null instant = use the clock. */
  readonly ingestion: Instant | null;
  readonly ingestionText: string | null;
  /** Offset of the source zone in minutes; null when the zone is not supported. */
  readonly offsetMinutes: number | null;
  /** The ingestion date in the source zone, when the context fixes the ingestion time. */
  readonly today: string | null;
}

let lastRaw: RunContext | undefined;
let lastResolved: ResolvedContext | undefined;

function resolve(raw: RunContext): ResolvedContext {
  const zone = raw.time_zone || DEFAULT_TIME_ZONE;
  const offset = zoneOffsetMinutes(zone);
  const ingestion = raw.ingestion_ts ? parseTimestamp(raw.ingestion_ts, 0) : null;
  return {
    sourceFileJson: JSON.stringify(raw.source_file || null),
    header: raw.header ? stripLineEnd(raw.header) : null,
    ingestion,
    ingestionText: ingestion ? formatInstant(ingestion) : null,
    offsetMinutes: offset,
    today: ingestion ? localDate(ingestion, offset === null ? 0 : offset) : null,
  };
}

export function currentContext(): ResolvedContext {
  const raw: RunContext = typeof GIGAMART_CONTEXT === "undefined" || !GIGAMART_CONTEXT ? {} : GIGAMART_CONTEXT;
  if (raw !== lastRaw || !lastResolved) {
    lastRaw = raw;
    lastResolved = resolve(raw);
  }
  return lastResolved;
}

/** The ingestion instant of this call: the context's, or now. */
export function ingestionInstant(ctx: ResolvedContext): Instant {
  return ctx.ingestion || instantFromMillis(new Date().getTime());
}

/** A line without its BOM and line terminator: transport artifacts, not data. */
export function stripLineEnd(line: string): string {
  let s = line;
  if (s.charCodeAt(0) === 0xfeff) s = s.substring(1);
  const n = s.length;
  if (n > 0 && s.charCodeAt(n - 1) === 10) s = s.substring(0, n - (n > 1 && s.charCodeAt(n - 2) === 13 ? 2 : 1));
  else if (n > 0 && s.charCodeAt(n - 1) === 13) s = s.substring(0, n - 1);
  return s;
}
