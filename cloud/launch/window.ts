/**
 * Which landed files a scheduled load takes. Cloud Scheduler starts the `gigamart-scheduled-ingest`
 * workflow (cloud/workflows/scheduled-ingest.yaml) daily or hourly; the workflow and
 * `gigamart ingest --target bigquery --scheduled <cadence> --at <time>` compute the same window, so
 * an operator can re-run a failed scheduled execution from a laptop and get the same jobs.
 *
 * The window ends at the start of the source-zone hour the run starts in and spans one cadence:
 * consecutive runs cover time without gap or overlap, so each file is loaded once whatever folder
 * date its exporter gave it, as long as that folder is dated the window's days or the day before.
 */
export type Cadence = "daily" | "hourly";

export const CADENCE_SECONDS: Readonly<Record<Cadence, number>> = { daily: 86_400, hourly: 3_600 };

export interface LandingWindow {
  /** Files whose object was created in [from, to) are loaded. */
  readonly from: Date;
  readonly to: Date;
  /** Dated folders (YYYY-MM-DD, source zone) listed for the window, oldest first. */
  readonly dates: readonly string[];
  /** Names the run's jobs and context folders: `sched-20261127t0100` (window end, source zone). */
  readonly runId: string;
}

/** The wall clock of an instant in a zone, as `YYYY-MM-DDTHH:MM:SS`. */
function wallClock(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)!.value;
  return `${part("year")}-${part("month")}-${part("day")}T${part("hour")}:${part("minute")}:${part("second")}`;
}

/** The window a run started at `at` loads (the workflow's `init` step computes the same). */
export function scheduledWindow(at: Date, cadence: Cadence, timeZone: string): LandingWindow {
  const nowSeconds = Math.floor(at.getTime() / 1000);
  // The zone's offset at `at`: its wall clock read as if it were UTC, minus the instant.
  const wall = Date.parse(`${wallClock(at, timeZone)}Z`) / 1000;
  const offset = wall - nowSeconds;
  const end = wall - (wall % 3600) - offset;
  const start = end - CADENCE_SECONDS[cadence];
  const day = (seconds: number) => wallClock(new Date(seconds * 1000), timeZone).slice(0, 10);
  const dates = [...new Set([day(start - 86_400), day(start), day(end - 1)])];
  const endWall = wallClock(new Date(end * 1000), timeZone);
  return {
    from: new Date(start * 1000),
    to: new Date(end * 1000),
    dates,
    runId: `sched-${endWall.slice(0, 10).replace(/-/g, "")}t${endWall.slice(11, 13)}${endWall.slice(14, 16)}`,
  };
}
