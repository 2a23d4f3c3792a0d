// Reads one landing file as the UDF sees it in the cloud: decompressed (.gz), decoded as UTF-8 the
// way Beam's TextIO does (bytes that are not UTF-8 become U+FFFD, so only their line is INVALID; a
// byte-order mark is kept for the UDF to flag), split into lines at LF, CR LF or a lone CR, without
// terminators; for CSV, physical lines joined into RFC 4180 records where a quoted field holds a
// newline. A file that cannot be read at all (truncated gzip, empty) is an UnreadableFileError.
import * as fs from "node:fs";
import { TextDecoder } from "node:util";
import * as zlib from "node:zlib";

export class UnreadableFileError extends Error {
  override name = "UnreadableFileError";
}

/** A quoted field spanning more physical lines than this is taken as an unbalanced quote instead. */
const MAX_RECORD_LINES = 1000;

/** `onRead` is told the bytes read so far from disk (compressed bytes for .gz), for progress. */
export async function* fileLines(file: string, csv: boolean, onRead?: (bytesRead: number) => void): AsyncGenerator<string> {
  const raw = fs.createReadStream(file);
  const stream = file.endsWith(".gz") ? raw.pipe(zlib.createGunzip()) : raw;
  raw.on("error", (e) => stream.destroy(e));
  const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
  const joiner = csv ? new CsvRecordJoiner() : null;
  const ready: string[] = [];
  let rest = "";
  let lines = 0;
  let bytes = 0;
  const emit = (line: string): void => {
    lines++;
    if (joiner) joiner.push(line, ready);
    else ready.push(line);
  };
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      onRead?.(raw.bytesRead);
      const text = rest + decoder.decode(chunk, { stream: true });
      // A CR at the end of the chunk may be the first half of a CR LF: keep it for the next one.
      const cut = text.endsWith("\r") ? text.length - 1 : text.length;
      const parts = text.slice(0, cut).split(LINE_BREAK);
      rest = parts.pop()! + text.slice(cut);
      for (const p of parts) emit(p);
      yield* ready.splice(0);
    }
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code === "Z_BUF_ERROR" || /unexpected end/i.test(String(e)) ? "truncated gzip" : (e as Error).message;
    throw new UnreadableFileError(`${why} (after line ${lines})`);
  }
  rest += decoder.decode();
  if (bytes === 0 || (lines === 0 && rest === "")) throw new UnreadableFileError("empty file");
  // The last line's own terminator, when it is a CR, ends it rather than opening one more line.
  if (rest.endsWith("\r")) rest = rest.slice(0, -1);
  if (rest !== "") for (const p of rest.split(LINE_BREAK)) emit(p);
  joiner?.end(ready);
  yield* ready;
}

const LINE_BREAK = /\r\n|\r|\n/;

function countQuotes(line: string): number {
  let n = 0;
  for (let i = line.indexOf('"'); i >= 0; i = line.indexOf('"', i + 1)) n++;
  return n;
}

/** Joins physical lines while a quote is open; an unbalanced quote falls back to single lines. */
export class CsvRecordJoiner {
  private pending: string[] = [];
  private quotes = 0;

  push(line: string, out: string[]): void {
    this.pending.push(line);
    this.quotes += countQuotes(line);
    if (this.quotes % 2 === 0) {
      out.push(this.pending.join("\n"));
      this.reset();
    } else if (this.pending.length > MAX_RECORD_LINES) {
      this.breakFirst(out);
    }
  }

  end(out: string[]): void {
    while (this.pending.length > 0) this.breakFirst(out);
  }

  /** The first pending line is a record on its own (its quote never closes); rescan the others. */
  private breakFirst(out: string[]): void {
    const [first, ...others] = this.pending;
    this.reset();
    out.push(first!);
    for (const l of others) this.push(l, out);
  }

  private reset(): void {
    this.pending = [];
    this.quotes = 0;
  }
}
