import { JsonDuckDBValueConverter, type DuckDBResult, type Json } from "@duckdb/node-api";
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

/** Rows left in a result, counted without converting a value. */
async function countRest(result: DuckDBResult): Promise<number> {
  let count = 0;
  for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) count += chunk.rowCount;
  return count;
}

const display = (v: Json | null) => (v === null ? "NULL" : typeof v === "object" ? JSON.stringify(v) : String(v));

/**
 * CSV, RFC 4180: BOOL as `true`/`false` (BigQuery's spelling); NULL is an empty field and the empty
 * string a quoted empty field (`""`), so the two stay apart; arrays and structs as JSON.
 */
function csvText(rows: (Json | null)[][], header?: string[]): string {
  return stringify(rows, {
    ...(header && { header: true, columns: header }),
    // csv-stringify writes NULL as an empty field; quoting only the empty string keeps the two apart.
    quoted_match: /^$/,
    cast: { boolean: (v) => (v ? "true" : "false"), object: (v) => JSON.stringify(v) },
  });
}

/**
 * Writes a query result as it streams: CSV and JSON row by row in constant memory, a table of the
 * first `maxRows` rows (then only counting the rest). JSON keeps the shape of `JSON.stringify(rows, null, 2)`.
 */
export async function writeResult(result: DuckDBResult, format: QueryFormat, sink: Sink, options: { maxRows: number }): Promise<void> {
  const columns = result.deduplicatedColumnNames();
  if (format === "csv") {
    let first = true;
    for await (const rows of chunks(result)) {
      await sink.write(csvText(rows, first ? columns : undefined));
      first = false;
    }
    if (first) await sink.write(csvText([], columns));
  } else if (format === "json") {
    let count = 0;
    for await (const rows of chunks(result)) {
      const text = rows.map((row) => JSON.stringify(Object.fromEntries(columns.map((c, i) => [c, row[i]])), null, 2).replace(/^/gm, "  "));
      await sink.write((count === 0 ? "[\n" : ",\n") + text.join(",\n"));
      count += rows.length;
    }
    await sink.write(count === 0 ? "[]\n" : "\n]\n");
  } else {
    const shown: (Json | null)[][] = [];
    let total = 0;
    for await (const rows of chunks(result)) {
      shown.push(...rows.slice(0, options.maxRows - shown.length));
      total += rows.length;
      if (shown.length >= options.maxRows) break;
    }
    total += await countRest(result);
    // cli-table3 colours its header and border by default; only a terminal should get escape codes.
    const table = new Table({ head: columns, ...(!sink.isTTY && { style: { head: [], border: [] } }) });
    for (const row of shown) table.push(row.map(display));
    const rowsWord = `${total.toLocaleString("en-US")} row${total === 1 ? "" : "s"}`;
    const left = total - shown.length;
    await sink.write(`${table.toString()}\n(${rowsWord}${left > 0 ? `; showing the first ${shown.length.toLocaleString("en-US")}, ${left.toLocaleString("en-US")} left out: raise --max-rows to see more` : ""})\n`);
  }
}
