// The context file: a one-statement script defining GIGAMART_CONTEXT, loaded next to the bundle.
// The cloud launcher uploads it per batch; the local loader runs the same text in its vm.
import type { RunContext } from "./context";

export type { RunContext };

export function contextScript(ctx: RunContext): string {
  // JSON is JavaScript except for raw U+2028/U+2029, which ES5 string literals may not hold.
  const json = JSON.stringify(ctx).replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
  return `var GIGAMART_CONTEXT = ${json};\n`;
}
