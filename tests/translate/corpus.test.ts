import { expect } from "chai";
import type { DuckDBConnection } from "@duckdb/node-api";
import { initTranslator, translateScript } from "../../runner/translate";
import { CORPUS } from "../../runner/translate/corpus";
import { openDuckDb, runStatements, sameValue } from "./duckdb";

describe("translation corpus: each BigQuery construct gives BigQuery's value on DuckDB", () => {
  let conn: DuckDBConnection;
  before(async () => {
    await initTranslator();
    conn = await openDuckDb();
  });

  for (const entry of CORPUS) {
    it(entry.name, async () => {
      const statements = translateScript(entry.bigquery, { defaultProject: "corpus-project" });
      const rows = await runStatements(conn, statements);
      const detail = `\nBigQuery: ${entry.bigquery}\nDuckDB:   ${statements.map((s) => s.duckdb).join(";\n")}\ngot:      ${JSON.stringify(rows)}`;
      expect(rows.length, `row count${detail}`).to.equal(entry.expected.length);
      entry.expected.forEach((expectedRow, i) => {
        expect(sameValue(rows[i], expectedRow), `row ${i} expected ${JSON.stringify(expectedRow)}${detail}`).to.equal(true);
      });
    });
  }
});
