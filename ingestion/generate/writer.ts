import { once } from "node:events";
import * as fs from "node:fs";
import * as path from "node:path";

const FLUSH_BYTES = 1 << 20;

export interface LinePosition {
  /** Path relative to the landing root, with forward slashes. */
  file: string;
  /** 1-based line number within that file. */
  line: number;
}

/**
 * Appends lines to one landing file through a bounded buffer, waiting for the stream to drain,
 * so that memory stays flat however many lines a run writes.
 */
export class LineFileWriter {
  private readonly stream: fs.WriteStream;
  private buffer: string[] = [];
  private bufferedBytes = 0;
  lines = 0;

  constructor(
    root: string,
    readonly file: string,
  ) {
    const full = path.join(root, file);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    this.stream = fs.createWriteStream(full, { encoding: "utf8" });
  }

  async writeLine(text: string): Promise<LinePosition> {
    this.buffer.push(text, "\n");
    this.bufferedBytes += text.length + 1;
    this.lines++;
    const at = { file: this.file, line: this.lines };
    if (this.bufferedBytes >= FLUSH_BYTES) await this.flush();
    return at;
  }

  private async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const chunk = this.buffer.join("");
    this.buffer = [];
    this.bufferedBytes = 0;
    if (!this.stream.write(chunk)) await once(this.stream, "drain");
  }

  async close(): Promise<void> {
    await this.flush();
    await new Promise<void>((resolve, reject) => {
      this.stream.once("error", reject);
      this.stream.end(resolve);
    });
  }
}

/**
 * A day's feed split into numbered parts of at most `maxLines` lines, the way an exporter rolls
 * files: `pos/2026/11/01/pos-20261101-0001.jsonl`, `-0002`, …
 */
export class RollingFileWriter {
  private current: LineFileWriter | undefined;
  private part = 0;

  constructor(
    private readonly root: string,
    private readonly nameOfPart: (part: number) => string,
    private readonly maxLines: number,
    private readonly onClose: (w: LineFileWriter) => void,
  ) {}

  async writeLine(text: string): Promise<LinePosition> {
    if (!this.current || this.current.lines >= this.maxLines) {
      await this.closeCurrent();
      this.current = new LineFileWriter(this.root, this.nameOfPart(++this.part));
    }
    return this.current.writeLine(text);
  }

  private async closeCurrent(): Promise<void> {
    if (!this.current) return;
    await this.current.close();
    this.onClose(this.current);
    this.current = undefined;
  }

  async close(): Promise<void> {
    await this.closeCurrent();
  }
}
