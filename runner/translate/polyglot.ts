/**
 * polyglot's wasm, run on one warm worker thread with a large stack and called synchronously.
 *
 * Why a thread: wasm frames live on the calling JS thread's stack, and once V8 has optimized
 * polyglot's generator (TurboFan frames are larger than Liftoff's) regenerating customer_dim_scd2's
 * MERGE guard needs about 2 MB: more than Node's main-thread default (984 KB), so a long run failed
 * with "Maximum call stack size exceeded" while a fresh process passed. A worker's stack is set by
 * `resourceLimits.stackSizeMb`; a stack overflow inside wasm would also leave the instance's own
 * (shadow) stack unbalanced, so the main thread never runs it at all.
 * Why synchronous: translateScript is synchronous for every caller (runner, query, fidelity); each
 * call posts its arguments and blocks on an Atomics flag until the worker answers (about 0.1 ms).
 */
import * as v8 from "node:v8";
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from "node:worker_threads";
import { UntranslatableError } from "./errors";

export type AstNode = Record<string, any>;

/** The worker's thread stack: 32 MB holds anything polyglot's parse guards (32 levels, AST depth 512) let through. */
const STACK_MB = 32;

/** Slots of the shared counters: requests sent, requests answered. */
const REQUESTS = 0;
const ANSWERS = 1;

type Method = "parse" | "generate" | "transpile" | "generateDataType";
interface Result {
  success: boolean;
  error?: string;
  sql?: string[];
  ast?: unknown;
}

// The worker's code: plain CommonJS, so it needs no TypeScript loader wherever the runner runs. It
// blocks on the shared counters instead of its event loop: a request is answered in microseconds.
const WORKER_SOURCE = `
const { workerData, receiveMessageOnPort } = require("node:worker_threads");
const polyglot = require(workerData.sdk);
const { port } = workerData;
const counters = new Int32Array(workerData.counters);
function answer({ method, args }) {
  try {
    if (method === "parse") return JSON.stringify(polyglot.parse(...args));
    if (method !== "generate") return polyglot[method](...args);
    // JSON text is twice as fast as object marshalling; that path refuses an AST deeper than 128 JSON levels
    const reply = polyglot.generate({ toJSON: () => args[0] }, args[1]);
    return !reply.success && /recursion limit exceeded/.test(String(reply.error)) ? polyglot.generate(args[0], args[1]) : reply;
  } catch (error) {
    return { success: false, error: "polyglot threw: " + String(error) };
  }
}
polyglot.init().then(() => {
  // init read the 22 MB module file into a buffer it no longer needs; the worker's small heap would free
  // it only at some later collection, so one now keeps that copy out of the translations' peak.
  const v8 = require("node:v8");
  v8.setFlagsFromString("--expose-gc");
  require("node:vm").runInNewContext("gc")();
  v8.setFlagsFromString("--no-expose-gc");
  port.postMessage("ready");
  for (let answered = 0; ; ) {
    Atomics.wait(counters, ${REQUESTS}, answered);
    for (let request = receiveMessageOnPort(port); request; request = receiveMessageOnPort(port)) {
      port.postMessage(answer(request.message));
      Atomics.store(counters, ${ANSWERS}, ++answered);
      Atomics.notify(counters, ${ANSWERS});
    }
  }
});
`;

interface Thread {
  worker: Worker;
  port: MessagePort;
  counters: Int32Array;
}

let thread: Thread | undefined;
let starting: Promise<void> | undefined;

export async function initPolyglot(): Promise<void> {
  // Baseline (Liftoff) code only: V8's optimizing tier recompiled the hot functions of polyglot's 22 MB
  // module on background threads, at 80 MB of code instead of 20 MB, for work of milliseconds a
  // statement. On the translator corpus (77 statements, 20 rounds, 2 cores): 4.3 s and 2.6 s of CPU
  // instead of 13.9 s and 9.0 s; one round 0.7 s instead of 10 s. Read when the worker compiles the module.
  v8.setFlagsFromString("--liftoff-only");
  starting ??= new Promise<void>((resolve, reject) => {
    const { port1, port2 } = new MessageChannel();
    const counters = new SharedArrayBuffer(8);
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { sdk: require.resolve("@polyglot-sql/sdk"), port: port2, counters },
      transferList: [port2],
      resourceLimits: { stackSizeMb: STACK_MB },
    });
    worker.once("error", reject);
    port1.once("message", () => {
      thread = { worker, port: port1, counters: new Int32Array(counters) };
      worker.unref();
      port1.unref();
      resolve();
    });
  });
  await starting;
}

/** Whether the thread runs or is starting. */
export const polyglotStarted = (): boolean => starting !== undefined;

/**
 * Ends the thread, which returns its memory (wasm code and heap, polyglot's own heap, about 70 MB) to the
 * system; the next initPolyglot starts another.
 */
export async function stopPolyglot(): Promise<void> {
  await starting?.catch(() => undefined);
  const stopping = thread?.worker.terminate();
  thread = undefined;
  starting = undefined;
  await stopping;
}

function call<R = Result>(method: Method, args: unknown[]): R {
  if (!thread) throw new Error("translator not initialized: await initTranslator() first");
  const { port, counters } = thread;
  port.postMessage({ method, args });
  const request = Atomics.add(counters, REQUESTS, 1) + 1;
  Atomics.notify(counters, REQUESTS);
  for (let answered = Atomics.load(counters, ANSWERS); answered < request; answered = Atomics.load(counters, ANSWERS)) {
    Atomics.wait(counters, ANSWERS, answered);
  }
  const reply = receiveMessageOnPort(port);
  if (!reply) throw new Error("internal: the polyglot thread answered nothing");
  return reply.message as R;
}

const BIGQUERY = "bigquery";
const DUCKDB = "duckdb";

export function parseBigQuery(sql: string): AstNode[] {
  // the parsed AST crosses threads as JSON text: faster than structured cloning
  const result = JSON.parse(call<string>("parse", [sql, BIGQUERY])) as Result;
  if (!result.success || !result.ast) {
    // polyglot's parse takes no guard options: its limits (32 nested levels, AST depth 512) are fixed
    if (/E_GUARD_(PARSER|AST)_DEPTH_EXCEEDED/.test(String(result.error))) {
      throw new UntranslatableError("nesting depth", `the statement nests deeper than polyglot's parser allows (${result.error}); nest less, e.g. as a chain of WITH queries`);
    }
    throw new UntranslatableError("syntax", `polyglot cannot parse this BigQuery statement: ${result.error}`);
  }
  return result.ast as AstNode[];
}

export function generateBigQuery(ast: AstNode[]): string {
  const result = call("generate", [ast, BIGQUERY]);
  if (!result.success || !result.sql) throw new Error(`internal: polyglot could not regenerate the statement: ${result.error}`);
  return result.sql.join(";\n");
}

/** BigQuery text -> DuckDB text; refuses (never falls back) when polyglot reports anything unsupported. */
export function transpileToDuckDb(bigQuerySql: string): string {
  const result = call("transpile", [bigQuerySql, BIGQUERY, DUCKDB, { unsupportedLevel: "raise" }]);
  if (!result.success || !result.sql) {
    // the token polyglot stopped at names the construct, e.g. "got Ignore ('IGNORE')"
    const token = /got \w+ \('([^']+)'\)/.exec(String(result.error))?.[1];
    throw new UntranslatableError(token ? `${token.toUpperCase()} where polyglot cannot translate it` : "polyglot", `polyglot cannot translate this statement to DuckDB: ${result.error}`);
  }
  return result.sql.join(";\n");
}

export function duckDbTypeName(dataType: AstNode): string {
  const result = call<{ success: boolean; sql?: string; error?: string }>("generateDataType", [dataType, DUCKDB]);
  if (!result.success || !result.sql) throw new UntranslatableError("type", `polyglot cannot write this type for DuckDB: ${result.error}`);
  return result.sql;
}
