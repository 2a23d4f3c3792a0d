import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";

/**
 * A value computed once per key, kept as JSON in `dir` (one file per key's hash): for results that are
 * a pure function of what the key holds (a compiled graph of the project's files, its analysis).
 */
export async function cachedJson<T>(dir: string, key: unknown[], produce: () => Promise<T>): Promise<T> {
  const file = path.join(dir, `${createHash("sha256").update(JSON.stringify(key)).digest("hex")}.json`);
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, "utf8")) as T;
  const value = await produce();
  fs.mkdirSync(dir, { recursive: true });
  // Written whole, then renamed: a concurrent reader never sees half a file.
  fs.writeFileSync(`${file}.${process.pid}`, JSON.stringify(value));
  fs.renameSync(`${file}.${process.pid}`, file);
  return value;
}
