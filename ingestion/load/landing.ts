// The landing folder (DESIGN §3): one folder per source, scanned recursively.
import * as fs from "node:fs";
import * as path from "node:path";
import type { SourceContract } from "../contracts/types";

export interface LandingFile {
  source: SourceContract;
  /** Absolute path. */
  path: string;
  /** Path under the landing root with "/" separators: the source_file of its rows. */
  name: string;
  sizeBytes: number;
}

/** Files of the given sources, sorted by name; hidden files and folders are skipped. */
export function landingFiles(landingDir: string, sources: readonly SourceContract[]): LandingFile[] {
  const files: LandingFile[] = [];
  for (const source of sources) {
    const root = path.join(landingDir, source.landingFolder);
    if (!fs.existsSync(root)) continue;
    const walk = (dir: string): void => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        if (entry.name.startsWith(".")) continue;
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.isFile()) {
          files.push({ source, path: full, name: path.relative(landingDir, full).split(path.sep).join("/"), sizeBytes: fs.statSync(full).size });
        }
      }
    };
    walk(root);
  }
  return files.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
