import { DuckDBTypeId, JsonDuckDBValueConverter, type DuckDBConnection, type DuckDBDataChunk, type DuckDBResult, type Json } from "@duckdb/node-api";
import Table from "cli-table3";

export const QUERY_FORMATS = ["table", "json", "csv"] as const;
export type QueryFormat = (typeof QUERY_FORMATS)[number];

/**
 * Where results go; `write` resolves once the text or UTF-8 bytes are accepted (a full pipe waits for
 * `drain`), and the bytes may be overwritten after that.
 */
export interface Sink {
  write(data: string | Uint8Array): Promise<void>;
  readonly isTTY: boolean;
}

export function streamSink(stream: NodeJS.WriteStream): Sink {
  return {
    isTTY: !!stream.isTTY,
    write: (data) => new Promise((resolve, reject) => void stream.write(data, (err) => (err ? reject(err) : resolve()))),
  };
}

/**
 * Writes a streaming result one DuckDB chunk (≤ 2,048 rows) at a time, as `render` turns it into text.
 * Each chunk is emptied before its text is written: its vectors and strings are native memory that V8
 * does not count, so its wrapper would hold them until V8 next collected it for reasons of its own (a
 * scan whose JavaScript made little garbage held hundreds of chunks).
 */
async function writeChunks(result: DuckDBResult, sink: Sink, render: (chunk: DuckDBDataChunk) => string | Uint8Array): Promise<number> {
  let rows = 0;
  for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
    rows += chunk.rowCount;
    const text = render(chunk);
    chunk.reset();
    await sink.write(text);
  }
  return rows;
}

/** DuckDB functions whose value differs from one run of a query to the next. */
const VOLATILE = /\b(random|uuid|gen_random_uuid|uuidv4|uuidv7|setseed)\s*\(/i;

/**
 * The row count of a query run to its end with every column of every row evaluated, so that it raises any
 * error the query raises. A streamed DuckDB result that fails midway (an error in row 100,000, out of
 * memory) ends exactly as a complete one: the C API's fetch returns nothing for both and the node
 * binding never reads the result's error (duckdb-rs fixed the same in its own binding, duckdb-rs#664).
 */
async function evaluatedCount(connection: DuckDBConnection, sql: string): Promise<number> {
  // The alias names the whole row (a struct of every column) unless a column has its name.
  const rows = (await connection.runAndReadAll(`SELECT count(*), bit_xor(hash(_gigamart_row)) FROM (${sql}) AS _gigamart_row`)).getRowsJson();
  return Number(rows[0]![0]);
}

/**
 * Streams a result (`streamSql`: the query `sql` as the format renders it) after running the query once
 * to its end, so that the query's error comes before any row is written; then a result that DuckDB ends
 * before its rows do (out of memory) is told, not written as if whole. The runs take turns, so the peak
 * is the larger of the two, not their sum.
 */
async function writeConfirmed(connection: DuckDBConnection, sql: string, streamSql: string, write: (result: DuckDBResult) => Promise<number>): Promise<void> {
  const total = await evaluatedCount(connection, sql);
  const streamed = await write(await connection.stream(streamSql));
  if (streamed !== total && !VOLATILE.test(sql))
    throw new Error(
      `query: DuckDB ended the result after ${streamed.toLocaleString("en-US")} of its ${total.toLocaleString("en-US")} rows without saying why (out of memory?); the output stops there`,
    );
}

const NESTED = new Set([DuckDBTypeId.LIST, DuckDBTypeId.ARRAY, DuckDBTypeId.STRUCT, DuckDBTypeId.MAP, DuckDBTypeId.UNION]);
/** Types whose text is never empty and holds no quote, comma or line break, so it is never quoted. */
const UNQUOTED = new Set([
  DuckDBTypeId.BOOLEAN, DuckDBTypeId.TINYINT, DuckDBTypeId.SMALLINT, DuckDBTypeId.INTEGER, DuckDBTypeId.BIGINT, DuckDBTypeId.HUGEINT,
  DuckDBTypeId.UTINYINT, DuckDBTypeId.USMALLINT, DuckDBTypeId.UINTEGER, DuckDBTypeId.UBIGINT, DuckDBTypeId.UHUGEINT,
  DuckDBTypeId.FLOAT, DuckDBTypeId.DOUBLE, DuckDBTypeId.DECIMAL, DuckDBTypeId.DATE, DuckDBTypeId.TIME, DuckDBTypeId.TIME_TZ,
  DuckDBTypeId.TIMESTAMP, DuckDBTypeId.TIMESTAMP_S, DuckDBTypeId.TIMESTAMP_MS, DuckDBTypeId.TIMESTAMP_NS, DuckDBTypeId.TIMESTAMP_TZ,
  DuckDBTypeId.INTERVAL, DuckDBTypeId.UUID,
]);

/**
 * The query's rows as CSV lines, built by DuckDB itself: RFC 4180 quoting, NULL as an empty field and the
 * empty string as a quoted empty field (`""`) so the two stay apart, BOOL as `true`/`false` (BigQuery's
 * spelling), arrays and structs as JSON. Converting values in JavaScript and quoting them with
 * csv-stringify cost about ten times as much per row.
 */
async function csvLines(connection: DuckDBConnection, sql: string): Promise<{ sql: string; header: string }> {
  const prepared = await connection.prepare(sql);
  const names = Array.from({ length: prepared.columnCount }, (_, i) => prepared.columnName(i));
  const aliases = names.map((_, i) => `c${i}`);
  const fields = aliases.map((a, i) => {
    const type = prepared.columnTypeId(i);
    const text = NESTED.has(type) ? `CAST(to_json(q.${a}) AS VARCHAR)` : `CAST(q.${a} AS VARCHAR)`;
    // The quoting test is most of DuckDB's work per row; a number or a date never needs it.
    if (UNQUOTED.has(type)) return `coalesce(${text}, '')`;
    return `CASE WHEN ${text} IS NULL THEN '' WHEN regexp_matches(${text}, '^$|[",\r\n]') THEN '"' || replace(${text}, '"', '""') || '"' ELSE ${text} END`;
  });
  const quote = (name: string) => (/^$|[",\r\n]/.test(name) ? `"${name.replace(/"/g, '""')}"` : name);
  return { sql: `SELECT ${fields.join(" || ',' || ")} FROM (${sql}) q(${aliases.join(", ")})`, header: names.map(quote).join(",") };
}

const display = (v: Json | null) => (v === null ? "NULL" : typeof v === "object" ? JSON.stringify(v) : String(v));

/**
 * Runs a DuckDB query and writes its result as it streams: CSV and JSON row by row in constant memory, a
 * table of the first `maxRows` rows and the count of all. JSON keeps the shape of
 * `JSON.stringify(rows, null, 2)` with DuckDB's JSON values (BIGINT and NUMERIC as strings).
 */
export async function writeResult(connection: DuckDBConnection, sql: string, format: QueryFormat, sink: Sink, options: { maxRows: number }): Promise<void> {
  if (format === "json") {
    let count = 0;
    await writeConfirmed(connection, sql, sql, (result) => {
      const columns = result.deduplicatedColumnNames();
      return writeChunks(result, sink, (chunk) => {
        const rows = chunk.convertRows(JsonDuckDBValueConverter);
        const text = rows.map((row) => JSON.stringify(Object.fromEntries(columns.map((c, i) => [c, row[i]])), null, 2).replace(/^/gm, "  "));
        const separator = count === 0 ? "[\n" : ",\n";
        count += rows.length;
        return separator + text.join(",\n");
      });
    });
    await sink.write(count === 0 ? "[]\n" : "\n]\n");
    return;
  }
  if (format === "csv") {
    const lines = await csvLines(connection, sql);
    // Each line goes into one reused buffer as it is read. A chunk's text as a string (about 170 KB) lived
    // on in its pending write, past young-generation collections, into the old generation: on 1 M rows
    // V8's heap grew to 54 MB between full collections, against 46 MB with the buffer.
    let buffer = Buffer.allocUnsafe(1 << 20);
    const render = (chunk: DuckDBDataChunk) => {
      const vector = chunk.getColumnVector(0);
      let end = 0;
      for (let r = 0; r < chunk.rowCount; r++) {
        const line = String(vector.getItem(r));
        const most = 3 * line.length + 1; // UTF-8 bytes of a UTF-16 code unit: at most 3
        if (end + most > buffer.length) buffer = Buffer.concat([buffer.subarray(0, end)], 2 * (end + most));
        end += buffer.write(line, end);
        buffer[end++] = 0x0a;
      }
      return buffer.subarray(0, end);
    };
    await writeConfirmed(connection, sql, lines.sql, async (result) => {
      await sink.write(lines.header + "\n");
      return writeChunks(result, sink, render);
    });
    return;
  }
  // The first `maxRows` rows, and one more to know whether any are left out; only then a second pass
  // counts them. That count evaluates every column of every row, as BigQuery computes the whole result:
  // an error in a row the table does not show still fails the query. A small result costs its query once.
  const reader = await connection.runAndReadAll(`SELECT * FROM (${sql}) LIMIT ${options.maxRows + 1}`);
  const columns = reader.columnNames();
  const rows = reader.getRowsJson();
  const shown = rows.slice(0, options.maxRows);
  const total = rows.length <= options.maxRows ? rows.length : await evaluatedCount(connection, sql);
  // cli-table3 colours its header and border by default; only a terminal should get escape codes.
  const table = new Table({ head: columns, ...(!sink.isTTY && { style: { head: [], border: [] } }) });
  for (const row of shown) table.push(row.map(display));
  const rowsWord = `${total.toLocaleString("en-US")} row${total === 1 ? "" : "s"}`;
  const left = total - shown.length;
  await sink.write(`${table.toString()}\n(${rowsWord}${left > 0 ? `; showing the first ${shown.length.toLocaleString("en-US")}, ${left.toLocaleString("en-US")} left out: raise --max-rows to see more` : ""})\n`);
}
