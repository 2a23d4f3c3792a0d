// Where replayed POS messages come from: each line of a landing folder's pos/ files (in name order)
// or of stdin is one message's data. Empty lines are not messages: Pub/Sub refuses a message with
// neither data nor attributes.
import * as readline from "node:readline";
import { sourceContract } from "../contracts";
import { landingFiles } from "../load/landing";
import { fileLines } from "../load/lines";
import type { StreamMessage } from "./replay";

export async function* landingMessages(landingDir: string): AsyncGenerator<StreamMessage> {
  for (const file of landingFiles(landingDir, [sourceContract("pos")])) {
    for await (const line of fileLines(file.path, false)) if (line.length > 0) yield { data: line };
  }
}

export async function* streamMessages(input: NodeJS.ReadableStream): AsyncGenerator<StreamMessage> {
  for await (const line of readline.createInterface({ input, crlfDelay: Infinity })) if (line.length > 0) yield { data: line };
}
