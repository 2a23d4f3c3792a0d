import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import type * as grpc from "@grpc/grpc-js";
import type * as protobuf from "protobufjs";
import type {
  AnalyzeRequest,
  AnalyzeResponse,
  EvaluateQueryRequest,
  EvaluateQueryResponse,
  LanguageOptionsProto,
  ParseRequest,
  ParseResponse,
  ResolvedNodeKind,
} from "./protos";

const PACKAGE_DIR = path.dirname(require.resolve("@fivetrandevelopers/zetasql/package.json"));
const SERVER_BINARY = path.join(PACKAGE_DIR, "lib", "zetasql", "remote_server.so");
const PROTO_DIR = path.join(PACKAGE_DIR, "lib", "zetasql", "protos");

/** Statement kinds BigQuery accepts from a Dataform action; Analyze refuses all but queries without them. */
export const SUPPORTED_STATEMENT_KINDS: ResolvedNodeKind[] = [
  "RESOLVED_QUERY_STMT",
  "RESOLVED_CREATE_TABLE_AS_SELECT_STMT",
  "RESOLVED_CREATE_TABLE_STMT",
  "RESOLVED_CREATE_VIEW_STMT",
  "RESOLVED_CREATE_MATERIALIZED_VIEW_STMT",
  "RESOLVED_MERGE_STMT",
  "RESOLVED_INSERT_STMT",
  "RESOLVED_UPDATE_STMT",
  "RESOLVED_DELETE_STMT",
  "RESOLVED_TRUNCATE_STMT",
  "RESOLVED_DROP_STMT",
  "RESOLVED_ALTER_TABLE_STMT",
  "RESOLVED_ALTER_VIEW_STMT",
  "RESOLVED_CREATE_FUNCTION_STMT",
  "RESOLVED_CREATE_SCHEMA_STMT",
  "RESOLVED_BEGIN_STMT",
  "RESOLVED_COMMIT_STMT",
  "RESOLVED_ROLLBACK_STMT",
  "RESOLVED_ASSERT_STMT",
  "RESOLVED_EXECUTE_IMMEDIATE_STMT",
];

export class ZetaSqlStartError extends Error {
  override name = "ZetaSqlStartError";
}

type Rpc<Req, Res> = (request: Req) => Promise<Res>;

/** The RPCs of ZetaSqlLocalService that this project uses, over snake_case protos. */
export interface ZetaSqlClient {
  analyze: Rpc<AnalyzeRequest, AnalyzeResponse>;
  evaluateQuery: Rpc<EvaluateQueryRequest, EvaluateQueryResponse>;
  getLanguageOptions: Rpc<{ maximum_features?: boolean }, LanguageOptionsProto>;
  parse: Rpc<ParseRequest, ParseResponse>;
}

export interface ZetaSqlService {
  readonly port: number;
  /** Process group of the server and its guard. */
  readonly processGroup: number;
  readonly client: ZetaSqlClient;
  /** Every language feature on and BigQuery's statement kinds; pass to Analyze and to builtin_function_options. */
  readonly languageOptions: LanguageOptionsProto;
  stop(): Promise<void>;
}

// How messages are read, as @grpc/proto-loader would with these options: keepCase, since the server's field
// names are snake_case and every camelCased field we sent would be silently dropped; defaults:false keeps
// NULL values (no oneof set) visible.
const CONVERSION: protobuf.IConversionOptions = { longs: String, enums: String, bytes: Buffer, defaults: false, oneofs: true };

/**
 * ZetaSQL's protos as one protobufjs root. Parsing the ~60 .proto files takes about 0.4 s of every process
 * that analyzes; the parsed root is kept as JSON beside the system's temp files (keyed by both packages'
 * versions, written whole by a rename), from which the next process builds it in half the time.
 */
function loadProtos(protobuf: typeof import("protobufjs")): protobuf.Root {
  const version = (pkg: string) => (require(`${pkg}/package.json`) as { version: string }).version;
  const cache = path.join(os.tmpdir(), `gigamart-zetasql-protos-${version("@fivetrandevelopers/zetasql")}-${version("protobufjs")}.json`);
  try {
    return protobuf.Root.fromJSON(JSON.parse(fs.readFileSync(cache, "utf8")) as protobuf.INamespace);
  } catch {
    // No cache yet, or one cut short or from another layout: parse the protos.
  }
  // descriptor.proto, which ZetaSQL's protos import, is not among protobufjs's bundled files by default.
  const descriptor = require("protobufjs/google/protobuf/descriptor.json") as { nested: { google: { nested: { protobuf: { nested: Record<string, protobuf.AnyNestedObject> } } } } };
  protobuf.common("descriptor", descriptor.nested.google.nested.protobuf.nested);
  const root = new protobuf.Root();
  root.resolvePath = (origin, target) => {
    const local = path.join(PROTO_DIR, target);
    return path.isAbsolute(target) ? target : fs.existsSync(local) ? local : protobuf.util.path.resolve(origin, target);
  };
  root.loadSync("local_service.proto", { keepCase: true });
  try {
    const partial = `${cache}.${process.pid}`;
    fs.writeFileSync(partial, JSON.stringify(root.toJSON()));
    fs.renameSync(partial, cache);
  } catch {
    // A read-only temp folder only costs the next process the parse.
  }
  return root;
}

/**
 * The service's client, its messages (de)serialized by protobufjs as proto-loader does. proto-loader's
 * package definition also describes every one of ZetaSQL's ~900 message types, which a client never
 * reads: building it doubled the cost of loading the protos (about 1 s and 25 MB per process).
 */
const grpcJs = () => require("@grpc/grpc-js") as typeof grpc;
let cachedConstructor: grpc.ServiceClientConstructor | undefined;
function serviceConstructor(): grpc.ServiceClientConstructor {
  if (cachedConstructor) return cachedConstructor;
  // Loaded on first use (about 10 MB): `gigamart query` connects only once its translator has ended.
  const protobuf = require("protobufjs") as typeof import("protobufjs");
  const root = loadProtos(protobuf);
  // Message types resolve their fields on first use; only the methods' own types are needed here.
  const service = root.lookupService("zetasql.local_service.ZetaSqlLocalService");
  service.resolveAll();
  const methods: grpc.ServiceDefinition = Object.fromEntries(
    service.methodsArray.map((method) => {
      const [request, response] = [method.resolvedRequestType!, method.resolvedResponseType!];
      const definition: grpc.MethodDefinition<object, object> = {
        path: `/zetasql.local_service.ZetaSqlLocalService/${method.name}`,
        requestStream: !!method.requestStream,
        responseStream: !!method.responseStream,
        requestSerialize: (value) => Buffer.from(request.encode(request.fromObject(value)).finish()),
        requestDeserialize: (bytes) => request.toObject(request.decode(bytes), CONVERSION),
        responseSerialize: (value) => Buffer.from(response.encode(response.fromObject(value)).finish()),
        responseDeserialize: (bytes) => response.toObject(response.decode(bytes), CONVERSION),
      };
      return [method.name, definition];
    }),
  );
  cachedConstructor = grpcJs().makeGenericClientConstructor(methods, service.name);
  return cachedConstructor;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * The server runs under a tiny shell guard in its own process group: the guard kills the server when
 * our end of its stdin closes, which the kernel does whenever this process ends — normal exit, crash,
 * Ctrl-C or SIGKILL — so no server outlives the process that started it.
 */
const GUARD_SCRIPT = [
  // sh gives background jobs /dev/null as stdin, so the guard reads our pipe through fd 3.
  "exec 3<&0",
  '"$0" "$@" </dev/null 3<&- &',
  "server=$!",
  "{ while read -r _; do :; done; kill -KILL $server 2>/dev/null; } <&3 &",
  "guard=$!",
  "wait $server",
  "status=$?",
  "kill $guard 2>/dev/null",
  "exit $status",
].join("\n");

function checkPlatform(binary: string): void {
  if (process.platform !== "linux" || process.arch !== "x64") {
    throw new ZetaSqlStartError(`ZetaSQL service: ${binary} is a Linux x86-64 binary and cannot run on ${process.platform}-${process.arch}`);
  }
  if (!fs.existsSync(binary)) {
    throw new ZetaSqlStartError(`ZetaSQL service: ${binary} is missing (is @fivetrandevelopers/zetasql installed?)`);
  }
}

function waitUntilListening(child: ChildProcess, binary: string, port: number, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = "";
    const fail = (why: string) => {
      cleanup();
      const tail = output.trim().split("\n").slice(-1)[0] ?? "";
      reject(new ZetaSqlStartError(`ZetaSQL service: ${binary} ${why}${tail ? `: ${tail}` : ""}`));
    };
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(`Server listening on localhost:${port}`)) {
        cleanup();
        resolve();
      }
    };
    const onExit = (code: number | null, signal: string | null) =>
      fail(`exited before listening on port ${port} (${signal ?? `exit code ${code}`})`);
    const onError = (err: Error) => fail(`could not be started (${err.message})`);
    const timer = setTimeout(() => fail(`did not listen on port ${port} within ${timeoutMs} ms`), timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      child.stdout?.off("data", onData);
      child.stderr?.off("data", onData);
      child.off("exit", onExit);
      child.off("error", onError);
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", onExit);
    child.once("error", onError);
  });
}

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch {
    // already gone
  }
}

function promisifyClient(raw: grpc.Client): ZetaSqlClient {
  const call =
    <Req, Res>(method: string): Rpc<Req, Res> =>
    (request) =>
      new Promise((resolve, reject) => {
        const fn = (raw as unknown as Record<string, Function>)[method];
        fn.call(raw, request, (err: grpc.ServiceError | null, response: Res) =>
          err ? reject(new Error(err.details || err.message)) : resolve(response),
        );
      });
  return {
    analyze: call("Analyze"),
    evaluateQuery: call("EvaluateQuery"),
    getLanguageOptions: call("GetLanguageOptions"),
    parse: call("Parse"),
  };
}

/**
 * Starts Google's ZetaSQL local service on a free port and resolves once it answers.
 * `binary` replaces the package's server (tests use it to see a server that fails to start).
 * `connectAfter`: the client (its protos, ~15 MB) loads only once this settles; the server starts at once.
 */
export async function startZetaSql(options: { timeoutMs?: number; binary?: string; connectAfter?: Promise<unknown> } = {}): Promise<ZetaSqlService> {
  const binary = options.binary ?? SERVER_BINARY;
  checkPlatform(binary);
  const timeoutMs = options.timeoutMs ?? 30_000;
  const port = await freePort();
  const child = spawn("/bin/sh", ["-c", GUARD_SCRIPT, binary, "localhost", String(port)], {
    detached: true,
    stdio: ["pipe", "pipe", "pipe"],
  });
  const onExit = () => killGroup(child);
  process.once("exit", onExit);
  try {
    await waitUntilListening(child, binary, port, timeoutMs);
  } catch (err) {
    killGroup(child);
    process.off("exit", onExit);
    throw err;
  }
  // Keep draining the server's output so a chatty server never blocks on a full pipe.
  child.stdout?.resume();
  child.stderr?.resume();
  child.unref();
  for (const stream of [child.stdin, child.stdout, child.stderr]) (stream as unknown as { unref?: () => void })?.unref?.();

  await options.connectAfter?.catch(() => undefined);
  const Client = serviceConstructor();
  const raw = new Client(`localhost:${port}`, grpcJs().credentials.createInsecure(), {
    "grpc.max_send_message_length": 512 * 1024 * 1024,
    "grpc.max_receive_message_length": 512 * 1024 * 1024,
  });
  const client = promisifyClient(raw);
  const languageOptions: LanguageOptionsProto = {
    ...(await client.getLanguageOptions({ maximum_features: true })),
    supported_statement_kinds: SUPPORTED_STATEMENT_KINDS,
  };

  let stopped = false;
  return {
    port,
    processGroup: child.pid!,
    client,
    languageOptions,
    async stop() {
      if (stopped) return;
      stopped = true;
      raw.close();
      process.off("exit", onExit);
      child.ref(); // the exit we wait for must keep the event loop alive
      const exited = new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) resolve();
        else child.once("exit", () => resolve());
      });
      killGroup(child);
      await exited;
    },
  };
}
