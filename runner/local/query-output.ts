import { DuckDBTypeId, JsonDuckDBValueConverter, type DuckDBConnection, type DuckDBResult, type Json } from "@duckdb/node-api";
import Table from "cli-table3";
import { stringify } from "csv-stringify/sync";

export const QUERY_FORMATS = ["table", "json", "csv"] as const;
export type QueryFormat = (typeof QUERY_FORMATS)[number];

/** Where results go; `write` resolves once the text is accepted (a full pipe waits for `drain`). */
export interface Sink {
  write(text: string): Promise<void>;
  readonly isTTY: boolean;
}

export function streamSink(stream: NodeJS.WriteStream): Sink {
  return {
    isTTY: !!stream.isTTY,
    write: (text) => new Promise((resolve, reject) => void stream.write(text, (err) => (err ? reject(err) : resolve()))),
  };
}

/** Rows of a streaming result, one DuckDB chunk (≤ 2,048 rows) at a time, as JSON-safe values. */
async function* chunks(result: DuckDBResult): AsyncGenerator<(Json | null)[][]> {
  for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
    yield chunk.convertRows(JsonDuckDBValueConverter);
  }
}

/** Rows of a result whose every column DuckDB has already turned into text, one chunk at a time. */
async function* textChunks(result: DuckDBResult): AsyncGenerator<(string | null)[][]> {
  for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
    const vectors = Array.from({ length: chunk.columnCount }, (_, i) => chunk.getColumnVector(i));
    const rows: (string | null)[][] = new Array(chunk.rowCount);
    for (let r = 0; r < chunk.rowCount; r++) rows[r] = vectors.map((v) => v.getItem(r) as string | null);
    yield rows;
  }
}

const NESTED = new Set([DuckDBTypeId.LIST, DuckDBTypeId.ARRAY, DuckDBTypeId.STRUCT, DuckDBTypeId.MAP, DuckDBTypeId.UNION]);

/**
 * The query with every column cast to text by DuckDB itself (arrays and structs as JSON): converting
 * values in JavaScript costs about eight times as much, and CSV and the table only need text.
 * BOOL casts to `true`/`false`, as BigQuery writes it.
 */
async function asText(connection: DuckDBConnection, sql: string): Promise<{ sql: string; columns: string[] }> {
  const prepared = await connection.prepare(sql);
  const columns = Array.from({ length: prepared.columnCount }, (_, i) => prepared.columnName(i));
  const aliases = columns.map((_, i) => `c${i}`);
  const exprs = aliases.map((a, i) => (NESTED.has(prepared.columnTypeId(i)) ? `CAST(to_json(q.${a}) AS VARCHAR)` : `CAST(q.${a} AS VARCHAR)`));
  return { sql: `SELECT ${exprs.join(", ")} FROM (${sql}) q(${aliases.join(", ")})`, columns };
}

/** Rows left in a result, counted without converting a value. */
async function countRest(result: DuckDBResult): Promise<number> {
  let count = 0;
  for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) count += chunk.rowCount;
  return count;
}

/**
 * CSV, RFC 4180, of text values: NULL is an empty field and the empty string a quoted empty field
 * (`""`), so the two stay apart.
 */
function csvText(rows: (string | null)[][], header?: string[]): string {
  return stringify(rows, {
    ...(header && { header: true, columns: header }),
    // csv-stringify writes NULL as an empty field; quoting only the empty string keeps the two apart.
    quoted_match: /^$/,
  });
}

/**
 * Runs a DuckDB query and writes its result as it streams: CSV and JSON row by row in constant memory, a
 * table of the first `maxRows` rows (then only counting the rest). JSON keeps the shape of
 * `JSON.stringify(rows, null, 2)` with DuckDB's JSON values (BIGINT and NUMERIC as strings).
 */
export async function writeResult(connection: DuckDBConnection, sql: string, format: QueryFormat, sink: Sink, options: { maxRows: number }): Promise<void> {
  if (format === "json") {
    const result = await connection.stream(sql);
    const columns = result.deduplicatedColumnNames();
    let count = 0;
    for await (const rows of chunks(result)) {
      const text = rows.map((row) => JSON.stringify(Object.fromEntries(columns.map((c, i) => [c, row[i]])), null, 2).replace(/^/gm, "  "));
      await sink.write((count === 0 ? "[\n" : ",\n") + text.join(",\n"));
      count += rows.length;
    }
    await sink.write(count === 0 ? "[]\n" : "\n]\n");
    return;
  }
  const text = await asText(connection, sql);
  const result = await connection.stream(text.sql);
  if (format === "csv") {
    let first = true;
    for await (const rows of textChunks(result)) {
      await sink.write(csvText(rows, first ? text.columns : undefined));
      first = false;
    }
    if (first) await sink.write(csvText([], text.columns));
    return;
  }
  const shown: (string | null)[][] = [];
  let total = 0;
  for await (const rows of textChunks(result)) {
    shown.push(...rows.slice(0, options.maxRows - shown.length));
    total += rows.length;
    if (shown.length >= options.maxRows) break;
  }
  total += await countRest(result);
  // cli-table3 colours its header and border by default; only a terminal should get escape codes.
  const table = new Table({ head: text.columns, ...(!sink.isTTY && { style: { head: [], border: [] } }) });
  for (const row of shown) table.push(row.map((v) => v ?? "NULL"));
  const rowsWord = `${total.toLocaleString("en-US")} row${total === 1 ? "" : "s"}`;
  const left = total - shown.length;
  await sink.write(`${table.toString()}\n(${rowsWord}${left > 0 ? `; showing the first ${shown.length.toLocaleString("en-US")}, ${left.toLocaleString("en-US")} left out: raise --max-rows to see more` : ""})\n`);
}
