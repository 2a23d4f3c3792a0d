import { compactDate, datePath, type TimestampStyle } from "./calendar";
import type { CustomerProfile, Product, Store } from "./master";
import type { GenerateOptions } from "./options";
import type { Rng } from "./rng";
import type { GroundTruth, MalformedKind, Source } from "./truth";
import { sourceContract } from "../contracts";
import { LineFileWriter, RollingFileWriter } from "./writer";

/** Everything the feeds share during one run. */
export interface World {
  opts: GenerateOptions;
  /** The run's dates, index = day number. */
  dates: string[];
  stores: Store[];
  products: Product[];
  customers: CustomerProfile[];
  truth: GroundTruth;
}

export function pickTimestampStyle(rng: Rng, missingOffset: number): TimestampStyle {
  if (rng.chance(missingOffset)) return "local";
  return rng.chance(0.5) ? "offset" : "utc";
}

/** Popular products sell more: index skewed towards the front of the catalogue. */
export function pickProductIndex(rng: Rng, count: number): number {
  const u = rng.float();
  return Math.min(count - 1, Math.floor(u * u * count));
}

/** Ids that no master extract holds: stores S900–S999, products P90000–P99999. */
export function unknownStoreId(rng: Rng): string {
  return `S${rng.int(900, 999)}`;
}
export function unknownProductId(rng: Rng): string {
  return `P${rng.int(90000, 99999)}`;
}

/** A broken JSON-lines record, derived from a good one so it looks like what feeds really emit. */
export function malformedJsonLine(rng: Rng, good: string, withoutRequired: string): [string, MalformedKind] {
  const kind = rng.weighted<MalformedKind>([
    ["truncated_json", 3],
    ["not_json", 1],
    ["missing_required_field", 2],
  ]);
  if (kind === "truncated_json") return [good.slice(0, Math.max(1, Math.floor(good.length / 2))), kind];
  if (kind === "not_json") return [rng.pick(["ERROR 503 upstream timeout", "<html><body>Bad Gateway</body></html>", "null,,", "\u00ef\u00bf\u00bd\u00ef\u00bf\u00bd"]), kind];
  return [withoutRequired, kind];
}

/** `<folder>/2026/11/01/<folder>-20261101` — where a source's file for a day goes, before its suffix. */
export function dayFileStem(source: Source, date: string): string {
  const folder = sourceContract(source).landingFolder;
  return `${folder}/${datePath(date)}/${folder}-${compactDate(date)}`;
}

/** A JSON-lines feed's day, rolled into numbered parts. */
export function dayJsonlWriter(world: World, source: Source, date: string): RollingFileWriter {
  const stem = dayFileStem(source, date);
  return new RollingFileWriter(
    world.opts.outDir,
    (part) => `${stem}-${String(part).padStart(4, "0")}.jsonl`,
    world.opts.maxLinesPerFile,
    (w) => world.truth.fileClosed(source, w.file, w.lines, 0),
  );
}

/** A CSV feed's day: one file whose first line is the header. */
export async function dayCsvWriter(world: World, source: Source, date: string, header: string): Promise<LineFileWriter> {
  const w = new LineFileWriter(world.opts.outDir, `${dayFileStem(source, date)}.csv`);
  await w.writeLine(header);
  return w;
}

export async function closeCsv(world: World, source: Source, w: LineFileWriter): Promise<void> {
  await w.close();
  world.truth.fileClosed(source, w.file, w.lines, 1);
}
