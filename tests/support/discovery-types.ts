import * as path from "node:path";
import ts from "typescript";

/**
 * REST schemas read from the TypeScript Google generates from each API's Discovery document. No
 * npm package ships the Discovery JSON itself (googleapis 188.0.0 holds 2,243 files, none of them a
 * Discovery document); Google's generators turn every schema of it into a type, field by field:
 * - BigQuery v2: `@google-cloud/bigquery` build/src/types.d.ts ("Discovery Revision: 20260328"),
 *   enums as unions of their values, int64 fields as strings;
 * - Cloud Storage JSON API v1 and IAM v1: `@googleapis/storage` and `@googleapis/iam`, whose
 *   `Params$Resource$…` types are each method's path and query parameters plus its `requestBody`.
 * A field is required when its Discovery description says so ("Required." / "[Required]" /
 * "REQUIRED:"), the only place that form keeps it.
 */
const ENTRY = path.join(__dirname, "discovery-types.entry.ts");
const IMPORTS = [
  'import type bigquery from "@google-cloud/bigquery/build/src/types";',
  'import type { storage_v1 } from "@googleapis/storage";',
  'import type { iam_v1 } from "@googleapis/iam";',
];

let checked: { checker: ts.TypeChecker; types: Map<string, ts.Type> } | undefined;

/** Resolves every named type in one compile (the typings are large; the compile takes seconds). */
export function discoveryTypes(names: readonly string[]): Map<string, ts.Type> {
  if (checked && names.every((n) => checked!.types.has(n))) return checked.types;
  const text = [...IMPORTS, ...names.map((n, i) => `export type T${i} = ${n};`)].join("\n");
  const options: ts.CompilerOptions = { strict: true, noEmit: true, skipLibCheck: true, types: [], module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10, esModuleInterop: true };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (file, version, ...rest) => (path.resolve(file) === ENTRY ? ts.createSourceFile(file, text, version) : getSourceFile(file, version, ...rest));
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (file) => path.resolve(file) === ENTRY || fileExists(file);
  const program = ts.createProgram([ENTRY], options, host);
  const errors = ts.getPreEmitDiagnostics(program).filter((d) => d.file && path.resolve(d.file.fileName) === ENTRY);
  if (errors.length > 0) throw new Error(`Discovery typings: ${ts.flattenDiagnosticMessageText(errors[0]!.messageText, " ")}`);
  const checker = program.getTypeChecker();
  const types = new Map<string, ts.Type>();
  const aliases = program.getSourceFile(ENTRY)!.statements.filter(ts.isTypeAliasDeclaration);
  aliases.forEach((a, i) => types.set(names[i]!, checker.getTypeFromTypeNode(a.type)));
  checked = { checker, types };
  return types;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const show = (v: unknown) => JSON.stringify(v);
const REQUIRED = /^\s*(\[Required\]|Required[.:]|REQUIRED:)/;

function present(t: ts.Type): ts.Type[] {
  const parts = t.isUnion() ? t.types : [t];
  return parts.filter((p) => !(p.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined)));
}

/** Every way `value` departs from the Discovery-generated type: unknown fields, wrong types, enum values, required fields left out. */
export function discoveryProblems(type: ts.Type, value: unknown, at: string, options: { partial?: boolean } = {}): string[] {
  const { checker } = checked!;
  const parts = present(type);
  if (parts.some((p) => p.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown))) return [];
  if (parts.length > 0 && parts.every((p) => p.isStringLiteral())) {
    const values = parts.map((p) => (p as ts.StringLiteralType).value);
    return values.includes(value as string) ? [] : [`${at}: ${show(value)} is not one of ${values.join(", ")}`];
  }
  if (parts.length > 0 && parts.every((p) => p.flags & (ts.TypeFlags.Boolean | ts.TypeFlags.BooleanLiteral))) return typeof value === "boolean" ? [] : [`${at}: expected a boolean, got ${show(value)}`];
  if (parts.length !== 1) return parts.some((p) => discoveryProblems(p, value, at).length === 0) ? [] : [`${at}: ${show(value)} matches none of ${checker.typeToString(type)}`];
  const t = parts[0]!;
  // Discovery's int64/uint64 formats travel as strings; its int32 and double as numbers.
  if (t.flags & ts.TypeFlags.String) return typeof value === "string" ? [] : [`${at}: expected a string (Discovery "type": "string"), got ${show(value)}`];
  if (t.flags & ts.TypeFlags.Number) return typeof value === "number" ? [] : [`${at}: expected a number, got ${show(value)}`];
  if (checker.isArrayType(t)) {
    if (!Array.isArray(value)) return [`${at}: expected an array, got ${show(value)}`];
    const item = checker.getTypeArguments(t as ts.TypeReference)[0]!;
    return value.flatMap((v, i) => discoveryProblems(item, v, `${at}[${i}]`));
  }
  if (!isObject(value)) return [`${at}: expected an object (${checker.typeToString(t)}), got ${show(value)}`];
  const index = checker.getIndexInfoOfType(t, ts.IndexKind.String);
  const problems: string[] = [];
  for (const [key, v] of Object.entries(value)) {
    const prop = t.getProperty(key);
    if (prop) problems.push(...(v === undefined ? [] : discoveryProblems(checker.getTypeOfSymbol(prop), v, `${at}.${key}`)));
    else if (index) problems.push(...discoveryProblems(index.type, v, `${at}.${key}`));
    else problems.push(`${at}.${key}: no field '${key}' in ${checker.typeToString(t)}`);
  }
  for (const prop of options.partial ? [] : t.getProperties()) {
    const doc = ts.displayPartsToString(prop.getDocumentationComment(checker));
    const v = value[prop.name];
    if (REQUIRED.test(doc) && (v === undefined || v === null || v === "")) problems.push(`${at}.${prop.name}: required (${doc.slice(0, 60).trim()}…), missing`);
  }
  return problems;
}
