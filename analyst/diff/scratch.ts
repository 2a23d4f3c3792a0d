import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** A private copy of a local warehouse, where a change is built without touching the current tables. */
export interface ScratchWarehouse {
  readonly file: string;
  remove(): void;
}

/**
 * Copies the warehouse file with what DuckDB and the runner keep beside it: its write-ahead log, and the
 * files of other Google Cloud projects (`warehouse.<project>.duckdb`, runner/local/warehouse.ts).
 * The original is only read.
 */
export function scratchCopy(warehouseFile: string): ScratchWarehouse {
  const source = path.resolve(warehouseFile);
  if (!fs.existsSync(source)) throw new Error(`--warehouse ${warehouseFile}: no such warehouse file (build it first with \`gigamart run\`)`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gigamart-diff-"));
  const ext = path.extname(source);
  const stem = path.basename(source, ext);
  const belongs = (name: string) => name === path.basename(source) || name === `${path.basename(source)}.wal` || (name.startsWith(`${stem}.`) && (name.endsWith(ext) || name.endsWith(`${ext}.wal`)));
  for (const name of fs.readdirSync(path.dirname(source)).filter(belongs)) fs.copyFileSync(path.join(path.dirname(source), name), path.join(dir, name));
  return { file: path.join(dir, path.basename(source)), remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
