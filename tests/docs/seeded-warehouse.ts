// A small warehouse with a run history worth documenting: a few generated days, each ingested the
// morning after and run through the daily schedule, the monitoring schedule once the replay reaches
// today, then a BAD daily run: a sales_fact row duplicated behind the pipeline's back, so sales_fact's
// uniqueKey assertion fails and its failing rows are kept in giga_monitoring.assertion_results.
import * as path from "node:path";
import { loadConfig } from "../../config/load";
import { addDays, landAndIngest, morningAfter, todayIn } from "../../demo/landing-days";
import { generateLanding } from "../../ingestion/generate";
import type { CompiledGraph } from "../../runner/dataform/compiled-graph";
import { Warehouse } from "../../runner/local/warehouse";
import { runLocal } from "../../runner/targets/local";
import type { RunResult } from "../../runner/targets/run-result";
import { failures, PROJECT } from "../models/pipeline";

export const FAILING_ASSERTION = `${PROJECT}.giga_assertions.giga_curated_sales_fact_assertions_uniqueKey_0`;

export interface SeededRuns {
  good: RunResult[];
  bad: RunResult;
  /** the sales_line_id duplicated by the bad run */
  duplicatedLine: string;
}

export async function seedWarehouse(graph: CompiledGraph, dir: string, days = 2): Promise<SeededRuns> {
  const warehouseFile = path.join(dir, "warehouse.duckdb");
  const generated = path.join(dir, "generated");
  const today = todayIn(loadConfig("dev").landing.source_time_zone);
  const first = addDays(today, -days);
  await generateLanding({ outDir: generated, days, startDate: first, seed: 14, stores: 2, products: 12, customers: 30, transactionsPerStoreDay: 8, ordersPerDay: 6 });
  const run = async (tag: string) => {
    const result = await runLocal({ graph, warehouseFile, selection: { tags: [tag] } });
    if (result.status !== "successful") throw new Error(`seeding: the ${tag} run failed:\n${failures(result)}`);
    return result;
  };
  const good: RunResult[] = [];
  for (let d = 0; d < days; d++) {
    const date = addDays(first, d);
    const last = d === days - 1;
    await landAndIngest(generated, path.join(dir, "landing"), date, warehouseFile, PROJECT, last ? new Date() : morningAfter(date));
    good.push(await run("daily"));
  }
  good.push(await run("monitoring"));

  const warehouse = await Warehouse.open(warehouseFile);
  let duplicatedLine: string;
  try {
    await warehouse.attach(PROJECT);
    const fact = `"${PROJECT}".giga_curated.sales_fact`;
    const [row] = (await warehouse.connection.runAndReadAll(`SELECT sales_line_id FROM ${fact} WHERE channel = 'POS' ORDER BY sales_line_id LIMIT 1`)).getRowObjectsJson();
    duplicatedLine = String(row!.sales_line_id);
    await warehouse.connection.run(`INSERT INTO ${fact} SELECT * FROM ${fact} WHERE sales_line_id = '${duplicatedLine}'`);
  } finally {
    warehouse.close();
  }
  const bad = await runLocal({ graph, warehouseFile, selection: { tags: ["daily"] } });
  if (bad.actions.find((a) => a.name === FAILING_ASSERTION)?.status !== "failed") throw new Error(`seeding: the bad run did not fail ${FAILING_ASSERTION}`);
  return { good, bad, duplicatedLine };
}
