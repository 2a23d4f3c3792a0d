import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { queryWarehouse } from "../../cli/commands/query";
import type { ZetaSqlService } from "../../fidelity/zetasql/service";
import type { QueryFormat } from "../../runner/local/query-output";
import { Warehouse } from "../../runner/local/warehouse";
import { tempDir } from "../runner/fixtures";

export const PROJECT = "gigamart-dev";

/**
 * A small real warehouse file as `gigamart run` leaves one (catalog = project, `_gigamart` options), a
 * second DuckDB file beside it that a query must not reach, and a canary file whose text must never
 * appear in any output.
 */
export async function queryFixture(eventRows = 3) {
  const dir = tempDir("gigamart-query-");
  const file = path.join(dir, "warehouse.duckdb");
  const warehouse = await Warehouse.open(file);
  await warehouse.attach(PROJECT);
  await warehouse.createSchema(PROJECT, "analytics");
  const c = warehouse.connection;
  await c.run(
    `CREATE TABLE "${PROJECT}".analytics.events AS SELECT i AS id, DATE '2026-11-01' + CAST(i % 3 AS INTEGER) AS event_date, i % 2 = 0 AS flag,
       CASE i % 3 WHEN 0 THEN NULL WHEN 1 THEN '' ELSE 'note, "quoted"' END AS note, ['a', 'b'] AS tags FROM range(1, ${eventRows + 1}) t(i)`,
  );
  await c.run(`CREATE TABLE "${PROJECT}".analytics.customers (customer_id VARCHAR NOT NULL, updated_at TIMESTAMPTZ)`);
  await c.run(`INSERT INTO "${PROJECT}".analytics.customers VALUES ('C1', TIMESTAMPTZ '2026-11-01 10:00:00+00'), ('C2', NULL)`);
  await c.run(`CREATE VIEW "${PROJECT}".analytics.recent AS SELECT id FROM "${PROJECT}".analytics.events`);
  await warehouse.recordTableOptions({ database: PROJECT, schema: "analytics", name: "events" }, { partitionBy: "event_date", clusterBy: ["note", "id"] }, false);
  await warehouse.recordTableOptions({ database: PROJECT, schema: "analytics", name: "customers" }, { partitionBy: "DATE(updated_at)" }, false);
  warehouse.close();

  const victim = path.join(dir, "victim.duckdb");
  const instance = await DuckDBInstance.create(victim);
  const v = await instance.connect();
  await v.run("CREATE TABLE t AS SELECT 42 AS answer");
  v.closeSync();
  instance.closeSync();

  const secret = `canary-${crypto.randomBytes(8).toString("hex")}`;
  const canary = path.join(dir, "canary.csv");
  fs.writeFileSync(canary, `secret\n${secret}\n`);
  return { dir, file, victim, canary, secret };
}

/** Every file under `dir` with its SHA-256, to see that nothing was written, created or removed. */
export function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(
    fs
      .readdirSync(dir, { recursive: true, encoding: "utf8" })
      .filter((f) => fs.statSync(path.join(dir, f)).isFile())
      .sort()
      .map((f) => [f, crypto.createHash("sha256").update(fs.readFileSync(path.join(dir, f))).digest("hex")]),
  );
}

/** `gigamart query` in process (the function the command runs), its output kept with each write it made. */
export async function runQuery(
  sql: string,
  file: string,
  service: ZetaSqlService,
  options: { format?: QueryFormat; maxRows?: number; isTTY?: boolean } = {},
): Promise<{ out: string; writes: number[] }> {
  const writes: number[] = [];
  let out = "";
  await queryWarehouse(sql, {
    file,
    project: PROJECT,
    region: "asia-south1",
    format: options.format ?? "csv",
    maxRows: options.maxRows ?? 100,
    service,
    sink: { isTTY: !!options.isTTY, write: async (text) => void (writes.push(text.length), (out += text)) },
  });
  return { out, writes };
}
