// Reads one landing file as the UDF sees it: decompressed (.gz), strictly UTF-8, split into lines
// without terminators (\n, \r\n or \r); for CSV, physical lines joined into RFC 4180 records where a quoted field
// holds a newline. Any problem that makes the file unreadable is an UnreadableFileError.
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
  const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });
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
      const text = rest + decode(decoder, chunk, true, lines, rest);
      // Lines end at \n, \r\n or a lone \r, as Dataflow's TextIO splits them. A \r at the end of
      // a chunk may be half of \r\n: it waits for the next chunk.
      const parts = text.split(/\r\n|\r|\n/);
      rest = parts.pop()!;
      if (text.endsWith("\r")) rest = parts.pop()! + "\r";
      for (const p of parts) emit(p);
      yield* ready.splice(0);
    }
  } catch (e) {
    if (e instanceof UnreadableFileError) throw e;
    const why = (e as NodeJS.ErrnoException).code === "Z_BUF_ERROR" || /unexpected end/i.test(String(e)) ? "truncated gzip" : (e as Error).message;
    throw new UnreadableFileError(`${why} (after line ${lines})`);
  }
  rest += decode(decoder, undefined, false, lines, rest);
  if (bytes === 0 || (lines === 0 && rest === "")) throw new UnreadableFileError("empty file");
  if (rest !== "") emit(stripCr(rest));
  joiner?.end(ready);
  yield* ready;
}

function decode(decoder: TextDecoder, chunk: Buffer | undefined, stream: boolean, lines: number, pending: string): string {
  try {
    return decoder.decode(chunk, { stream });
  } catch {
    // Locate the bad bytes for the message: the first replacement character of a lenient decode.
    const lenient = pending + (chunk ? new TextDecoder("utf-8").decode(chunk) : "");
    const at = lenient.indexOf("\ufffd");
    const line = lines + 1 + (at < 0 ? 0 : lenient.slice(0, at).split("\n").length - 1);
    throw new UnreadableFileError(`not valid UTF-8 at line ${line}`);
  }
}

function stripCr(line: string): string {
  return line.endsWith("\r") ? line.slice(0, -1) : line;
}

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
