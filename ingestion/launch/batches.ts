import * as fs from "node:fs";
import * as path from "node:path";
import type { SourceContract } from "../contracts/types";
import { landingFiles } from "../load/landing";

/** Landed files that one template job loads with one run context. */
export interface Batch {
  /** Unique in a run, safe in a job name and a GCS path: `crm-profiles-20261105`, `…-2` when split. */
  id: string;
  source: SourceContract;
  /** The dated folder under the landing root, e.g. `crm-profiles/2026/11/05`. */
  folder: string;
  files: Array<{ name: string; localPath: string; bytes: number }>;
  /** Path under the landing root that the template reads: the folder's `*` when the batch is the whole folder. */
  pattern: string;
  /** CSV sources: the header line every file of the batch starts with. */
  header?: string;
}

const FIRST_LINE_LIMIT = 1 << 20;

/** The file's first line, without its terminator; a CSV header is never longer than 1 MB. */
export function firstLine(file: string): string {
  const fd = fs.openSync(file, "r");
  try {
    const buf = Buffer.alloc(Math.min(FIRST_LINE_LIMIT, fs.fstatSync(fd).size));
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    const text = buf.subarray(0, n).toString("utf8");
    const end = text.indexOf("\n");
    return (end < 0 ? text : text.slice(0, end)).replace(/\r$/, "");
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Batches per source and dated folder, as the bucket lays files out. The template cannot tell the
 * UDF which file a line came from or what its CSV header was, so a run context holds them: a
 * folder whose CSV files do not all share one header (schema drift within a day) is split into one
 * batch per file, each with its own header.
 */
export function planBatches(landingDir: string, sources: readonly SourceContract[]): Batch[] {
  const batches: Batch[] = [];
  for (const source of sources) {
    const byFolder = new Map<string, ReturnType<typeof landingFiles>>();
    for (const f of landingFiles(landingDir, [source])) {
      const folder = path.posix.dirname(f.name);
      byFolder.set(folder, [...(byFolder.get(folder) ?? []), f]);
    }
    for (const [folder, files] of byFolder) {
      const slug = folder.split("/").join("-");
      const groups = new Map<string | undefined, typeof files>();
      for (const f of files) {
        const header = source.format === "csv" ? firstLine(f.path) : undefined;
        groups.set(header, [...(groups.get(header) ?? []), f]);
      }
      const whole = groups.size === 1;
      const members = whole ? [[...groups.entries()][0]!] : files.map((f) => [source.format === "csv" ? firstLine(f.path) : undefined, [f]] as const);
      members.forEach(([header, group], i) => {
        batches.push({
          id: whole ? slug : `${slug}-${i + 1}`,
          source,
          folder,
          files: group.map((f) => ({ name: f.name, localPath: f.path, bytes: f.sizeBytes })),
          pattern: whole ? `${folder}/*` : group[0]!.name,
          ...(header !== undefined ? { header } : {}),
        });
      });
    }
  }
  return batches;
}
