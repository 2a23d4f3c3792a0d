/** Errors whose message is already the one line a person needs; anything else also gets its stack on DEBUG. */
export function reportError(error: unknown): never {
  const message = error instanceof Error ? error.message : String(error);
  const [first, ...rest] = message.split("\n");
  process.stderr.write(`gigamart: ${first}\n`);
  if (rest.length > 0) process.stderr.write(rest.join("\n") + "\n");
  if (process.env.DEBUG && error instanceof Error && error.stack) process.stderr.write(error.stack + "\n");
  process.exit(process.exitCode && process.exitCode !== 0 ? process.exitCode : 1);
}
