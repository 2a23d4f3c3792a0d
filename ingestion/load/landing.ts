// The landing folder (DESIGN §3): one folder per source, scanned recursively. Anything else at the
// top, any symlink and anything that is not a readable regular file is a problem named by path, never
// silently skipped: a misspelled folder or a linked file must not look like "nothing arrived".
import * as fs from "node:fs";
import * as path from "node:path";
import { sources as allSources } from "../contracts";
import type { SourceContract } from "../contracts/types";

export interface LandingFile {
  source: SourceContract;
  /** Absolute path. */
  path: string;
  /** Path under the landing root with "/" separators: the source_file of its rows. */
  name: string;
  sizeBytes: number;
}

export interface LandingProblem {
  /** Path under the landing root with "/" separators. */
  name: string;
  why: string;
}

export interface LandingScan {
  files: LandingFile[];
  problems: LandingProblem[];
}

const byName = <T extends { name: string }>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * Hidden entries (".…") are skipped everywhere, and so are "_…" entries at the top, which hold our own
 * metadata (the generator's _ground_truth.json). Symlinks are refused, not followed: a link can lead
 * outside the landing folder or into a loop, and the row's source_file would not name the bytes read.
 */
function skipped(entryName: string, topLevel: boolean): boolean {
  return entryName.startsWith(".") || (topLevel && entryName.startsWith("_"));
}

/** Files of the given sources, sorted by name, and every problem of the whole landing folder. */
export function scanLanding(landingDir: string, sources: readonly SourceContract[]): LandingScan {
  const files: LandingFile[] = [];
  const problems: LandingProblem[] = [];
  const rel = (full: string) => path.relative(landingDir, full).split(path.sep).join("/");
  const known = new Map(allSources.map((s) => [s.landingFolder, s]));
  const chosen = new Set(sources.map((s) => s.name));

  const walk = (dir: string, source: SourceContract): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      problems.push({ name: `${rel(dir)}/`, why: `unreadable folder (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` });
      return;
    }
    for (const entry of entries) {
      if (skipped(entry.name, false)) continue;
      const full = path.join(dir, entry.name);
      if (entry.isSymbolicLink()) problems.push({ name: rel(full), why: "symlink (refused: copy the file into the landing folder)" });
      else if (entry.isDirectory()) walk(full, source);
      else if (!entry.isFile()) problems.push({ name: rel(full), why: "not a regular file" });
      else {
        const unreadable = unreadableReason(full);
        if (unreadable) problems.push({ name: rel(full), why: `unreadable (${unreadable})` });
        else files.push({ source, path: full, name: rel(full), sizeBytes: fs.statSync(full).size });
      }
    }
  };

  for (const entry of fs.readdirSync(landingDir, { withFileTypes: true })) {
    if (skipped(entry.name, true)) continue;
    const source = known.get(entry.name);
    const full = path.join(landingDir, entry.name);
    if (entry.isSymbolicLink()) problems.push({ name: entry.name, why: "symlink (refused: point --landing at the real folder)" });
    else if (!source || !entry.isDirectory()) {
      problems.push({ name: entry.isDirectory() ? `${entry.name}/` : entry.name, why: `not a source folder (expected one of: ${[...known.keys()].join(", ")})` });
    } else if (chosen.has(source.name)) walk(full, source);
  }
  return { files: files.sort(byName), problems: problems.sort(byName) };
}

/** Why a regular file cannot be opened for reading, or undefined when it can. */
function unreadableReason(file: string): string | undefined {
  try {
    fs.closeSync(fs.openSync(file, "r"));
    return undefined;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code ?? (e as Error).message;
  }
}

/** The readable files of the given sources, sorted by name (problems: see scanLanding). */
export function landingFiles(landingDir: string, sources: readonly SourceContract[]): LandingFile[] {
  return scanLanding(landingDir, sources).files;
}

/** One line naming the problems, then one line per problem: what `gigamart ingest` prints. */
export function describeLandingProblems(landingDir: string, problems: readonly LandingProblem[]): string {
  const names = problems.map((p) => p.name);
  const shown = names.length > 5 ? `${names.slice(0, 5).join(", ")} and ${names.length - 5} more` : names.join(", ");
  return [`landing folder ${landingDir}: ${problems.length} entr${problems.length === 1 ? "y" : "ies"} not loaded: ${shown}`, ...problems.map((p) => `  ${p.name}: ${p.why}`)].join("\n");
}
