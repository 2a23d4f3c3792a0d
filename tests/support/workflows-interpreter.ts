/**
 * Runs a Google Cloud Workflows definition (YAML) inside a test, for the subset GigaMart's launcher uses.
 *
 * Google Cloud cannot be reached from the test machine, so every Google API call the YAML makes
 * (`googleapis.*` connectors and `http.*`) is answered by a handler the test supplies: that handler is the
 * request boundary the tests check. Everything else is evaluated here, following Google's documented
 * Workflows semantics. Where the documentation is silent or ambiguous, the interpreter refuses (throws
 * an uncatchable error naming the step and the construct) instead of picking a behaviour, so a test can
 * never pass on a guess. Structure and expressions are checked before the first step runs, as a
 * deployment would check them.
 *
 * Layout: public API; values and errors; tokenizer; precedence-climbing expression parser; expression
 * evaluator; standard library; definition compiler; step executor.
 */
import { parse as parseYaml } from "yaml";

// ---------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------

export type CallHandler = (fn: string, args: Record<string, unknown>) => unknown | Promise<unknown>;

export interface RunOptions {
  /** The execution argument (what `executions.create` gets as JSON in `argument`). */
  argument?: unknown;
  /** Seconds since the epoch, as sys.now() returns (a double). */
  now: () => number;
  /** Every call whose name starts with `googleapis.` or `http.` goes here. */
  call: CallHandler;
  /** Stop with an error after this many steps (default 100000): a loop that never ends fails. */
  maxSteps?: number;
  /** What sys.get_env returns, e.g. GOOGLE_CLOUD_PROJECT_ID. A name missing here is refused unless the call gives a default. */
  env?: Record<string, string>;
}

export interface RunResult {
  result: unknown;
  logs: unknown[];
  steps: number;
}

/** An error the workflow raised and nothing caught; `value` is the error as Workflows would report it. */
export class WorkflowError extends Error {
  constructor(readonly value: unknown) {
    super(`workflow failed with an uncaught error: ${describeExternal(value)}`);
    this.name = "WorkflowError";
  }
}

/** What a handler throws for an HTTP error response: becomes the error map {code, message, tags:["HttpError"], body, headers}. */
export class HttpError extends Error {
  constructor(
    readonly code: number,
    readonly body?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(`HTTP server responded with error code ${code}`);
    this.name = "HttpError";
  }
}

/** Runs `main` of a workflow definition (YAML text). Throws WorkflowError on an uncaught raise. */
export async function runWorkflow(source: string, options: RunOptions): Promise<RunResult> {
  const workflows = compileDefinition(source);
  const main = workflows.get("main");
  if (!main) throw new Refusal(`definition: there is no "main" workflow`);
  const run: Run = { options, workflows, logs: [], steps: 0, maxSteps: options.maxSteps ?? 100000 };
  const args = new Map<string, Value>();
  const param = main.params[0];
  if (param) {
    if (options.argument === undefined) {
      throw new Refusal(`workflow "main": it takes the parameter "${param.name}" but the run has no argument (what Workflows binds then is not documented here)`);
    }
    args.set(param.name, fromExternal(`workflow "main"`, options.argument, "argument"));
  } else if (options.argument !== undefined) {
    throw new Refusal(`workflow "main": an argument was given but main declares no params`);
  }
  let value: Value;
  try {
    value = await callWorkflow(run, main, args);
  } catch (e) {
    if (e instanceof Raised) throw new WorkflowError(toExternal(`workflow "main"`, e.value, true));
    throw e;
  }
  return { result: toExternal(`workflow "main"`, value, false), logs: run.logs, steps: run.steps };
}

// ---------------------------------------------------------------------------------------------
// Values and errors
// ---------------------------------------------------------------------------------------------

// Integers are bigint and doubles are number, because Workflows keeps the two apart (1 + 1 is an
// integer, 1 + 1.0 a double, 64-bit integers exceed a JS number) and YAML/JSON text tells them apart.
type Value = null | boolean | bigint | number | string | Buffer | Value[] | WMap;
interface WMap extends Map<string, Value> {}

const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);

const isMap = (v: Value): v is WMap => v instanceof Map;
const isList = (v: Value): v is Value[] => Array.isArray(v);
const isBytes = (v: Value): v is Buffer => Buffer.isBuffer(v);
const isNum = (v: Value): v is bigint | number => typeof v === "bigint" || typeof v === "number";

/** A construct this interpreter does not implement, or a definition Workflows would reject: never catchable in the YAML. */
class Refusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WorkflowUnsupportedError";
  }
}

/** A Workflows error in flight (raise, HttpError, KeyError...): the only thing try/except and retry see. */
class Raised extends Error {
  constructor(readonly value: Value) {
    super("workflow error");
  }
}

function refuse(where: string, what: string): never {
  throw new Refusal(`${where}: ${what}`);
}

function raiseError(tag: string, message: string): never {
  throw new Raised(new Map<string, Value>([["tags", [tag]], ["message", message]]));
}

function typeName(v: Value): string {
  if (v === null) return "null";
  if (typeof v === "boolean") return "bool";
  if (typeof v === "bigint") return "integer";
  if (typeof v === "number") return "double";
  if (typeof v === "string") return "string";
  if (isBytes(v)) return "bytes";
  if (isList(v)) return "list";
  return "map";
}

function checkInt(where: string, v: bigint): bigint {
  // The documentation's sentence on integer overflow could not be read in full, so overflow is refused rather than wrapped or raised.
  if (v > INT64_MAX || v < INT64_MIN) refuse(where, `integer overflow (${v}) is not implemented`);
  return v;
}

function toDouble(v: bigint | number): number {
  return typeof v === "bigint" ? Number(v) : v;
}

function copyValue(v: Value): Value {
  if (isList(v)) return v.map(copyValue);
  if (isBytes(v)) return Buffer.from(v);
  if (isMap(v)) return new Map([...v].map(([k, x]) => [k, copyValue(x)]));
  return v;
}

function valuesEqual(a: Value, b: Value): boolean {
  if (isNum(a) && isNum(b)) return a == b; // loose equality compares a bigint and a number by value
  if (a === null || b === null) return a === b;
  if (typeof a !== "object" || typeof b !== "object") return a === b;
  if (isBytes(a) || isBytes(b)) return isBytes(a) && isBytes(b) && a.equals(b);
  if (isList(a) || isList(b)) return isList(a) && isList(b) && a.length === b.length && a.every((x, i) => valuesEqual(x, b[i] as Value));
  if (a.size !== b.size) return false;
  for (const [k, x] of a) if (!b.has(k) || !valuesEqual(x, b.get(k) as Value)) return false;
  return true;
}

/** How a double reads as text. Only the range where Python-style and JavaScript-style shortest forms agree is accepted. */
function doubleText(where: string, v: number): string {
  if (!Number.isFinite(v)) refuse(where, `the text form of ${v} is not documented`);
  if (Number.isInteger(v)) refuse(where, `the text form of the integral double ${v} (e.g. "${v}" or "${v}.0") is not documented`);
  const a = Math.abs(v);
  if (a < 1e-4 || a >= 1e16) refuse(where, `the text form of ${v} (plain or exponent notation) is not documented`);
  return String(v);
}

// Conversions at the boundary: JS values from the test (argument, handler results) and back.

function fromExternal(where: string, x: unknown, path: string): Value {
  if (x === null) return null;
  if (typeof x === "boolean" || typeof x === "string") return x;
  if (typeof x === "number") {
    if (!Number.isFinite(x)) refuse(where, `${path} is ${x}, which Workflows cannot hold`);
    // JSON cannot say whether 2 was 2 or 2.0; an integral number is taken as an integer, as a JSON parser would.
    return Number.isInteger(x) ? BigInt(x) : x;
  }
  if (typeof x === "bigint") return checkInt(where, x);
  if (x instanceof Uint8Array) return Buffer.from(x);
  if (Array.isArray(x)) {
    return x.map((item, i) => {
      if (item === undefined) refuse(where, `${path}[${i}] is undefined`);
      return fromExternal(where, item, `${path}[${i}]`);
    });
  }
  if (typeof x === "object") {
    const proto = Object.getPrototypeOf(x);
    if (proto !== Object.prototype && proto !== null) refuse(where, `${path} is a ${proto?.constructor?.name ?? "non-plain"} object, not plain data`);
    const m: WMap = new Map();
    // Like JSON, a property holding undefined is absent.
    for (const [k, v] of Object.entries(x)) if (v !== undefined) m.set(k, fromExternal(where, v, `${path}.${k}`));
    return m;
  }
  return refuse(where, `${path} is a ${typeof x}, not data`);
}

function toExternal(where: string, v: Value, allowBytes: boolean): unknown {
  if (typeof v === "bigint") {
    if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) refuse(where, `the integer ${v} does not fit a JS number`);
    return Number(v);
  }
  if (isBytes(v)) {
    if (!allowBytes) refuse(where, "bytes can't be returned by a workflow (they can't be JSON-encoded)");
    return Buffer.from(v);
  }
  if (isList(v)) return v.map((x) => toExternal(where, x, allowBytes));
  if (isMap(v)) {
    const o: Record<string, unknown> = {};
    for (const [k, x] of v) Object.defineProperty(o, k, { value: toExternal(where, x, allowBytes), enumerable: true, writable: true, configurable: true });
    return o;
  }
  return v;
}

function describeExternal(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

// ---------------------------------------------------------------------------------------------
// Tokenizer
// ---------------------------------------------------------------------------------------------

type Token =
  | { t: "num"; v: bigint | number; at: number }
  | { t: "str"; v: string; at: number }
  | { t: "id"; v: string; at: number }
  | { t: "op"; v: string; at: number }
  | { t: "eof"; at: number };

const OPERATORS = ["//", "==", "!=", "<=", ">=", "+", "-", "*", "/", "%", "<", ">", "(", ")", "[", "]", ",", ".", ":", "{", "}"];
const SIMPLE_ESCAPES: Record<string, string> = { '"': '"', "'": "'", "\\": "\\", n: "\n", t: "\t", r: "\r" };

function tokenize(where: string, src: string): Token[] {
  const tokens: Token[] = [];
  const fail = (at: number, what: string): never => refuse(where, `expression "${src}": ${what} at offset ${at}`);
  let i = 0;
  while (i < src.length) {
    const c = src.charAt(i);
    if (c === " " || c === "\t" || c === "\n" || c === "\r") {
      i++;
      continue;
    }
    const at = i;
    if (/[A-Za-z_]/.test(c)) {
      while (i < src.length && /[A-Za-z0-9_]/.test(src.charAt(i))) i++;
      tokens.push({ t: "id", v: src.slice(at, i), at });
      continue;
    }
    if (/[0-9]/.test(c)) {
      const m = /^(0|[1-9][0-9]*)(\.[0-9]+)?/.exec(src.slice(i)) as RegExpExecArray;
      i += m[0].length;
      // Exponents, leading zeros and "1." are not in the documented number syntax ([0-9] and a decimal dot).
      if (/^[0-9A-Za-z_.]/.test(src.slice(i))) fail(at, `the number "${src.slice(at, i + 1)}…" is not in the supported syntax`);
      tokens.push({ t: "num", v: m[2] ? Number(m[0]) : checkInt(where, BigInt(m[0])), at });
      continue;
    }
    if (c === '"' || c === "'") {
      let out = "";
      i++;
      for (;;) {
        if (i >= src.length) fail(at, "unterminated string");
        const d = src.charAt(i);
        if (d === c) break;
        if (d === "\\") {
          const e = src.charAt(i + 1);
          const simple = SIMPLE_ESCAPES[e];
          if (simple !== undefined) {
            out += simple;
            i += 2;
          } else if (e === "u" && /^[0-9A-Fa-f]{4}$/.test(src.slice(i + 2, i + 6))) {
            const code = parseInt(src.slice(i + 2, i + 6), 16);
            // Workflows strings are UTF-8, which cannot hold a lone surrogate.
            if (code >= 0xd800 && code <= 0xdfff) fail(i, `the escape \\u${src.slice(i + 2, i + 6)} (a surrogate) is not supported`);
            out += String.fromCharCode(code);
            i += 6;
          } else {
            fail(i, `the escape "\\${e}" is not supported`);
          }
          continue;
        }
        out += d;
        i++;
      }
      i++;
      tokens.push({ t: "str", v: out, at });
      continue;
    }
    const op = OPERATORS.find((o) => src.startsWith(o, i));
    if (!op) fail(at, `unexpected character "${c}"`);
    tokens.push({ t: "op", v: op as string, at });
    i += (op as string).length;
  }
  tokens.push({ t: "eof", at: src.length });
  return tokens;
}

// ---------------------------------------------------------------------------------------------
// Expression parser (precedence climbing, levels from Google's "Order of operations" table)
// ---------------------------------------------------------------------------------------------

type BinOp = "or" | "and" | "==" | "!=" | "<" | "<=" | ">" | ">=" | "in" | "+" | "-" | "*" | "/" | "//" | "%";

type Expr =
  | { k: "lit"; v: Value }
  | { k: "var"; name: string }
  | { k: "member"; obj: Expr; name: string }
  | { k: "index"; obj: Expr; index: Expr }
  | { k: "call"; fn: string; args: Expr[] }
  | { k: "list"; items: Expr[] }
  | { k: "unary"; op: "-" | "not"; operand: Expr }
  | { k: "binary"; op: BinOp; left: Expr; right: Expr };

const COMPARISONS = new Set(["==", "!=", "<", "<=", ">", ">="]);

class ExprParser {
  private readonly tokens: Token[];
  private pos = 0;

  constructor(
    private readonly where: string,
    private readonly src: string,
  ) {
    this.tokens = tokenize(where, src);
  }

  parse(): Expr {
    const e = this.parseOr();
    if (this.peek().t !== "eof") this.fail(`unexpected ${this.show(this.peek())}`);
    return e;
  }

  private peek(): Token {
    return this.tokens[this.pos] as Token;
  }

  private take(): Token {
    return this.tokens[this.pos++] as Token;
  }

  private isOp(v: string): boolean {
    const t = this.peek();
    return t.t === "op" && t.v === v;
  }

  // and/or/not may be written lower-case or upper-case, not mixed (documented); "in" only appears lower-case.
  private isWord(lower: string, upperToo = true): boolean {
    const t = this.peek();
    return t.t === "id" && (t.v === lower || (upperToo && t.v === lower.toUpperCase()));
  }

  private expectOp(v: string): void {
    if (!this.isOp(v)) this.fail(`expected "${v}" but found ${this.show(this.peek())}`);
    this.pos++;
  }

  private show(t: Token): string {
    return t.t === "eof" ? "the end" : `"${String(t.v)}"`;
  }

  private fail(what: string): never {
    return refuse(this.where, `expression "${this.src}": ${what}`);
  }

  private parseOr(): Expr {
    let left = this.parseAnd();
    while (this.isWord("or")) {
      this.pos++;
      left = { k: "binary", op: "or", left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): Expr {
    let left = this.parseComparison();
    while (this.isWord("and")) {
      this.pos++;
      left = { k: "binary", op: "and", left, right: this.parseComparison() };
    }
    return left;
  }

  private comparisonOp(): BinOp | null {
    const t = this.peek();
    if (t.t === "op" && COMPARISONS.has(t.v)) return t.v as BinOp;
    if (this.isWord("in", false)) return "in";
    return null;
  }

  private parseComparison(): Expr {
    const left = this.parseAdditive();
    const op = this.comparisonOp();
    if (!op) return left;
    this.pos++;
    const e: Expr = { k: "binary", op, left, right: this.parseAdditive() };
    // The table puts all comparisons on one level without saying whether a < b < c chains (Python) or nests; neither is assumed.
    if (this.comparisonOp()) this.fail("chained comparisons are not supported; add parentheses");
    return e;
  }

  private parseAdditive(): Expr {
    let left = this.parseMultiplicative();
    while (this.isOp("+") || this.isOp("-")) {
      const op = (this.take() as { v: string }).v as BinOp;
      left = { k: "binary", op, left, right: this.parseMultiplicative() };
    }
    return left;
  }

  private parseMultiplicative(): Expr {
    let left = this.parseUnary();
    while (this.isOp("*") || this.isOp("/") || this.isOp("//") || this.isOp("%")) {
      const op = (this.take() as { v: string }).v as BinOp;
      left = { k: "binary", op, left, right: this.parseUnary() };
    }
    return left;
  }

  // "not" and unary minus bind tighter than every binary operator (documented order), so
  // `not a == b` is `(not a) == b` and `-a * b` is `(-a) * b`.
  private parseUnary(): Expr {
    if (this.isOp("-")) {
      this.pos++;
      return { k: "unary", op: "-", operand: this.parseUnary() };
    }
    if (this.isWord("not")) {
      this.pos++;
      return { k: "unary", op: "not", operand: this.parseUnary() };
    }
    return this.parsePostfix(this.parsePrimary());
  }

  private parsePostfix(start: Expr): Expr {
    let e = start;
    for (;;) {
      if (this.isOp(".")) {
        this.pos++;
        const t = this.take();
        if (t.t !== "id") this.fail(`expected a field name after "." but found ${this.show(t)}`);
        e = { k: "member", obj: e, name: t.v as string };
      } else if (this.isOp("[")) {
        this.pos++;
        const index = this.parseOr();
        this.expectOp("]");
        e = { k: "index", obj: e, index };
      } else if (this.isOp("(")) {
        const fn = qualifiedName(e);
        if (fn === null) this.fail("only named functions can be called");
        this.pos++;
        const args: Expr[] = [];
        if (!this.isOp(")")) {
          for (;;) {
            args.push(this.parseOr());
            if (!this.isOp(",")) break;
            this.pos++;
          }
        }
        this.expectOp(")");
        checkExpressionCall(this.where, fn, args.length);
        e = { k: "call", fn, args };
      } else {
        return e;
      }
    }
  }

  private parsePrimary(): Expr {
    const t = this.take();
    if (t.t === "num" || t.t === "str") return { k: "lit", v: t.v };
    if (t.t === "id") {
      if (t.v === "true" || t.v === "True" || t.v === "TRUE") return { k: "lit", v: true };
      if (t.v === "false" || t.v === "False" || t.v === "FALSE") return { k: "lit", v: false };
      if (t.v === "null") return { k: "lit", v: null };
      if (["and", "or", "not", "in", "AND", "OR", "NOT"].includes(t.v)) this.fail(`unexpected "${t.v}"`);
      return { k: "var", name: t.v };
    }
    if (t.t === "op" && t.v === "(") {
      const e = this.parseOr();
      this.expectOp(")");
      return e;
    }
    if (t.t === "op" && t.v === "[") {
      const items: Expr[] = [];
      if (!this.isOp("]")) {
        for (;;) {
          items.push(this.parseOr());
          if (!this.isOp(",")) break;
          this.pos++;
        }
      }
      this.expectOp("]");
      return { k: "list", items };
    }
    if (t.t === "op" && t.v === "{") this.fail("map literals inside an expression are not supported (write the map in YAML instead)");
    return this.fail(`unexpected ${this.show(t)}`);
  }
}

function qualifiedName(e: Expr): string | null {
  if (e.k === "var") return e.name;
  if (e.k === "member") {
    const base = qualifiedName(e.obj);
    return base === null ? null : `${base}.${e.name}`;
  }
  return null;
}

function checkExpressionCall(where: string, fn: string, argc: number): void {
  const def = FUNCTIONS.get(fn);
  if (!def) {
    if (fn.startsWith("http.") || fn.startsWith("googleapis.") || fn.startsWith("sys.sleep")) refuse(where, `${fn} is a blocking call and cannot be used inside an expression`);
    refuse(where, `unknown function "${fn}" in an expression`);
  }
  if (!def.inExpression) refuse(where, `${fn} cannot be used inside an expression (call it from a call step)`);
  if (argc < def.min || argc > def.max) refuse(where, `${fn} takes ${def.min === def.max ? def.min : `${def.min} to ${def.max}`} arguments, not ${argc}`);
}

function parseExpression(where: string, src: string): Expr {
  return new ExprParser(where, src).parse();
}

/** A string is an expression only when it is entirely `${...}`; anything else is a literal (no interpolation). */
function expressionSource(s: string): string | null {
  return s.startsWith("${") && s.endsWith("}") ? s.slice(2, -1) : null;
}

// ---------------------------------------------------------------------------------------------
// Expression evaluator
// ---------------------------------------------------------------------------------------------

class Scope {
  private readonly vars = new Map<string, Value>();

  constructor(readonly parent: Scope | null) {}

  lookup(name: string): Value | undefined {
    for (let s: Scope | null = this; s; s = s.parent) if (s.vars.has(name)) return s.vars.get(name);
    return undefined;
  }

  /** Updates the variable where it already lives; a new one lives in this scope (so a loop body's new variables die with it). */
  assign(name: string, value: Value): void {
    for (let s: Scope | null = this; s; s = s.parent) {
      if (s.vars.has(name)) {
        s.vars.set(name, value);
        return;
      }
    }
    this.vars.set(name, value);
  }

  define(name: string, value: Value): void {
    this.vars.set(name, value);
  }
}

interface EvalCtx {
  where: string;
  scope: Scope;
  run: Run;
}

function evalExpr(ctx: EvalCtx, e: Expr): Value {
  switch (e.k) {
    case "lit":
      return e.v;
    case "var": {
      const v = ctx.scope.lookup(e.name);
      if (v === undefined) refuse(ctx.where, `variable "${e.name}" is not defined here (Workflows rejects such a definition)`);
      return v;
    }
    case "member":
      return getMember(evalExpr(ctx, e.obj), e.name);
    case "index":
      return getIndex(ctx, evalExpr(ctx, e.obj), evalExpr(ctx, e.index));
    case "list":
      return e.items.map((x) => evalExpr(ctx, x));
    case "call": {
      const def = FUNCTIONS.get(e.fn) as FunctionDef;
      return def.impl(ctx, e.args.map((a) => evalExpr(ctx, a)));
    }
    case "unary": {
      const v = evalExpr(ctx, e.operand);
      if (e.op === "not") {
        if (typeof v !== "boolean") raiseError("TypeError", `not: operand is ${typeName(v)}, not bool`);
        return !v;
      }
      if (typeof v === "bigint") return checkInt(ctx.where, -v);
      if (typeof v === "number") return -v;
      return raiseError("TypeError", `unary -: operand is ${typeName(v)}`);
    }
    case "binary": {
      if (e.op === "and" || e.op === "or") {
        const l = evalExpr(ctx, e.left);
        if (typeof l !== "boolean") raiseError("TypeError", `${e.op}: left operand is ${typeName(l)}, not bool`);
        if (e.op === "and" ? !l : l) return l;
        const r = evalExpr(ctx, e.right);
        if (typeof r !== "boolean") raiseError("TypeError", `${e.op}: right operand is ${typeName(r)}, not bool`);
        return r;
      }
      return binary(ctx, e.op, evalExpr(ctx, e.left), evalExpr(ctx, e.right));
    }
  }
}

function getMember(obj: Value, name: string): Value {
  if (!isMap(obj)) raiseError("TypeError", `cannot read .${name} of a ${typeName(obj)}`);
  if (!obj.has(name)) raiseError("KeyError", `key not found: ${name}`);
  return obj.get(name) as Value;
}

function getIndex(ctx: EvalCtx, obj: Value, index: Value): Value {
  if (isList(obj)) {
    if (typeof index !== "bigint") raiseError("TypeError", `list index is ${typeName(index)}, not integer`);
    if (index < 0n || index >= BigInt(obj.length)) raiseError("IndexError", `list index ${index} out of range`);
    return obj[Number(index)] as Value;
  }
  if (isMap(obj)) {
    if (typeof index !== "string") raiseError("TypeError", `map key is ${typeName(index)}, not string`);
    if (!obj.has(index)) raiseError("KeyError", `key not found: ${index}`);
    return obj.get(index) as Value;
  }
  if (typeof obj === "string") refuse(ctx.where, "indexing into a string is not documented");
  return raiseError("TypeError", `cannot index a ${typeName(obj)}`);
}

function compareCodePoints(a: string, b: string): number {
  const x = Array.from(a, (c) => c.codePointAt(0) as number);
  const y = Array.from(b, (c) => c.codePointAt(0) as number);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return (x[i] as number) - (y[i] as number);
  return x.length - y.length;
}

function binary(ctx: EvalCtx, op: BinOp, a: Value, b: Value): Value {
  const where = ctx.where;
  switch (op) {
    case "==":
      return valuesEqual(a, b);
    case "!=":
      return !valuesEqual(a, b);
    case "<":
    case "<=":
    case ">":
    case ">=": {
      let c: number;
      if (isNum(a) && isNum(b)) c = a < b ? -1 : a > b ? 1 : 0;
      else if (typeof a === "string" && typeof b === "string") c = compareCodePoints(a, b);
      else return refuse(where, `ordering a ${typeName(a)} against a ${typeName(b)} with "${op}" is not documented`);
      return op === "<" ? c < 0 : op === "<=" ? c <= 0 : op === ">" ? c > 0 : c >= 0;
    }
    case "in":
      if (isList(b)) return b.some((x) => valuesEqual(a, x));
      if (isMap(b)) return typeof a === "string" && b.has(a);
      if (typeof b === "string") return refuse(where, `"in" with a string on the right (substring test?) is not documented`);
      return raiseError("TypeError", `"in" needs a list or map on the right, not ${typeName(b)}`);
    case "+":
      return add(where, a, b);
    default:
      return arithmetic(where, op, a, b);
  }
}

// The documented "+ operator" table: integer+integer is an integer, any double makes a double, and
// a string with a number or boolean makes a string; booleans with numbers are errors.
function add(where: string, a: Value, b: Value): Value {
  if (typeof a === "bigint" && typeof b === "bigint") return checkInt(where, a + b);
  if (isNum(a) && isNum(b)) return finiteDouble(where, toDouble(a) + toDouble(b));
  if (typeof a === "string" && typeof b === "string") return a + b;
  if (typeof a === "string" && isNum(b)) return a + numberText(where, b);
  if (isNum(a) && typeof b === "string") return numberText(where, a) + b;
  if ((typeof a === "string" && typeof b === "boolean") || (typeof a === "boolean" && typeof b === "string")) {
    return refuse(where, `"+" of a string and a bool gives a string, but how the bool is written is not documented`);
  }
  const scalar = (v: Value) => isNum(v) || typeof v === "boolean";
  if (scalar(a) && scalar(b)) return raiseError("TypeError", `"+" of ${typeName(a)} and ${typeName(b)}`);
  return refuse(where, `"+" of ${typeName(a)} and ${typeName(b)} is not in the documented table`);
}

function numberText(where: string, v: bigint | number): string {
  return typeof v === "bigint" ? v.toString() : doubleText(where, v);
}

function finiteDouble(where: string, v: number): number {
  if (!Number.isFinite(v)) refuse(where, `double overflow (${v}) is not implemented`);
  return v;
}

function arithmetic(where: string, op: BinOp, a: Value, b: Value): Value {
  if (!isNum(a) || !isNum(b)) {
    const stringCase = typeof a === "string" || typeof b === "string";
    // "a" * 3 repeats and "%s" % x formats in Python; whether Workflows does either is not documented.
    if (stringCase && op !== "-" && op !== "/" && op !== "//") return refuse(where, `"${op}" with a string operand is not documented`);
    return raiseError("TypeError", `"${op}" of ${typeName(a)} and ${typeName(b)}`);
  }
  const bothInt = typeof a === "bigint" && typeof b === "bigint";
  switch (op) {
    case "-":
      return bothInt ? checkInt(where, (a as bigint) - (b as bigint)) : finiteDouble(where, toDouble(a) - toDouble(b));
    case "*":
      return bothInt ? checkInt(where, (a as bigint) * (b as bigint)) : finiteDouble(where, toDouble(a) * toDouble(b));
    case "/":
      // "/" is documented as float division: the result is a double even for two integers.
      if (toDouble(b) === 0) raiseError("ZeroDivisionError", "division by zero");
      return finiteDouble(where, toDouble(a) / toDouble(b));
    case "//": {
      if (toDouble(b) === 0) raiseError("ZeroDivisionError", "integer division or modulo by zero");
      if (bothInt) {
        const x = a as bigint;
        const y = b as bigint;
        const q = x / y;
        return checkInt(where, (x % y !== 0n && (x < 0n) !== (y < 0n)) ? q - 1n : q);
      }
      return finiteDouble(where, Math.floor(toDouble(a) / toDouble(b)));
    }
    case "%": {
      if (toDouble(b) === 0) raiseError("ZeroDivisionError", "integer division or modulo by zero");
      // The sign of a remainder with a negative operand differs between languages and is not documented.
      if (toDouble(a) < 0 || toDouble(b) < 0) refuse(where, `"%" with a negative operand is not documented`);
      return bothInt ? (a as bigint) % (b as bigint) : toDouble(a) % toDouble(b);
    }
    default:
      return refuse(where, `operator "${op}"`);
  }
}

// ---------------------------------------------------------------------------------------------
// Standard library (each checked against its page in Google's reference; gaps are refused)
// ---------------------------------------------------------------------------------------------

interface FunctionDef {
  /** Argument names for a call step's `args` map; null when the reference page was not available. */
  params: readonly string[] | null;
  min: number;
  max: number;
  inExpression: boolean;
  inCallStep: boolean;
  impl: (ctx: EvalCtx, args: (Value | undefined)[]) => Value;
}

function str(name: string, v: Value | undefined): string {
  if (typeof v !== "string") raiseError("TypeError", `${name} must be a string, not ${v === undefined ? "missing" : typeName(v)}`);
  return v;
}

function codePoints(s: string): string[] {
  return Array.from(s);
}

const LOG_SEVERITIES = ["DEFAULT", "DEBUG", "INFO", "NOTICE", "WARNING", "ERROR", "CRITICAL", "ALERT", "EMERGENCY"];

function builtin(
  params: readonly string[] | null,
  min: number,
  max: number,
  where: { expression: boolean; step: boolean },
  impl: FunctionDef["impl"],
): FunctionDef {
  return { params, min, max, inExpression: where.expression, inCallStep: where.step, impl };
}

const EXPR_ONLY = { expression: true, step: false };
const BOTH = { expression: true, step: true };
const STEP_ONLY = { expression: false, step: true };

const FUNCTIONS = new Map<string, FunctionDef>([
  // Expression helpers: https://cloud.google.com/workflows/docs/reference/stdlib/expression-helpers
  [
    "len",
    builtin(["value"], 1, 1, EXPR_ONLY, (c, [v]) => {
      // "A string returns the number of characters in the string."
      if (typeof v === "string") return BigInt(codePoints(v).length);
      if (isList(v as Value)) return BigInt((v as Value[]).length);
      if (isMap(v as Value)) return BigInt((v as WMap).size);
      if (isBytes(v as Value)) refuse(c.where, "len() of bytes is not documented");
      return raiseError("TypeError", `len() accepts a list, map or string, not ${typeName(v as Value)}`);
    }),
  ],
  [
    "keys",
    builtin(["map"], 1, 1, EXPR_ONLY, (_c, [v]) => {
      if (!isMap(v as Value)) raiseError("TypeError", `keys() accepts a map, not ${typeName(v as Value)}`);
      return [...(v as WMap).keys()];
    }),
  ],
  ["default", builtin(["val", "defaultVal"], 2, 2, EXPR_ONLY, (_c, [v, d]) => (v === null ? (d as Value) : (v as Value)))],
  [
    "if",
    // Both branches are evaluated before the call, like any function argument: a branch that errors fails even when not chosen.
    builtin(["condition", "ifTrue", "ifFalse"], 3, 3, EXPR_ONLY, (_c, [cond, t, f]) => {
      if (cond === true) return t as Value;
      if (cond === false || cond === null) return f as Value;
      return raiseError("TypeError", `if(): condition is ${typeName(cond as Value)}, not bool`);
    }),
  ],
  ["int", builtin(["value"], 1, 1, EXPR_ONLY, (c, [v]) => toInt(c.where, v as Value))],
  ["double", builtin(["value"], 1, 1, EXPR_ONLY, (c, [v]) => toDoubleValue(c.where, v as Value))],
  ["string", builtin(["value"], 1, 1, EXPR_ONLY, (c, [v]) => toStringValue(c.where, v as Value))],
  ["get_type", builtin(["value"], 1, 1, EXPR_ONLY, (_c, [v]) => typeName(v as Value))],

  // sys: https://cloud.google.com/workflows/docs/reference/stdlib/sys/...
  [
    "sys.now",
    builtin([], 0, 0, BOTH, (c) => {
      const now = c.run.options.now();
      if (typeof now !== "number" || !Number.isFinite(now)) refuse(c.where, `options.now() returned ${String(now)}, not a number of seconds`);
      return now;
    }),
  ],
  [
    "sys.get_env",
    builtin(["name", "default"], 1, 2, BOTH, (c, [name, dflt]) => {
      const n = str("name", name);
      const env = c.run.options.env ?? {};
      if (Object.prototype.hasOwnProperty.call(env, n)) return env[n] as string;
      if (dflt !== undefined) return str("default", dflt);
      return refuse(c.where, `sys.get_env("${n}"): the test gave no value for it in options.env`);
    }),
  ],
  [
    "sys.log",
    builtin(["data", "severity", "text", "json", "timeout"], 0, 5, STEP_ONLY, (c, [data, severity, text, json]) => {
      // "Writes one of data, text, or json"; more than one or none is a TypeError. A null argument counts as not given.
      const given = [data, text, json].filter((x) => x !== undefined && x !== null) as Value[];
      if (given.length !== 1) raiseError("TypeError", "sys.log takes exactly one of data, text or json");
      const payload = given[0] as Value;
      if (json !== undefined && json !== null && !isMap(json)) raiseError("TypeError", "sys.log json must be a map");
      if (isBytes(payload)) raiseError("TypeError", "sys.log cannot log bytes");
      if (severity !== undefined && severity !== null && !LOG_SEVERITIES.includes(severity as string)) {
        refuse(c.where, `sys.log severity ${describeExternal(toExternal(c.where, severity, true))} is not one of ${LOG_SEVERITIES.join(", ")}`);
      }
      c.run.logs.push(toExternal(c.where, payload, false));
      return null;
    }),
  ],

  // time: .../stdlib/time/format, .../stdlib/time/parse
  ["time.format", builtin(["seconds", "timezone"], 1, 2, BOTH, (c, [s, tz]) => formatTime(c.where, s as Value, tz))],
  ["time.parse", builtin(["value"], 1, 1, BOTH, (c, [v]) => parseTime(c.where, v as Value))],

  // text: .../stdlib/text/...
  [
    "text.split",
    builtin(["source", "separator"], 2, 2, BOTH, (_c, [s, sep]) => {
      const source = str("source", s);
      const separator = str("separator", sep);
      if (separator === "") raiseError("ValueError", "separator is an empty string");
      return source.split(separator);
    }),
  ],
  [
    "text.substring",
    builtin(["source", "start", "end"], 3, 3, BOTH, (_c, [s, a, b]) => {
      const cps = codePoints(str("source", s));
      if (typeof a !== "bigint" || typeof b !== "bigint") raiseError("TypeError", "start and end must be integers");
      // "A negative index is considered an offset from the end of the string. If an index is outside of
      // the source string's range, it is clamped to the bounds of the range."
      const clamp = (i: bigint) => {
        const n = BigInt(cps.length);
        const j = i < 0n ? i + n : i;
        return Number(j < 0n ? 0n : j > n ? n : j);
      };
      const from = clamp(a as bigint);
      const to = clamp(b as bigint);
      return from >= to ? "" : cps.slice(from, to).join("");
    }),
  ],
  [
    "text.replace_all",
    builtin(["source", "substr", "repl"], 3, 3, BOTH, (_c, [s, sub, r]) => {
      const source = str("source", s);
      const substr = str("substr", sub);
      const repl = str("repl", r);
      // "If the expression is empty, it matches at the beginning of the string and after each code point."
      if (substr === "") return repl + codePoints(source).map((cp) => cp + repl).join("");
      return source.split(substr).join(repl);
    }),
  ],
  [
    "text.url_encode",
    builtin(["source"], 1, 1, BOTH, (c, [s]) => {
      // "Letters, digits, and the characters .-_ are not escaped"; everything else becomes %xx.
      let out = "";
      for (const ch of str("source", s)) {
        const code = ch.codePointAt(0) as number;
        if (code > 0x7f) refuse(c.where, `text.url_encode of the non-ASCII character "${ch}" (is it a "letter"?) is not documented`);
        out += /[A-Za-z0-9._-]/.test(ch) ? ch : `%${code.toString(16).toUpperCase().padStart(2, "0")}`;
      }
      return out;
    }),
  ],
  ["text.to_lower", builtin(["source"], 1, 1, BOTH, (_c, [s]) => str("source", s).toLowerCase())],
  ["text.to_upper", builtin(["source"], 1, 1, BOTH, (_c, [s]) => str("source", s).toUpperCase())],
  [
    "text.find_all",
    builtin(["source", "substr"], 2, 2, BOTH, (c, [s, sub]) => {
      // Code point indexes of the non-overlapping matches, leftmost first: find_all("00000", "00") is [0, 2].
      const source = str("source", s);
      const substr = str("substr", sub);
      if (substr === "") refuse(c.where, "text.find_all with an empty substring is not documented");
      const found: Value[] = [];
      for (let at = source.indexOf(substr); at >= 0; at = source.indexOf(substr, at + substr.length)) {
        found.push(BigInt(codePoints(source.slice(0, at)).length));
      }
      return found;
    }),
  ],
  [
    "text.match_regex",
    builtin(["source", "regexp"], 2, 2, BOTH, (c, [s, re]) => workflowsRegex(c.where, str("regexp", re)).test(str("source", s))),
  ],
  [
    "text.encode",
    builtin(["text", "charset"], 1, 2, BOTH, (c, [t, cs]) => {
      const text = str("text", t);
      const charset = charsetOf(c.where, cs);
      const limit = charset === "utf8" ? Infinity : charset === "ascii" ? 0x7f : 0xff;
      for (const ch of text) {
        if ((ch.codePointAt(0) as number) > limit) raiseError("ValueError", `"${ch}" is not representable in ${charset}`);
      }
      return Buffer.from(text, charset === "utf8" ? "utf8" : "latin1");
    }),
  ],
  [
    "text.decode",
    builtin(["data", "charset"], 1, 2, BOTH, (c, [d, cs]) => {
      if (!isBytes(d as Value)) refuse(c.where, `text.decode of a ${typeName(d as Value)} (not bytes) is not documented`);
      const data = d as Buffer;
      const charset = charsetOf(c.where, cs);
      if (charset === "utf8") return decodeUtf8(data);
      if (charset === "latin1") return data.toString("latin1");
      return Array.from(data, (b) => (b > 0x7f ? "\uFFFD" : String.fromCharCode(b))).join("");
    }),
  ],

  // json: .../stdlib/json/encode_to_string, .../stdlib/json/decode
  [
    "json.encode_to_string",
    builtin(["data", "indent"], 1, 2, BOTH, (c, [d, indent]) => {
      if (indent !== undefined && indent !== null && indent !== false) refuse(c.where, "json.encode_to_string with indentation is not implemented");
      return encodeJson(c.where, d as Value);
    }),
  ],
  [
    "json.decode",
    builtin(["data"], 1, 1, BOTH, (c, [d]) => {
      // "If the input is bytes, it is first converted to a string, as if by calling text.decode(data, 'UTF-8')."
      if (isBytes(d as Value)) return decodeJson(c.where, decodeUtf8(d as Buffer));
      if (typeof d === "string") return decodeJson(c.where, d);
      return refuse(c.where, `json.decode of a ${typeName(d as Value)} is not documented`);
    }),
  ],

  // list, map, math
  [
    "list.concat",
    builtin(["objs", "val"], 2, 2, BOTH, (_c, [objs, val]) => {
      if (!isList(objs as Value)) raiseError("TypeError", `list.concat: objs is ${typeName(objs as Value)}, not a list`);
      return [...(objs as Value[]).map(copyValue), copyValue(val as Value)];
    }),
  ],
  [
    "map.get",
    builtin(["map", "keys"], 2, 2, BOTH, (_c, [m, keys]) => {
      // A safe lookup: null when the input is not a map or lacks the key; a list of keys drills down.
      const path = typeof keys === "string" ? [keys] : isList(keys as Value) ? (keys as Value[]) : null;
      if (path === null || path.some((k) => typeof k !== "string")) raiseError("TypeError", "map.get keys must be a string or a list of strings");
      let cur = m as Value;
      for (const k of path as string[]) {
        if (!isMap(cur) || !cur.has(k)) return null;
        cur = cur.get(k) as Value;
      }
      return cur;
    }),
  ],
  [
    "map.merge",
    builtin(["first", "second"], 2, 2, BOTH, (_c, [a, b]) => {
      if (!isMap(a as Value) || !isMap(b as Value)) raiseError("TypeError", "map.merge takes two maps");
      const out = copyValue(a as Value) as WMap;
      for (const [k, v] of b as WMap) out.set(k, copyValue(v));
      return out;
    }),
  ],
  [
    "math.floor",
    // Its reference page could not be read: argument names are unknown (positional only), and the
    // result is taken as an integer, as "floor" returns an integral value.
    builtin(null, 1, 1, BOTH, (c, [x]) => {
      if (typeof x === "bigint") return x;
      if (typeof x === "number" && Number.isFinite(x)) return checkInt(c.where, BigInt(Math.floor(x)));
      return refuse(c.where, `math.floor of a ${typeName(x as Value)} is not documented`);
    }),
  ],
]);

function toInt(where: string, v: Value): Value {
  if (typeof v === "bigint") return v;
  if (typeof v === "number") {
    if (!Number.isFinite(v)) refuse(where, `int(${v}) is not documented`);
    // Truncation and flooring agree unless the value is negative and fractional.
    if (v < 0 && !Number.isInteger(v)) refuse(where, `int(${v}): whether a negative fraction truncates or floors is not documented`);
    return checkInt(where, BigInt(Math.trunc(v)));
  }
  if (typeof v === "string") {
    if (/^[+-]?[0-9]+$/.test(v)) return checkInt(where, BigInt(v));
    if (/^\s*[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?\s*$/.test(v)) refuse(where, `int("${v}") of a non-integer numeral is not documented`);
    return raiseError("ValueError", `int(): "${v}" is not an integer`);
  }
  return raiseError("TypeError", `int() accepts a string or double, not ${typeName(v)}`);
}

function toDoubleValue(where: string, v: Value): Value {
  if (typeof v === "number") return v;
  if (typeof v === "bigint") return Number(v);
  if (typeof v === "string") {
    if (/^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$/.test(v)) return finiteDouble(where, Number(v));
    if (/^\s|\s$|inf|nan/i.test(v)) refuse(where, `double("${v}") is not documented`);
    return raiseError("ValueError", `double(): "${v}" is not a number`);
  }
  return raiseError("TypeError", `double() accepts a string or integer, not ${typeName(v)}`);
}

function toStringValue(where: string, v: Value): Value {
  if (typeof v === "string") return v;
  if (typeof v === "bigint") return v.toString();
  if (typeof v === "number") return doubleText(where, v);
  if (typeof v === "boolean") refuse(where, `string(${v}): whether it reads "${v}" or "${v ? "True" : "False"}" is not documented`);
  return raiseError("TypeError", `string() accepts an integer, double or boolean, not ${typeName(v)}`);
}

function charsetOf(where: string, cs: Value | undefined): "utf8" | "ascii" | "latin1" {
  if (cs === undefined || cs === null) return "utf8";
  const name = str("charset", cs).toUpperCase();
  if (name === "UTF-8" || name === "UTF8") return "utf8";
  if (name === "US-ASCII") return "ascii";
  if (name === "ISO-8859-1") return "latin1";
  return refuse(where, `charset "${cs}" is not implemented (UTF-8, US-ASCII and ISO-8859-1 are)`);
}

/** UTF-8 decoding where, as documented, each byte that cannot be decoded becomes U+FFFD. */
function decodeUtf8(data: Buffer): string {
  let out = "";
  let i = 0;
  while (i < data.length) {
    const b0 = data[i] as number;
    if (b0 < 0x80) {
      out += String.fromCharCode(b0);
      i++;
      continue;
    }
    const need = b0 >= 0xc2 && b0 <= 0xdf ? 1 : b0 >= 0xe0 && b0 <= 0xef ? 2 : b0 >= 0xf0 && b0 <= 0xf4 ? 3 : 0;
    let cp = need === 1 ? b0 & 0x1f : need === 2 ? b0 & 0x0f : b0 & 0x07;
    let ok = need > 0;
    for (let k = 1; ok && k <= need; k++) {
      const b = data[i + k];
      if (b === undefined || (b & 0xc0) !== 0x80) ok = false;
      else cp = (cp << 6) | (b & 0x3f);
    }
    const min = need === 1 ? 0x80 : need === 2 ? 0x800 : 0x10000;
    if (!ok || cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
      out += "\uFFFD";
      i++;
      continue;
    }
    out += String.fromCodePoint(cp);
    i += need + 1;
  }
  return out;
}

/**
 * RE2 patterns (Workflows) run on JavaScript's engine only where both read them alike. Whether
 * match_regex needs the whole source to match or just a part was not documented in what could be
 * read, so the pattern must be anchored at both ends, where the two readings agree.
 */
function workflowsRegex(where: string, pattern: string): RegExp {
  const no = (what: string): never => refuse(where, `text.match_regex pattern ${JSON.stringify(pattern)}: ${what}`);
  let out = "";
  let depth = 0;
  let inClass = false;
  let topLevelAlternation = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charAt(i);
    if (c === "\\") {
      const e = pattern.charAt(i + 1);
      if (e === "") no("ends with a backslash");
      if (e === "s" || e === "S") {
        // RE2's \s is [\t\n\f\r ]; JavaScript's also matches \v and Unicode spaces.
        if (inClass) no(`\\${e} inside a character class is not supported`);
        out += e === "s" ? "[\\t\\n\\f\\r ]" : "[^\\t\\n\\f\\r ]";
      } else if (/[dDwWbBntrf]/.test(e) || /[^A-Za-z0-9]/.test(e)) {
        out += c + e;
      } else {
        no(`the escape \\${e} is not supported`);
      }
      i++;
      continue;
    }
    if (inClass) {
      if (c === "[" && pattern.charAt(i + 1) === ":") no("POSIX classes like [[:alpha:]] are not supported");
      if (c === "]") inClass = false;
      out += c;
      continue;
    }
    if (c === "[") {
      // RE2 reads "[]a]" as "] or a"; JavaScript reads "[]" as an empty class.
      if (pattern.startsWith("[]", i) || pattern.startsWith("[^]", i)) no("a class starting with ] is not supported");
      inClass = true;
    } else if (c === "(") {
      if (pattern.charAt(i + 1) === "?" && pattern.charAt(i + 2) !== ":") no("only (?: ) groups are supported (no flags, named groups or lookaround)");
      depth++;
    } else if (c === ")") {
      depth--;
    } else if (c === "|" && depth === 0) {
      topLevelAlternation = true;
    }
    out += c;
  }
  const anchored = pattern.startsWith("^") && pattern.endsWith("$") && !/(^|[^\\])(\\\\)*\\\$$/.test(pattern) && !topLevelAlternation;
  if (!anchored) no("anchor it as ^...$ (without a top-level |): whole-string and partial matching were not confirmed in the documentation");
  try {
    return new RegExp(out, "u");
  } catch (e) {
    return no(`not supported here (${(e as Error).message})`);
  }
}

// JSON. Compact output ("," and ":" with no spaces), keys in insertion order; only forms whose
// spelling is unambiguous are written.
function encodeJson(where: string, v: Value): string {
  if (v === null) return "null";
  if (typeof v === "boolean") return String(v);
  if (typeof v === "bigint") return v.toString();
  if (typeof v === "number") return doubleText(where, v);
  if (typeof v === "string") return jsonString(where, v);
  if (isBytes(v)) return raiseError("ValueError", "bytes cannot be JSON-encoded");
  if (isList(v)) return `[${v.map((x) => encodeJson(where, x)).join(",")}]`;
  return `{${[...v].map(([k, x]) => `${jsonString(where, k)}:${encodeJson(where, x)}`).join(",")}}`;
}

function jsonString(where: string, s: string): string {
  // Non-ASCII may come out raw or as \u escapes depending on the encoder; that choice is not documented.
  if (/[^\x00-\x7f]/.test(s)) refuse(where, `JSON-encoding the non-ASCII string ${JSON.stringify(s)} is not implemented`);
  return JSON.stringify(s);
}

function decodeJson(where: string, text: string): Value {
  let i = 0;
  const bad = (): never => raiseError("ValueError", "data is not valid JSON");
  const ws = () => {
    while (i < text.length && " \t\n\r".includes(text.charAt(i))) i++;
  };
  const stringAt = (): string => {
    i++;
    let out = "";
    for (;;) {
      if (i >= text.length) bad();
      const c = text.charAt(i);
      if (c === '"') {
        i++;
        return out;
      }
      if (c < " ") bad();
      if (c !== "\\") {
        out += c;
        i++;
        continue;
      }
      const e = text.charAt(i + 1);
      const simple: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };
      if (simple[e] !== undefined) {
        out += simple[e];
        i += 2;
        continue;
      }
      if (e !== "u" || !/^[0-9A-Fa-f]{4}$/.test(text.slice(i + 2, i + 6))) bad();
      let code = parseInt(text.slice(i + 2, i + 6), 16);
      i += 6;
      if (code >= 0xd800 && code <= 0xdbff && text.startsWith("\\u", i) && /^[dD][c-fC-F][0-9A-Fa-f]{2}$/.test(text.slice(i + 2, i + 6))) {
        code = 0x10000 + ((code - 0xd800) << 10) + (parseInt(text.slice(i + 2, i + 6), 16) - 0xdc00);
        i += 6;
      } else if (code >= 0xd800 && code <= 0xdfff) {
        refuse(where, "a lone surrogate escape in JSON cannot be a UTF-8 string");
      }
      out += String.fromCodePoint(code);
    }
  };
  const valueAt = (): Value => {
    ws();
    const c = text.charAt(i);
    if (c === "{") {
      i++;
      const m: WMap = new Map();
      ws();
      if (text.charAt(i) === "}") {
        i++;
        return m;
      }
      for (;;) {
        ws();
        if (text.charAt(i) !== '"') bad();
        const k = stringAt();
        ws();
        if (text.charAt(i) !== ":") bad();
        i++;
        m.set(k, valueAt());
        ws();
        if (text.charAt(i) === ",") {
          i++;
          continue;
        }
        if (text.charAt(i) === "}") {
          i++;
          return m;
        }
        bad();
      }
    }
    if (c === "[") {
      i++;
      const list: Value[] = [];
      ws();
      if (text.charAt(i) === "]") {
        i++;
        return list;
      }
      for (;;) {
        list.push(valueAt());
        ws();
        if (text.charAt(i) === ",") {
          i++;
          continue;
        }
        if (text.charAt(i) === "]") {
          i++;
          return list;
        }
        bad();
      }
    }
    if (c === '"') return stringAt();
    for (const [word, v] of [["true", true], ["false", false], ["null", null]] as const) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return v;
      }
    }
    const m = /-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/y;
    m.lastIndex = i;
    const num = m.exec(text);
    if (!num) return bad();
    i += num[0].length;
    if (num[2] === undefined && num[3] === undefined) return checkInt(where, BigInt(num[0]));
    return finiteDouble(where, Number(num[0]));
  };
  const v = valueAt();
  ws();
  if (i !== text.length) bad();
  return v;
}

// time.format: "A timestamp string in ISO 8601 format, up to a microsecond precision", e.g.
// time.format(1720788633, "Europe/Paris") is "2024-07-12T14:50:33.000000+02:00" and UTC/GMT end in "Z".
const zoneFormats = new Map<string, Intl.DateTimeFormat>();

function zoneOffsetMinutes(where: string, zone: string, utcMs: number): number {
  let f = zoneFormats.get(zone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat("en-US", {
        timeZone: zone,
        hourCycle: "h23",
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
        hour: "2-digit",
        minute: "2-digit",
        second: "2-digit",
      });
    } catch {
      return refuse(where, `time zone "${zone}" is not in the tz database known here`);
    }
    zoneFormats.set(zone, f);
  }
  const parts: Record<string, number> = {};
  for (const p of f.formatToParts(new Date(utcMs))) if (p.type !== "literal") parts[p.type] = Number(p.value);
  const local = Date.UTC(parts.year as number, (parts.month as number) - 1, parts.day as number, parts.hour as number, parts.minute as number, parts.second as number);
  const wholeSecondUtc = Math.floor(utcMs / 1000) * 1000;
  const diff = local - wholeSecondUtc;
  if (diff % 60000 !== 0) refuse(where, `time zone "${zone}" has an offset with seconds at this instant`);
  return diff / 60000;
}

function formatTime(where: string, seconds: Value, tz: Value | undefined): string {
  let micros: bigint;
  if (typeof seconds === "bigint") micros = seconds * 1000000n;
  else if (typeof seconds === "number" && Number.isFinite(seconds)) micros = BigInt(Math.round(seconds * 1e6));
  else return refuse(where, `time.format of a ${typeName(seconds)} is not documented`);
  const zone = tz === undefined || tz === null || tz === "" ? "UTC" : str("timezone", tz);
  let secs = micros / 1000000n;
  let frac = micros % 1000000n;
  if (frac < 0n) {
    secs -= 1n;
    frac += 1000000n;
  }
  const utcMs = Number(secs) * 1000;
  if (!(Math.abs(utcMs) <= 8.64e15)) refuse(where, `time.format of ${describeExternal(toExternal(where, seconds, true))} is outside the supported range`);
  const offset = zone === "UTC" ? 0 : zoneOffsetMinutes(where, zone, utcMs);
  const local = new Date(utcMs + offset * 60000);
  const year = local.getUTCFullYear();
  if (!(year >= 1 && year <= 9999)) refuse(where, `time.format of a year outside 0001-9999 is not documented`);
  const two = (n: number) => String(n).padStart(2, "0");
  const date = `${String(year).padStart(4, "0")}-${two(local.getUTCMonth() + 1)}-${two(local.getUTCDate())}`;
  const time = `${two(local.getUTCHours())}:${two(local.getUTCMinutes())}:${two(local.getUTCSeconds())}.${frac.toString().padStart(6, "0")}`;
  const abs = Math.abs(offset);
  const zoneText = offset === 0 ? "Z" : `${offset < 0 ? "-" : "+"}${two(Math.floor(abs / 60))}:${two(abs % 60)}`;
  return `${date}T${time}${zoneText}`;
}

// time.parse: "A string formatted according to the subset of ISO 8601 defined by RFC 3339 section 5.6,
// with up to a microsecond precision"; returns a double; TypeError for a non-string, ValueError otherwise.
function parseTime(where: string, v: Value): number {
  if (typeof v !== "string") raiseError("TypeError", `time.parse needs a string, not ${typeName(v)}`);
  const m = /^([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]+))?(?:([Zz])|([+-])([0-9]{2}):([0-9]{2}))$/.exec(v);
  if (!m) raiseError("ValueError", `"${v}" is not compatible with RFC 3339 section 5.6`);
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const fraction = m[7] ?? "";
  if (fraction.length > 6) refuse(where, `time.parse of more than microsecond precision ("${v}") is not documented`);
  if (second === 60) refuse(where, `time.parse of a leap second ("${v}") is not documented`);
  const daysInMonth = new Date(Date.UTC(2000, month, 0)).getUTCDate() + (month === 2 && !isLeap(year) ? -1 : 0);
  const offHours = m[10] === undefined ? 0 : Number(m[10]);
  const offMinutes = m[11] === undefined ? 0 : Number(m[11]);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth || hour > 23 || minute > 59 || second > 59 || offHours > 23 || offMinutes > 59) {
    raiseError("ValueError", `"${v}" is not a valid RFC 3339 date-time`);
  }
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, 0);
  const offset = (m[9] === "-" ? -1 : 1) * (offHours * 60 + offMinutes) * 60;
  const wholeSeconds = BigInt(d.getTime() / 1000 - offset);
  const micros = wholeSeconds * 1000000n + BigInt(fraction.padEnd(6, "0") || "0");
  return Number(micros) / 1e6;
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

// ---------------------------------------------------------------------------------------------
// Definition compiler: YAML -> checked step trees with pre-parsed expressions
// ---------------------------------------------------------------------------------------------

/** A value from YAML whose strings may be expressions, evaluated afresh each time. */
type Template =
  | { k: "lit"; v: Value }
  | { k: "expr"; e: Expr }
  | { k: "list"; items: Template[] }
  | { k: "map"; entries: Array<{ key: string | Expr; value: Template }> };

type AssignTarget = { k: "var"; name: string } | { k: "path"; base: string; path: Array<{ field: string } | { index: Expr }> };

interface StepList {
  steps: Step[];
  index: Map<string, number>;
}

interface Step {
  name: string;
  body: Body;
}

type BuiltinPredicate = "http.default_retry_predicate" | "http.default_retry_predicate_non_idempotent";

interface RetrySpec {
  predicate: { builtin: BuiltinPredicate } | { workflow: string };
  maxRetries: Template;
  backoff: Template[];
}

type Body =
  | { kind: "assign"; items: Array<{ target: AssignTarget; value: Template }>; next?: string }
  | { kind: "call"; fn: string; args?: Template; result?: string; next?: string }
  | { kind: "switch"; cases: Array<{ condition: Template; body: Body }>; next?: string }
  | { kind: "for"; value: string; index?: string; source: { in: Template } | { range: [Template, Template] }; steps: StepList; next?: string }
  | { kind: "steps"; steps: StepList; next?: string }
  | { kind: "return"; value: Template }
  | { kind: "raise"; value: Template }
  | { kind: "next"; next: string }
  | { kind: "try"; body: Body; retry?: RetrySpec; except?: { as: string; steps: StepList }; next?: string };

interface CompiledWorkflow {
  name: string;
  params: Array<{ name: string; default?: Value }>;
  steps: StepList;
}

type Yaml = unknown;

const isPlainObject = (y: Yaml): y is Record<string, Yaml> => typeof y === "object" && y !== null && !Array.isArray(y);

function compileDefinition(source: string): Map<string, CompiledWorkflow> {
  let doc: Yaml;
  try {
    // intAsBigInt keeps 1 (integer) apart from 1.0 (double), as Workflows does.
    doc = parseYaml(source, { intAsBigInt: true });
  } catch (e) {
    throw new Refusal(`definition: not valid YAML (${(e as Error).message})`);
  }
  const raw: Record<string, Yaml> = Array.isArray(doc) ? { main: { steps: doc } } : isPlainObject(doc) ? doc : {};
  if (Object.keys(raw).length === 0) throw new Refusal("definition: expected a map of workflows or a list of steps");
  const names = new Set(Object.keys(raw));
  const out = new Map<string, CompiledWorkflow>();
  for (const [name, w] of Object.entries(raw)) out.set(name, compileWorkflow(name, w, names));
  for (const wf of out.values()) checkWorkflow(wf, out);
  return out;
}

interface CompileCtx {
  workflow: string;
  workflows: Set<string>;
  stepNames: Set<string>;
}

function compileWorkflow(name: string, w: Yaml, workflows: Set<string>): CompiledWorkflow {
  const where = `workflow "${name}"`;
  if (!isPlainObject(w)) refuse(where, "expected a map with params and steps");
  for (const key of Object.keys(w)) if (key !== "params" && key !== "steps") refuse(where, `"${key}" is not supported in a workflow (only params and steps)`);
  const params: CompiledWorkflow["params"] = [];
  if (w.params !== undefined) {
    if (!Array.isArray(w.params)) refuse(where, "params must be a list");
    for (const p of w.params) {
      if (typeof p === "string") params.push({ name: p });
      else if (isPlainObject(p) && Object.keys(p).length === 1) {
        const [pname, dflt] = Object.entries(p)[0] as [string, Yaml];
        const t = compileTemplate(where, dflt);
        if (t.k !== "lit") refuse(where, `the default of param "${pname}" must be a literal`);
        params.push({ name: pname, default: t.v });
      } else refuse(where, `param ${describeExternal(p)} is neither a name nor {name: default}`);
    }
  }
  if (name === "main" && (params.length > 1 || params.some((p) => p.default !== undefined))) {
    refuse(where, "main takes at most one parameter, without a default (it receives the execution argument)");
  }
  if (!Array.isArray(w.steps)) refuse(where, "steps must be a list");
  const ctx: CompileCtx = { workflow: name, workflows, stepNames: new Set() };
  return { name, params, steps: compileSteps(ctx, where, w.steps) };
}

function compileSteps(ctx: CompileCtx, where: string, list: Yaml): StepList {
  if (!Array.isArray(list) || list.length === 0) refuse(where, "steps must be a non-empty list");
  const steps: Step[] = [];
  const index = new Map<string, number>();
  for (const item of list) {
    if (!isPlainObject(item) || Object.keys(item).length !== 1) refuse(where, `each step must be a map with exactly one key (its name), not ${describeExternal(item)}`);
    const [name, body] = Object.entries(item)[0] as [string, Yaml];
    const at = `step "${name}" (workflow "${ctx.workflow}")`;
    if (ctx.stepNames.has(name)) refuse(at, "step names must be unique within a workflow");
    ctx.stepNames.add(name);
    index.set(name, steps.length);
    steps.push({ name, body: compileBody(ctx, at, body) });
  }
  return { steps, index };
}

const BODY_KINDS = ["assign", "call", "switch", "for", "steps", "return", "raise", "try", "next"] as const;
const BODY_KEYS: Record<string, readonly string[]> = {
  assign: ["assign", "next"],
  call: ["call", "args", "result", "next"],
  switch: ["switch", "next"],
  for: ["for", "next"],
  steps: ["steps", "next"],
  return: ["return"],
  raise: ["raise"],
  try: ["try", "except", "retry", "next"],
  next: ["next"],
};

function compileBody(ctx: CompileCtx, where: string, y: Yaml, allowed: readonly string[] = BODY_KINDS): Body {
  if (!isPlainObject(y)) return refuse(where, `a step body must be a map, not ${describeExternal(y)}`);
  const keys = Object.keys(y);
  const kind = BODY_KINDS.find((k) => keys.includes(k));
  const unknown = keys.filter((k) => !(BODY_KINDS as readonly string[]).includes(k) && !["args", "result", "except", "retry"].includes(k));
  if (unknown.length > 0) refuse(where, `unsupported step kind "${unknown.join('", "')}"`);
  if (!kind) refuse(where, `a step needs one of ${BODY_KINDS.join(", ")}`);
  const extra = keys.filter((k) => !(BODY_KEYS[kind] as readonly string[]).includes(k));
  if (extra.length > 0) refuse(where, `"${extra.join('", "')}" cannot be combined with "${kind}"`);
  if (!allowed.includes(kind)) refuse(where, `"${kind}" is not supported here`);
  const next = y.next === undefined ? undefined : typeof y.next === "string" ? y.next : refuse(where, "next must be a step name");
  const withNext = <B extends Body>(b: B): B => (next !== undefined ? { ...b, next } : b);

  switch (kind) {
    case "assign": {
      if (!Array.isArray(y.assign) || y.assign.length === 0) refuse(where, "assign must be a non-empty list of one-key maps");
      const items = y.assign.map((a) => {
        if (!isPlainObject(a) || Object.keys(a).length !== 1) refuse(where, `each assignment must be a one-key map, not ${describeExternal(a)}`);
        const [target, value] = Object.entries(a)[0] as [string, Yaml];
        return { target: compileTarget(where, target), value: compileTemplate(where, value) };
      });
      return withNext({ kind: "assign", items });
    }
    case "call": {
      if (typeof y.call !== "string") refuse(where, "call must name a function");
      checkCallTarget(ctx, where, y.call);
      const args = y.args === undefined ? undefined : compileTemplate(where, y.args);
      if (args && args.k !== "map" && args.k !== "list") refuse(where, "args must be a map (or a list for positional arguments)");
      if (y.result !== undefined && (typeof y.result !== "string" || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(y.result))) refuse(where, "result must be a variable name");
      const body: Body = { kind: "call", fn: y.call };
      if (args) body.args = args;
      if (typeof y.result === "string") body.result = y.result;
      return withNext(body);
    }
    case "switch": {
      if (!Array.isArray(y.switch) || y.switch.length === 0) refuse(where, "switch must be a non-empty list of conditions");
      const cases = y.switch.map((c) => {
        if (!isPlainObject(c) || !("condition" in c)) refuse(where, `each switch entry needs a condition, not ${describeExternal(c)}`);
        const { condition, ...rest } = c;
        if (Object.keys(rest).length === 0) refuse(where, "a switch condition needs something to do (next, steps, return, raise, assign or call)");
        return {
          condition: compileTemplate(where, condition),
          body: compileBody(ctx, where, rest, ["next", "steps", "return", "raise", "assign", "call"]),
        };
      });
      return withNext({ kind: "switch", cases });
    }
    case "for": {
      const f = y.for;
      if (!isPlainObject(f)) return refuse(where, "for must be a map");
      for (const key of Object.keys(f)) if (!["value", "index", "in", "range", "steps"].includes(key)) refuse(where, `"${key}" is not supported in a for loop`);
      if (typeof f.value !== "string") refuse(where, "for needs value: a variable name");
      if (f.index !== undefined && typeof f.index !== "string") refuse(where, "for index must be a variable name");
      if ((f.in === undefined) === (f.range === undefined)) refuse(where, "for needs exactly one of in and range");
      let source: { in: Template } | { range: [Template, Template] };
      if (f.in !== undefined) source = { in: compileTemplate(where, f.in) };
      else {
        if (!Array.isArray(f.range) || f.range.length !== 2) refuse(where, "range must be [start, end]");
        if (f.index !== undefined) refuse(where, "index with range is not supported");
        source = { range: [compileTemplate(where, f.range[0]), compileTemplate(where, f.range[1])] };
      }
      const body: Body = { kind: "for", value: f.value, source, steps: compileSteps(ctx, where, f.steps) };
      if (typeof f.index === "string") body.index = f.index;
      return withNext(body);
    }
    case "steps":
      return withNext({ kind: "steps", steps: compileSteps(ctx, where, y.steps) });
    case "return":
      return { kind: "return", value: compileTemplate(where, y.return) };
    case "raise":
      return { kind: "raise", value: compileTemplate(where, y.raise) };
    case "next":
      return { kind: "next", next: next as string };
    case "try": {
      if (y.except === undefined && y.retry === undefined) refuse(where, "try needs except or retry");
      const body: Body = { kind: "try", body: compileBody(ctx, where, y.try, ["assign", "call", "switch", "for", "steps", "return", "raise"]) };
      if (y.retry !== undefined) body.retry = compileRetry(ctx, where, y.retry);
      if (y.except !== undefined) {
        const ex = y.except;
        if (!isPlainObject(ex) || typeof ex.as !== "string" || Object.keys(ex).some((k) => k !== "as" && k !== "steps")) {
          refuse(where, "except must be {as: name, steps: [...]}");
        }
        body.except = { as: ex.as as string, steps: compileSteps(ctx, where, ex.steps) };
      }
      return withNext(body);
    }
  }
  return refuse(where, `"${kind}"`);
}

function checkCallTarget(ctx: CompileCtx, where: string, name: string): void {
  if (name.startsWith("googleapis.") || name.startsWith("http.")) return;
  if (ctx.workflows.has(name)) return;
  const def = FUNCTIONS.get(name);
  if (!def) refuse(where, `unknown function "${name}" in call`);
  if (!def.inCallStep) refuse(where, `${name} is an expression helper; use it inside \${...} instead of a call step`);
}

function compileRetry(ctx: CompileCtx, where: string, y: Yaml): RetrySpec {
  const builtinPredicate = (src: string | null): BuiltinPredicate | null =>
    src === "http.default_retry_predicate" || src === "http.default_retry_predicate_non_idempotent" ? src : null;
  if (typeof y === "string") {
    // "Uses max_retries of 5" (http.default_retry); its backoff is irrelevant since nothing sleeps here.
    if (expressionSource(y)?.trim() === "http.default_retry") {
      return { predicate: { builtin: "http.default_retry_predicate" }, maxRetries: { k: "lit", v: 5n }, backoff: [] };
    }
    return refuse(where, `retry policy ${y} is not supported (use http.default_retry or a map with predicate and max_retries)`);
  }
  if (!isPlainObject(y)) return refuse(where, "retry must be a map");
  for (const key of Object.keys(y)) if (!["predicate", "max_retries", "backoff"].includes(key)) refuse(where, `"${key}" is not supported in retry`);
  const src = typeof y.predicate === "string" ? expressionSource(y.predicate)?.trim() ?? null : null;
  let predicate: RetrySpec["predicate"];
  const b = builtinPredicate(src);
  if (b) predicate = { builtin: b };
  else if (src !== null && ctx.workflows.has(src)) predicate = { workflow: src };
  else return refuse(where, `retry predicate ${describeExternal(y.predicate)} must be \${http.default_retry_predicate} or \${<subworkflow>}`);
  if (y.max_retries === undefined) refuse(where, "retry needs max_retries");
  const backoff: Template[] = [];
  if (y.backoff !== undefined) {
    if (!isPlainObject(y.backoff)) refuse(where, "backoff must be a map");
    for (const [k, v] of Object.entries(y.backoff)) {
      if (!["initial_delay", "max_delay", "multiplier"].includes(k)) refuse(where, `"${k}" is not supported in backoff`);
      backoff.push(compileTemplate(where, v));
    }
  }
  return { predicate, maxRetries: compileTemplate(where, y.max_retries), backoff };
}

function compileTarget(where: string, target: string): AssignTarget {
  const e = parseExpression(where, target);
  const path: Array<{ field: string } | { index: Expr }> = [];
  let cur: Expr = e;
  for (;;) {
    if (cur.k === "var") break;
    if (cur.k === "member") {
      path.unshift({ field: cur.name });
      cur = cur.obj;
    } else if (cur.k === "index") {
      path.unshift({ index: cur.index });
      cur = cur.obj;
    } else {
      return refuse(where, `"${target}" cannot be assigned to`);
    }
  }
  return path.length === 0 ? { k: "var", name: cur.name } : { k: "path", base: cur.name, path };
}

function compileTemplate(where: string, y: Yaml): Template {
  if (typeof y === "string") {
    const src = expressionSource(y);
    return src === null ? { k: "lit", v: y } : { k: "expr", e: parseExpression(where, src) };
  }
  if (y === null || typeof y === "boolean") return { k: "lit", v: y };
  if (typeof y === "bigint") return { k: "lit", v: checkInt(where, y) };
  if (typeof y === "number") {
    if (!Number.isFinite(y)) refuse(where, `${y} is not a supported value`);
    return { k: "lit", v: y };
  }
  if (Array.isArray(y)) return { k: "list", items: y.map((x) => compileTemplate(where, x)) };
  if (isPlainObject(y)) {
    // A key written as ${...} is computed (documented for maps defined with braces).
    return {
      k: "map",
      entries: Object.entries(y).map(([key, value]) => {
        const src = expressionSource(key);
        return { key: src === null ? key : parseExpression(where, src), value: compileTemplate(where, value) };
      }),
    };
  }
  return refuse(where, `the YAML value ${describeExternal(y)} is not supported`);
}

/** Jumps are checked before running: next may reach a step in its own list or an enclosing one, but not into or out of a loop body. */
function checkWorkflow(wf: CompiledWorkflow, all: Map<string, CompiledWorkflow>): void {
  const checkList = (list: StepList, visible: StepList[], inLoop: boolean) => {
    for (const step of list.steps) checkBody(step, step.body, [...visible, list], inLoop);
  };
  const checkBody = (step: Step, body: Body, visible: StepList[], inLoop: boolean): void => {
    const where = `step "${step.name}" (workflow "${wf.name}")`;
    const next = "next" in body ? body.next : undefined;
    // What next: end does inside a subworkflow (end the subworkflow or the whole execution) is not spelled out.
    if (next === "end" && wf.name !== "main") refuse(where, "next: end inside a subworkflow is not supported (use return)");
    if (next !== undefined && next !== "end") {
      if (next === "break" || next === "continue") {
        if (!inLoop) refuse(where, `next: ${next} outside a for loop`);
      } else if (!visible.some((l) => l.index.has(next))) {
        refuse(where, `next: ${next} names no step reachable from here (jumps into or out of a loop body are not supported)`);
      }
    }
    switch (body.kind) {
      case "switch":
        for (const c of body.cases) checkBody(step, c.body, visible, inLoop);
        break;
      case "steps":
        checkList(body.steps, visible, inLoop);
        break;
      case "for":
        checkList(body.steps, [], true);
        break;
      case "try":
        checkBody(step, body.body, visible, inLoop);
        if (body.except) checkList(body.except.steps, visible, inLoop);
        if (body.retry && "workflow" in body.retry.predicate && (all.get(body.retry.predicate.workflow) as CompiledWorkflow).params.length !== 1) {
          refuse(where, `retry predicate ${body.retry.predicate.workflow} must take exactly one parameter (the error)`);
        }
        break;
      default:
        break;
    }
  };
  checkList(wf.steps, [], false);
}

// ---------------------------------------------------------------------------------------------
// Step executor
// ---------------------------------------------------------------------------------------------

interface Run {
  options: RunOptions;
  workflows: Map<string, CompiledWorkflow>;
  logs: unknown[];
  steps: number;
  maxSteps: number;
}

type Flow =
  | { kind: "normal" }
  | { kind: "next"; target: string }
  | { kind: "return"; value: Value }
  | { kind: "break" }
  | { kind: "continue" }
  | { kind: "end" };

const NORMAL: Flow = { kind: "normal" };

function afterStep(next: string | undefined): Flow {
  if (next === undefined) return NORMAL;
  if (next === "end") return { kind: "end" };
  if (next === "break") return { kind: "break" };
  if (next === "continue") return { kind: "continue" };
  return { kind: "next", target: next };
}

async function callWorkflow(run: Run, wf: CompiledWorkflow, args: Map<string, Value>): Promise<Value> {
  const where = `workflow "${wf.name}"`;
  for (const name of args.keys()) if (!wf.params.some((p) => p.name === name)) refuse(where, `it has no parameter "${name}"`);
  const scope = new Scope(null);
  for (const p of wf.params) {
    if (args.has(p.name)) scope.define(p.name, copyValue(args.get(p.name) as Value));
    else if (p.default !== undefined) scope.define(p.name, copyValue(p.default));
    else refuse(where, `the required parameter "${p.name}" was not given`);
  }
  const flow = await execSteps(run, wf, wf.steps, scope);
  // A workflow that ends without return (or with next: end) returns null.
  return flow.kind === "return" ? flow.value : null;
}

async function execSteps(run: Run, wf: CompiledWorkflow, list: StepList, scope: Scope): Promise<Flow> {
  let i = 0;
  while (i < list.steps.length) {
    const step = list.steps[i] as Step;
    run.steps++;
    if (run.steps > run.maxSteps) throw new Error(`workflow stopped after ${run.maxSteps} steps (maxSteps), at step "${step.name}"`);
    const ctx: EvalCtx = { where: `step "${step.name}" (workflow "${wf.name}")`, scope, run };
    const flow = await execBody(ctx, wf, step.body);
    if (flow.kind === "normal") {
      i++;
    } else if (flow.kind === "next" && list.index.has(flow.target)) {
      i = list.index.get(flow.target) as number;
    } else {
      return flow; // an enclosing list resolves the jump, or the loop/workflow handles it
    }
  }
  return NORMAL;
}

function evalTemplate(ctx: EvalCtx, t: Template): Value {
  switch (t.k) {
    case "lit":
      return copyValue(t.v);
    case "expr":
      return evalExpr(ctx, t.e);
    case "list":
      return t.items.map((x) => evalTemplate(ctx, x));
    case "map": {
      const m: WMap = new Map();
      for (const { key, value } of t.entries) {
        const k = typeof key === "string" ? key : evalExpr(ctx, key);
        if (typeof k !== "string") refuse(ctx.where, `a computed map key evaluated to a ${typeName(k)}, not a string`);
        m.set(k, evalTemplate(ctx, value));
      }
      return m;
    }
  }
}

async function execBody(ctx: EvalCtx, wf: CompiledWorkflow, body: Body): Promise<Flow> {
  switch (body.kind) {
    case "assign":
      for (const { target, value } of body.items) assign(ctx, target, evalTemplate(ctx, value));
      return afterStep(body.next);
    case "call": {
      const value = await execCall(ctx, body.fn, body.args);
      if (body.result !== undefined) ctx.scope.assign(body.result, copyValue(value));
      return afterStep(body.next);
    }
    case "switch":
      for (const c of body.cases) {
        const cond = evalTemplate(ctx, c.condition);
        // "Each expression must evaluate to true or false."
        if (typeof cond !== "boolean") raiseError("TypeError", `switch condition evaluated to ${typeName(cond)}, not bool`);
        if (cond) {
          const flow = await execBody(ctx, wf, c.body);
          return flow.kind === "normal" ? afterStep(body.next) : flow;
        }
      }
      // No condition matched: continue with the step that follows (or the switch step's own next).
      return afterStep(body.next);
    case "for":
      return execFor(ctx, wf, body);
    case "steps": {
      const flow = await execSteps(ctx.run, wf, body.steps, ctx.scope);
      return flow.kind === "normal" ? afterStep(body.next) : flow;
    }
    case "return":
      return { kind: "return", value: evalTemplate(ctx, body.value) };
    case "raise": {
      // "Errors can be either a string or a map."
      const value = evalTemplate(ctx, body.value);
      if (typeof value !== "string" && !isMap(value)) refuse(ctx.where, `raise of a ${typeName(value)} (only a string or a map is documented)`);
      throw new Raised(value);
    }
    case "next":
      return afterStep(body.next);
    case "try":
      return execTry(ctx, wf, body);
  }
}

function assign(ctx: EvalCtx, target: AssignTarget, value: Value): void {
  if (target.k === "var") {
    ctx.scope.assign(target.name, copyValue(value));
    return;
  }
  let container = ctx.scope.lookup(target.base);
  if (container === undefined) refuse(ctx.where, `variable "${target.base}" is not defined, so "${target.base}..." cannot be assigned into`);
  const keys = target.path.map((seg) => ("field" in seg ? seg.field : evalExpr(ctx, seg.index)));
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as Value;
    const last = i === keys.length - 1;
    if (isMap(container)) {
      if (typeof key !== "string") raiseError("TypeError", `map key is ${typeName(key)}, not string`);
      if (last) {
        container.set(key, copyValue(value)); // a missing key is created
        return;
      }
      // Whether assigning through a missing intermediate key creates a map is not documented.
      if (!container.has(key)) refuse(ctx.where, `assigning through the missing key "${key}" (would it create a map?) is not documented`);
      container = container.get(key) as Value;
    } else if (isList(container)) {
      if (typeof key !== "bigint") raiseError("TypeError", `list index is ${typeName(key)}, not integer`);
      if (key < 0n || key >= BigInt(container.length)) raiseError("IndexError", `list assignment index ${key} out of range`);
      if (last) {
        container[Number(key)] = copyValue(value);
        return;
      }
      container = container[Number(key)] as Value;
    } else {
      raiseError("TypeError", `cannot assign into a ${typeName(container)}`);
    }
  }
}

async function execFor(ctx: EvalCtx, wf: CompiledWorkflow, body: Extract<Body, { kind: "for" }>): Promise<Flow> {
  // "The variable name must not be used in assignments or expressions outside of the loop."
  for (const name of [body.value, body.index]) {
    if (name !== undefined && ctx.scope.lookup(name) !== undefined) refuse(ctx.where, `the loop variable "${name}" already exists outside the loop`);
  }
  let items: Iterable<Value>;
  if ("in" in body.source) {
    const list = evalTemplate(ctx, body.source.in);
    if (!isList(list)) return refuse(ctx.where, `for ... in a ${typeName(list)} (only a list is supported; use keys() for a map)`);
    items = [...list]; // the body may reassign or change the list it walks
  } else {
    const [a, b] = body.source.range.map((t) => evalTemplate(ctx, t));
    if (!isNum(a as Value) || !isNum(b as Value)) return refuse(ctx.where, "range bounds must be numbers");
    items = rangeValues(a as bigint | number, b as bigint | number);
  }
  let index = 0n;
  for (const item of items) {
    // Each iteration gets a fresh scope: a variable first created in the body is gone after the loop.
    const scope = new Scope(ctx.scope);
    scope.define(body.value, copyValue(item));
    if (body.index !== undefined) scope.define(body.index, index);
    index++;
    const flow = await execSteps(ctx.run, wf, body.steps, scope);
    if (flow.kind === "break") break;
    if (flow.kind === "normal" || flow.kind === "continue") continue;
    if (flow.kind === "next") refuse(ctx.where, `next: ${flow.target} leaves the loop body`);
    return flow;
  }
  return afterStep(body.next);
}

function* rangeValues(a: bigint | number, b: bigint | number): Generator<Value> {
  // Both ends are inclusive and the step is 1; integer bounds give integers, a double bound gives doubles.
  if (typeof a === "bigint" && typeof b === "bigint") {
    for (let v = a; v <= b; v++) yield v;
  } else {
    for (let v = toDouble(a); v <= toDouble(b); v += 1) yield v;
  }
}

async function execTry(ctx: EvalCtx, wf: CompiledWorkflow, body: Extract<Body, { kind: "try" }>): Promise<Flow> {
  let maxRetries = 0n;
  if (body.retry) {
    const n = evalTemplate(ctx, body.retry.maxRetries);
    if (typeof n !== "bigint" || n < 0n) refuse(ctx.where, `max_retries must be a non-negative integer, not ${typeName(n)}`);
    maxRetries = n;
    for (const t of body.retry.backoff) {
      // Backoff is validated but never slept on.
      const v = evalTemplate(ctx, t);
      if (!isNum(v)) refuse(ctx.where, `backoff values must be numbers, not ${typeName(v)}`);
    }
  }
  for (let retries = 0n; ; retries++) {
    try {
      const flow = await execBody(ctx, wf, body.body);
      return flow.kind === "normal" ? afterStep(body.next) : flow;
    } catch (e) {
      if (!(e instanceof Raised)) throw e; // a bug in the test's handler, or a refusal: never catchable
      if (body.retry && retries < maxRetries && (await shouldRetry(ctx, body.retry, e.value))) continue;
      if (!body.except) throw e;
      ctx.scope.assign(body.except.as, copyValue(e.value));
      const flow = await execSteps(ctx.run, wf, body.except.steps, ctx.scope);
      return flow.kind === "normal" ? afterStep(body.next) : flow;
    }
  }
}

async function shouldRetry(ctx: EvalCtx, retry: RetrySpec, error: Value): Promise<boolean> {
  if ("builtin" in retry.predicate) {
    // http.default_retry_predicate: 429, 502, 503, 504, ConnectionError, ConnectionFailedError, TimeoutError.
    // ..._non_idempotent: 429, 503 and ConnectionFailedError.
    if (!isMap(error)) return false;
    const tags = error.get("tags");
    const tagList = isList(tags as Value) ? (tags as Value[]) : [];
    const code = error.get("code");
    const idempotent = retry.predicate.builtin === "http.default_retry_predicate";
    const codes = idempotent ? [429n, 502n, 503n, 504n] : [429n, 503n];
    const otherTags = idempotent ? ["ConnectionError", "ConnectionFailedError", "TimeoutError"] : ["ConnectionFailedError"];
    if (tagList.includes("HttpError") && typeof code === "bigint" && codes.includes(code)) return true;
    return tagList.some((t) => typeof t === "string" && otherTags.includes(t));
  }
  const predicate = ctx.run.workflows.get(retry.predicate.workflow) as CompiledWorkflow;
  const answer = await callWorkflow(ctx.run, predicate, new Map([[(predicate.params[0] as { name: string }).name, error]]));
  if (typeof answer !== "boolean") refuse(ctx.where, `retry predicate ${predicate.name} returned a ${typeName(answer)}, not a bool`);
  return answer;
}

async function execCall(ctx: EvalCtx, name: string, argsTemplate: Template | undefined): Promise<Value> {
  const args = argsTemplate ? evalTemplate(ctx, argsTemplate) : new Map<string, Value>();
  const sub = ctx.run.workflows.get(name);
  if (sub) {
    if (!isMap(args)) refuse(ctx.where, `subworkflow ${name} takes named args (a map)`);
    return callWorkflow(ctx.run, sub, args);
  }
  if (name.startsWith("googleapis.") || name.startsWith("http.")) return callHandler(ctx, name, args);
  const def = FUNCTIONS.get(name) as FunctionDef;
  let positional: (Value | undefined)[];
  if (isList(args)) positional = [...args];
  else {
    if (def.params === null) refuse(ctx.where, `${name}'s argument names are not known here; pass args as a list`);
    const params = def.params;
    positional = params.map((p) => (isMap(args) && args.has(p) ? (args.get(p) as Value) : undefined));
    for (const k of (args as WMap).keys()) if (!params.includes(k)) refuse(ctx.where, `${name} has no argument "${k}" (it takes ${params.join(", ")})`);
    while (positional.length > 0 && positional[positional.length - 1] === undefined) positional.pop();
  }
  if (positional.length > def.max || positional.filter((v) => v !== undefined).length < def.min) {
    refuse(ctx.where, `${name} takes ${def.min === def.max ? def.min : `${def.min} to ${def.max}`} arguments`);
  }
  if (positional.slice(0, def.min).some((v) => v === undefined)) refuse(ctx.where, `${name} is missing a required argument`);
  return def.impl(ctx, positional);
}

async function callHandler(ctx: EvalCtx, name: string, args: Value): Promise<Value> {
  if (!isMap(args)) refuse(ctx.where, `${name} takes named args (a map)`);
  let out: unknown;
  try {
    out = await ctx.run.options.call(name, toExternal(ctx.where, args, true) as Record<string, unknown>);
  } catch (e) {
    if (e instanceof HttpError) {
      throw new Raised(
        new Map<string, Value>([
          ["code", BigInt(e.code)],
          ["message", e.message],
          ["tags", ["HttpError"]],
          ["body", e.body === undefined ? null : fromExternal(ctx.where, e.body, `${name} HttpError body`)],
          ["headers", fromExternal(ctx.where, e.headers ?? {}, `${name} HttpError headers`)],
        ]),
      );
    }
    throw e; // anything else is a bug in the test and must not be catchable by the YAML
  }
  const value = out === undefined ? null : fromExternal(ctx.where, out, `the result of ${name}`);
  if (name.startsWith("http.")) {
    // For http.* the handler returns the response map as given; error statuses must be thrown as HttpError.
    const code = isMap(value) ? value.get("code") : undefined;
    if (typeof code !== "bigint") refuse(ctx.where, `the handler's result for ${name} must be a response map {code, headers, body}`);
    if (code >= 400n) refuse(ctx.where, `the handler returned code ${code} for ${name}; throw HttpError for an error response`);
  }
  return value;
}
