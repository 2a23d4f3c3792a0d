// The value of a filter's constant side, as the day it falls on: literals, CURRENT_DATE() arithmetic and
// script variables alike, evaluated on the local warehouse (a watermark variable is a query of it).
import { initTranslator, translateScript } from "../../runner/translate";
import { Warehouse } from "../../runner/local/warehouse";

export class ConstantEvaluator {
  private readonly cache = new Map<string, Promise<string | null>>();

  private constructor(
    private readonly warehouse: Warehouse,
    private readonly project: string,
  ) {}

  /** Before a warehouse's first run, variables that read its tables cannot be evaluated (and say so). */
  static async open(file: string, project: string): Promise<ConstantEvaluator> {
    await initTranslator();
    const warehouse = await Warehouse.open(file, { readOnly: true });
    await warehouse.attach(project);
    return new ConstantEvaluator(warehouse, project);
  }

  /**
   * The `yyyy-mm-dd` day of `expression` as a value of `type` (NULL: null), after the DECLARE and SET
   * statements of the script that precede the filter. Throws with the engine's message when it cannot.
   */
  dayOf(expression: string, type: string, variables: readonly string[]): Promise<string | null> {
    const script = [...variables, `select cast(date(cast((${expression}) as ${type})) as string) as v`].join(";\n");
    let value = this.cache.get(script);
    if (!value) {
      value = this.evaluate(script);
      this.cache.set(script, value);
    }
    return value;
  }

  private async evaluate(script: string): Promise<string | null> {
    const statements = translateScript(script, {
      defaultProject: this.project,
      partitionFilterColumn: this.warehouse.partitionFilterColumn,
      declaredVariables: new Map(),
    });
    const session = await this.warehouse.session();
    try {
      for (const statement of statements.slice(0, -1)) await session.run(statement.duckdb);
      const rows = (await session.runAndReadAll(statements.at(-1)!.duckdb)).getRows();
      const value = rows[0]?.[0];
      return value === null || value === undefined ? null : String(value);
    } finally {
      session.closeSync();
    }
  }

  close(): void {
    this.warehouse.close();
  }
}
