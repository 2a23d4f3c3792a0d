// An independent reading of a generated landing folder, used by the generator tests to re-derive
// every ground-truth figure from the files themselves (the generator computes them while writing).
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "csv-parse/sync";

export function listFiles(root: string, dir = ""): string[] {
  return fs
    .readdirSync(path.join(root, dir), { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listFiles(root, path.posix.join(dir, e.name)) : [path.posix.join(dir, e.name)]))
    .sort();
}

export function readLines(root: string, file: string): string[] {
  const text = fs.readFileSync(path.join(root, file), "utf8");
  expectTrailingNewline(text, file);
  return text.length === 0 ? [] : text.slice(0, -1).split("\n");
}

function expectTrailingNewline(text: string, file: string): void {
  if (text.length > 0 && !text.endsWith("\n")) throw new Error(`${file}: last line has no newline`);
}

/** Milliseconds since the epoch; a timestamp without offset is India time, as the contract says. */
export function instant(ts: string): number {
  const withZone = /(Z|[+-]\d\d:\d\d)$/.test(ts) ? ts : `${ts}+05:30`;
  const ms = Date.parse(withZone);
  if (Number.isNaN(ms)) throw new Error(`bad timestamp ${ts}`);
  return ms;
}

export function businessDate(ts: string): string {
  return new Date(instant(ts) + 5.5 * 3600 * 1000).toISOString().slice(0, 10);
}

export const paise = (rupees: number): number => Math.round(rupees * 100);

export interface JsonLine {
  file: string;
  line: number;
  text: string;
  record?: Record<string, unknown>;
}

/** Every line of the JSON-lines files under `folder`; `record` only when it is an object carrying all `required` fields. */
export function jsonLines(root: string, folder: string, required: string[]): JsonLine[] {
  return listFiles(root)
    .filter((f) => f.startsWith(`${folder}/`))
    .flatMap((file) =>
      readLines(root, file).map((text, i) => {
        let record: Record<string, unknown> | undefined;
        try {
          const parsed: unknown = JSON.parse(text);
          if (parsed && typeof parsed === "object" && !Array.isArray(parsed) && required.every((k) => (parsed as Record<string, unknown>)[k] != null)) {
            record = parsed as Record<string, unknown>;
          }
        } catch {
          record = undefined;
        }
        return { file, line: i + 1, text, record };
      }),
    );
}

export interface CsvFile {
  file: string;
  header: string[];
  /** Rows with as many fields as the header, keyed by column, with their 1-based line number. */
  rows: Array<{ line: number; values: Record<string, string> }>;
  /** Line numbers of rows whose field count differs from the header's. */
  badLines: number[];
}

export function csvFiles(root: string, folder: string): CsvFile[] {
  return listFiles(root)
    .filter((f) => f.startsWith(`${folder}/`))
    .map((file) => {
      const records = parse(fs.readFileSync(path.join(root, file), "utf8"), { relax_column_count: true, info: true }) as unknown as Array<{
        record: string[];
        info: { lines: number };
      }>;
      const header = records[0]!.record;
      const out: CsvFile = { file, header, rows: [], badLines: [] };
      for (const { record, info } of records.slice(1)) {
        if (record.length !== header.length) out.badLines.push(info.lines);
        else out.rows.push({ line: info.lines, values: Object.fromEntries(header.map((h, i) => [h, record[i]!])) });
      }
      return out;
    });
}
