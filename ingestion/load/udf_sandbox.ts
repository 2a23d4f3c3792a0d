// Runs the UDF bundle exactly as shipped: the committed ES5 file, in a bare vm context with no Node
// globals, fed the same context script the cloud launcher uploads.
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as vm from "node:vm";
import type { SourceContract } from "../contracts/types";
import { contextScript, type RunContext } from "../udf/context_file";
import { UDF_BUNDLE_PATH } from "../udf/bundle_path";

/** The manifest's udf_version of a bundle: the first 16 hex of its SHA-256 (the scheduled workflow is given the same). */
export function udfVersion(bundle: string): string {
  return createHash("sha256").update(bundle).digest("hex").slice(0, 16);
}

export type UdfFunction = (line: string) => string | null;

export class UdfSandbox {
  readonly version: string;
  private readonly context: vm.Context;

  constructor(readonly bundle: string = fs.readFileSync(UDF_BUNDLE_PATH, "utf8")) {
    this.version = udfVersion(bundle);
    this.context = vm.createContext({});
    vm.runInContext(bundle, this.context, { filename: "gigamart_udf.js" });
  }

  setContext(ctx: RunContext): void {
    vm.runInContext(contextScript(ctx), this.context, { filename: "gigamart_context.js" });
  }

  fn(source: SourceContract): UdfFunction {
    const f: unknown = this.context[source.udfFunction];
    if (typeof f !== "function") throw new Error(`UDF bundle ${UDF_BUNDLE_PATH} has no function ${source.udfFunction}`);
    return f as UdfFunction;
  }
}
