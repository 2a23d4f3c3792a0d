/**
 * BigQuery scripting. DECLARE/SET become DuckDB session variables (`SET VARIABLE`), read back with
 * `getvariable('name')`: that is how Dataform incremental pre-operations hand a watermark to the main
 * query. A multi-statement transaction maps onto DuckDB's own (same snapshot-and-commit shape).
 * Control flow and dynamic SQL have no statement-by-statement DuckDB equivalent and are refused.
 */
import { BigQueryRuleError, UntranslatableError } from "./errors";

/** Leading keywords of statements that are refused, with the construct named in the error. */
const REFUSED: [RegExp, string][] = [
  [/^BEGIN\b/, "BEGIN…END block"],
  [/^END\b/, "BEGIN…END block"],
  [/^IF\b/, "IF"],
  [/^ELSE(IF)?\b/, "IF"],
  [/^CASE\b/, "CASE statement"],
  [/^(LOOP|WHILE|REPEAT|FOR)\b/, "loop"],
  [/^(BREAK|LEAVE|CONTINUE|ITERATE)\b/, "loop"],
  [/^\w+ :/, "labelled block"],
  [/^CALL\b/, "CALL procedure"],
  [/^EXECUTE IMMEDIATE\b/, "EXECUTE IMMEDIATE"],
  [/^RAISE\b/, "RAISE"],
  [/^RETURN\b/, "RETURN"],
  [/^ASSERT\b/, "ASSERT"],
  [/^CREATE (OR REPLACE )?(TEMP |TEMPORARY )?PROCEDURE\b/, "CREATE PROCEDURE"],
  [/^CREATE (OR REPLACE )?(TEMP |TEMPORARY )?(AGGREGATE |TABLE )?FUNCTION\b/, "CREATE FUNCTION"],
  [/^(EXPORT|LOAD) DATA\b/, "EXPORT/LOAD DATA"],
];

/** BEGIN TRANSACTION, COMMIT [TRANSACTION], ROLLBACK [TRANSACTION] as DuckDB spells them; undefined for others. */
export function transactionStatement(keywords: string[]): string | undefined {
  const [first, second] = keywords;
  if (first === "BEGIN" && second === "TRANSACTION") return "BEGIN TRANSACTION";
  if ((first === "COMMIT" || first === "ROLLBACK") && (second === undefined || second === "TRANSACTION")) return first;
  return undefined;
}

export function refuseScripting(keywords: string[]): void {
  const lead = keywords.join(" ");
  for (const [pattern, construct] of REFUSED) {
    if (pattern.test(lead)) {
      throw new UntranslatableError(construct, `${construct} is BigQuery scripting the local DuckDB target does not run`);
    }
  }
}

/**
 * Variables declared so far, with their declared BigQuery type if any (a later SET must keep it).
 * BigQuery variable names are case-insensitive, so they are kept lower-case.
 */
export class ScriptVariables {
  constructor(private readonly declared: Map<string, string | undefined> = new Map()) {}
  declare(name: string, bigQueryType: string | undefined): void {
    if (this.has(name)) throw new BigQueryRuleError(`Variable ${name} is already declared`);
    this.declared.set(name.toLowerCase(), bigQueryType);
  }
  has(name: string): boolean {
    return this.declared.has(name.toLowerCase());
  }
  typeOf(name: string): string | undefined {
    return this.declared.get(name.toLowerCase());
  }
}

export const setVariable = (name: string, duckDbExpression: string) =>
  `SET VARIABLE ${name.toLowerCase()} = ${duckDbExpression}`;
