import * as fs from "node:fs";
import * as path from "node:path";
import type { SourceContract } from "../../ingestion/contracts/types";
import { landingFiles } from "../../ingestion/load/landing";

/** A landed file: its path under the landing root, its size, and where it is on disk if it is local. */
export interface LandedObject {
  name: string;
  bytes: number;
  localPath?: string;
  /** When the bucket object was created (RFC 3339); bucket listings only. */
  created?: string;
  /** Cloud Storage's CRC32C (base64); bucket listings only. */
  crc32c?: string;
}

/** Which landed files a run loads: dated folders, and (scheduled runs) files created in a window. */
export interface Selection {
  dates?: readonly string[];
  createdBetween?: { readonly from: Date; readonly to: Date };
}

/** Landed files that one template job loads with one run context. */
export interface Batch {
  /** Unique in a run, safe in a job name and a GCS path: `crm-profiles-2026-11-05`, `…-2` when split. */
  id: string;
  source: SourceContract;
  /** The folder under the landing root, e.g. `crm-profiles/2026/11/05`. */
  folder: string;
  files: LandedObject[];
  /** Path under the landing root that the template reads: the folder's `*` when the batch is the whole folder. */
  pattern: string;
  /** CSV sources: the header line every file of the batch starts with. */
  header?: string;
}

/**
 * Enough leading bytes for any CSV header line, and small enough for a Workflows variable (the
 * scheduled workflow reads the same range).
 */
export const FIRST_LINE_BYTES = 1 << 16;

/** A first line from a file's leading bytes, without its terminator. */
export function firstLineOf(head: Buffer): string {
  const text = head.toString("utf8");
  const end = text.indexOf("\n");
  return (end < 0 ? text : text.slice(0, end)).replace(/\r$/, "");
}

/** A local file's first line, without its terminator. */
export function firstLine(file: string): string {
  const fd = fs.openSync(file, "r");
  try {
    const buf = Buffer.alloc(Math.min(FIRST_LINE_BYTES, fs.fstatSync(fd).size));
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    return firstLineOf(buf.subarray(0, n));
  } finally {
    fs.closeSync(fd);
  }
}

/** The files of a local folder with the bucket's layout, for the given sources. */
export function localLanding(landingDir: string, sources: readonly SourceContract[]): LandedObject[] {
  return landingFiles(landingDir, sources).map((f) => ({ name: f.name, bytes: f.sizeBytes, localPath: f.path }));
}

/** `crm-profiles/2026/11/05` → `2026-11-05`; undefined for a folder that is not dated. */
export function folderDate(folder: string): string | undefined {
  const m = /(\d{4})\/(\d{2})\/(\d{2})$/.exec(folder);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : undefined;
}

/**
 * Batches per source and folder, as the bucket lays files out by day. The template cannot tell the
 * UDF which file a line came from or what its CSV header was, so a run context holds them. A folder
 * becomes one batch (`folder/*`) when the run takes all of its files and they share one header;
 * otherwise each file is a batch of its own: schema drift within a day, or a window that takes only
 * the files landed since the last run.
 */
export async function planBatches(
  objects: readonly LandedObject[],
  sources: readonly SourceContract[],
  readFirstLine: (o: LandedObject) => Promise<string>,
  selection: Selection = {},
): Promise<Batch[]> {
  const { dates, createdBetween: window } = selection;
  const inWindow = (o: LandedObject) => {
    if (!window) return true;
    const created = o.created === undefined ? NaN : Date.parse(o.created);
    return created >= window.from.getTime() && created < window.to.getTime();
  };
  const batches: Batch[] = [];
  for (const source of sources) {
    const byFolder = new Map<string, LandedObject[]>();
    for (const o of objects) {
      if (!o.name.startsWith(`${source.landingFolder}/`) || o.name.endsWith("/")) continue;
      const folder = path.posix.dirname(o.name);
      if (dates && !dates.includes(folderDate(folder) ?? "")) continue;
      byFolder.set(folder, [...(byFolder.get(folder) ?? []), o]);
    }
    for (const [folder, listed] of [...byFolder].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const files = listed.filter(inWindow).sort((a, b) => (a.name < b.name ? -1 : 1));
      if (files.length === 0) continue;
      const slug = folder.split("/").join("-");
      const headers = source.format === "csv" ? await Promise.all(files.map(readFirstLine)) : files.map(() => undefined);
      const whole = files.length === listed.length && new Set(headers).size === 1;
      const groups: Array<[string | undefined, LandedObject[]]> = whole ? [[headers[0], files]] : files.map((f, i) => [headers[i], [f]]);
      groups.forEach(([header, group], i) => {
        batches.push({
          id: whole ? slug : `${slug}-${i + 1}`,
          source,
          folder,
          files: group,
          pattern: whole ? `${folder}/*` : group[0]!.name,
          ...(header !== undefined ? { header } : {}),
        });
      });
    }
  }
  return batches;
}
