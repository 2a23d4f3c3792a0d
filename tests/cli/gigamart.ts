import { spawnSync } from "node:child_process";
import * as path from "node:path";

const BIN = path.resolve(__dirname, "../../cli/bin.js");

/** Runs the real `gigamart` command as a user would, in a separate process. */
export function gigamart(args: string[], env: Record<string, string> = {}, input?: string) {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", env: { ...process.env, ...env }, cwd: path.resolve(__dirname, "../.."), input });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, firstErrorLine: result.stderr.split("\n")[0] };
}
