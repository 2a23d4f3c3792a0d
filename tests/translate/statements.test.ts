import { expect } from "chai";
import type { DuckDBConnection } from "@duckdb/node-api";
import { BigQueryRuleError, DUPLICATE_MATCH_MESSAGE, initTranslator, translateScript, UntranslatableError, type TranslateContext } from "../../runner/translate";
import { openDuckDb, query, runStatements } from "./duckdb";

const ctx: TranslateContext = { defaultProject: "gm-dev" };
const run = (conn: DuckDBConnection, script: string, context: TranslateContext = ctx) => runStatements(conn, translateScript(script, context));

describe("translating BigQuery statements for the local DuckDB warehouse", () => {
  let conn: DuckDBConnection;
  before(async () => {
    await initTranslator();
    conn = await openDuckDb(["gm-dev", "other-proj"]);
    await run(conn, "CREATE SCHEMA IF NOT EXISTS `gm-dev.sales`; CREATE SCHEMA IF NOT EXISTS `other-proj.sales`");
  });

  describe("table paths", () => {
    it("maps `project.dataset.table`, `project`.`dataset`.`table` and dataset.table to catalog.schema.table", async () => {
      await run(conn, "CREATE OR REPLACE TABLE `gm-dev.sales.orders` AS SELECT 1 AS id");
      await run(conn, "CREATE OR REPLACE TABLE `other-proj`.`sales`.`orders` AS SELECT 2 AS id");
      expect(await run(conn, "SELECT id FROM `gm-dev.sales.orders`")).to.deep.equal([{ id: 1 }]);
      expect(await run(conn, "SELECT id FROM sales.orders")).to.deep.equal([{ id: 1 }]);
      expect(await run(conn, "SELECT id FROM `other-proj`.`sales`.`orders`")).to.deep.equal([{ id: 2 }]);
      expect(translateScript("SELECT * FROM `gm-dev.sales.orders` o JOIN sales.orders p USING (id)", ctx)[0].duckdb).to.equal(
        'SELECT * FROM "gm-dev"."sales"."orders" AS o JOIN "gm-dev"."sales"."orders" AS p USING (id)',
      );
    });

    it("leaves string literals that look like the translator's placeholders alone", async () => {
      expect(await run(conn, "SELECT 'BQFIX_CONCAT(x' AS s, CONCAT('a', \"BQFIX_VAR('y')\") AS t")).to.deep.equal([
        { s: "BQFIX_CONCAT(x", t: "aBQFIX_VAR('y')" },
      ]);
    });

    it("leaves CTE names alone", () => {
      expect(translateScript("WITH orders AS (SELECT 1 AS id) SELECT id FROM orders", ctx)[0].duckdb).to.equal(
        "WITH orders AS (SELECT 1 AS id) SELECT id FROM orders",
      );
    });
  });

  describe("DDL and DML", () => {
    it("runs Dataform's create-or-replace with PARTITION BY, CLUSTER BY and OPTIONS as a plain CTAS", async () => {
      const [create] = translateScript(
        "create or replace table `gm-dev.sales.daily` partition by DATE(ts) cluster by store_id options(description='''daily''', require_partition_filter=true) as SELECT 's1' AS store_id, TIMESTAMP '2024-01-01 10:00:00' AS ts, CAST('10.125' AS NUMERIC) AS amount",
        ctx,
      );
      expect(create.kind).to.equal("ddl");
      await query(conn, create.duckdb);
      expect(await query(conn, "SELECT typeof(ts) AS t, typeof(amount) AS a FROM \"gm-dev\".sales.daily")).to.deep.equal([
        { t: "TIMESTAMP WITH TIME ZONE", a: "DECIMAL(38,9)" },
      ]);
    });

    it("creates a view without its OPTIONS", async () => {
      await run(conn, "CREATE OR REPLACE VIEW `gm-dev.sales.v_daily` OPTIONS(description='v') AS SELECT store_id FROM sales.daily");
      expect(await run(conn, "SELECT * FROM sales.v_daily")).to.deep.equal([{ store_id: "s1" }]);
    });

    it("maps INT64, FLOAT64, STRING, BYTES, BOOL, NUMERIC, TIMESTAMP, DATETIME, ARRAY and STRUCT in column lists", async () => {
      await run(
        conn,
        "CREATE OR REPLACE TABLE sales.typed (i INT64, f FLOAT64, s STRING, b BYTES, ok BOOL, n NUMERIC, ts TIMESTAMP, dt DATETIME, tags ARRAY<STRING>, addr STRUCT<city STRING, pin INT64>)",
      );
      const types = await query(conn, "SELECT column_name AS c, data_type AS t FROM duckdb_columns() WHERE table_name = 'typed' ORDER BY column_index");
      expect(types.map((r) => r.t)).to.deep.equal([
        "BIGINT", "DOUBLE", "VARCHAR", "BLOB", "BOOLEAN", "DECIMAL(38,9)", "TIMESTAMP WITH TIME ZONE", "TIMESTAMP", "VARCHAR[]", "STRUCT(city VARCHAR, pin BIGINT)",
      ]);
    });

    it("drops table and column OPTIONS that polyglot cannot parse, even after a column list's CLUSTER BY", async () => {
      await run(
        conn,
        "CREATE TABLE IF NOT EXISTS `gm-dev.sales.landed` (id INT64 NOT NULL OPTIONS(description='key'), ts TIMESTAMP) PARTITION BY DATE(ts) CLUSTER BY id OPTIONS(description='x (y)', require_partition_filter=true)",
      );
      expect(await query(conn, "SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = 'landed'")).to.deep.equal([{ n: "1" }]);
    });

    it("runs UPDATE … FROM and MERGE … WHEN NOT MATCHED BY SOURCE", async () => {
      await run(conn, "CREATE OR REPLACE TABLE sales.prices AS SELECT 1 AS id, NUMERIC '1' AS price UNION ALL SELECT 2, NUMERIC '2'");
      await run(conn, "UPDATE sales.prices AS p SET price = n.price FROM (SELECT 1 AS id, NUMERIC '9.99' AS price) AS n WHERE n.id = p.id");
      await run(conn, "MERGE sales.prices T USING (SELECT 1 AS id) S ON T.id = S.id WHEN NOT MATCHED BY SOURCE THEN DELETE");
      expect(await run(conn, "SELECT * FROM sales.prices")).to.deep.equal([{ id: 1, price: "9.990000000" }]);
    });

    it("runs INSERT … SELECT, ALTER TABLE ADD COLUMN, UPDATE, DELETE and DROP … IF EXISTS", async () => {
      const statements = translateScript(
        [
          "CREATE OR REPLACE TABLE sales.items AS SELECT 1 AS id, 'a' AS name",
          "INSERT INTO `gm-dev.sales.items` (id, name) SELECT id + 1, name FROM sales.items",
          "ALTER TABLE sales.items ADD COLUMN IF NOT EXISTS note STRING",
          "UPDATE sales.items SET note = 'second' WHERE id = 2",
          "DELETE FROM sales.items WHERE id = 1",
        ].join(";\n"),
        ctx,
      );
      expect(statements.map((s) => s.kind)).to.deep.equal(["ddl", "dml", "ddl", "dml", "dml"]);
      await runStatements(conn, statements);
      expect(await run(conn, "SELECT * FROM sales.items")).to.deep.equal([{ id: 2, name: "a", note: "second" }]);
      await run(conn, "DROP TABLE IF EXISTS sales.items; DROP TABLE IF EXISTS sales.items; DROP VIEW IF EXISTS sales.nothing_here");
      expect(await query(conn, "SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = 'items'")).to.deep.equal([{ n: "0" }]);
    });

    it("creates a schema named by dataset or project.dataset, ignoring its OPTIONS", () => {
      expect(translateScript("CREATE SCHEMA IF NOT EXISTS `gm-dev.giga_raw` OPTIONS(location='asia-south1')", ctx)[0].duckdb).to.equal(
        'CREATE SCHEMA IF NOT EXISTS "gm-dev"."giga_raw"',
      );
      expect(translateScript("create schema giga_mart", ctx)[0].duckdb).to.equal('CREATE SCHEMA "gm-dev"."giga_mart"');
    });
  });

  describe("MERGE", () => {
    const merge = (source: string) =>
      `merge \`gm-dev.sales.dim\` DATAFORM_DEST using (${source}) DATAFORM_SOURCE on DATAFORM_DEST.id = DATAFORM_SOURCE.id
       when matched then update set \`name\` = DATAFORM_SOURCE.name
       when not matched then insert (\`id\`, \`name\`) values (\`id\`, \`name\`)`;

    beforeEach(() => run(conn, "CREATE OR REPLACE TABLE sales.dim AS SELECT 1 AS id, 'old' AS name"));

    it("updates matched rows and inserts the others", async () => {
      const [statement] = translateScript(merge("SELECT 1 AS id, 'new' AS name UNION ALL SELECT 2, 'two'"), ctx);
      expect(statement.kind).to.equal("merge");
      expect(await query(conn, statement.duplicateMatchGuard!)).to.deep.equal([]);
      await query(conn, statement.duckdb);
      expect(await run(conn, "SELECT * FROM sales.dim ORDER BY id")).to.deep.equal([
        { id: 1, name: "new" },
        { id: 2, name: "two" },
      ]);
    });

    it("gives a guard that finds a target row matched by two source rows", async () => {
      const [statement] = translateScript(merge("SELECT 1 AS id, 'a' AS name UNION ALL SELECT 1, 'b'"), ctx);
      expect(await query(conn, statement.duplicateMatchGuard!)).to.have.length(1);
      expect(DUPLICATE_MATCH_MESSAGE).to.equal("UPDATE/MERGE must match at most one source row for each target row");
    });

    it("applies the same fixes inside the MERGE source as in any query (polyglot skips them there)", async () => {
      const [statement] = translateScript(
        merge("SELECT 1 AS id, TO_HEX(SHA256('a')) AS name UNION ALL SELECT 2, CAST(GREATEST(1, NULL) AS STRING)"),
        ctx,
      );
      expect(await query(conn, statement.duplicateMatchGuard!)).to.deep.equal([]);
      await query(conn, statement.duckdb);
      expect(await run(conn, "SELECT * FROM sales.dim ORDER BY id")).to.deep.equal([
        { id: 1, name: "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb" },
        { id: 2, name: null },
      ]);
    });

    it("needs no guard when the MERGE only inserts", () => {
      const [statement] = translateScript(
        "merge sales.dim T using (select 1 as id) S on T.id = S.id when not matched then insert (id) values (id)",
        ctx,
      );
      expect(statement.duplicateMatchGuard).to.equal(undefined);
    });
  });

  describe("script variables", () => {
    it("turns DECLARE … DEFAULT (subquery) and SET into session variables read with getvariable", async () => {
      await run(conn, "CREATE OR REPLACE TABLE sales.events AS SELECT * FROM UNNEST([STRUCT(1 AS id, TIMESTAMP '2024-01-01 00:00:00' AS ts), (2, TIMESTAMP '2024-01-03 00:00:00')])");
      const statements = translateScript(
        "declare max_ts default (select max(ts) from sales.events where id = 1);\nDECLARE Lim INT64;\nSET lim = 5;\nselect id from sales.events where ts > max_ts limit 10",
        ctx,
      );
      expect(statements.map((s) => s.kind)).to.deep.equal(["variable", "variable", "variable", "query"]);
      expect(statements[3].duckdb).to.contain("getvariable('max_ts')");
      expect(await runStatements(conn, statements)).to.deep.equal([{ id: 2 }]);
      expect(await query(conn, "SELECT getvariable('lim') AS l")).to.deep.equal([{ l: "5" }]);
    });

    it("declares several names with one DEFAULT", async () => {
      expect(await run(conn, "DECLARE a, b INT64 DEFAULT 7; SELECT a + b AS s")).to.deep.equal([{ s: "14" }]);
    });

    it("rejects declaring a variable twice, as BigQuery does", () => {
      expect(() => translateScript("DECLARE x INT64; DECLARE X INT64 DEFAULT 1", ctx)).to.throw(BigQueryRuleError, "Variable X is already declared");
    });

    it("keeps variables declared by an earlier script of the same action", async () => {
      const declaredVariables = new Map<string, string | undefined>();
      await run(conn, "DECLARE watermark DEFAULT DATE '2024-01-02'", { ...ctx, declaredVariables });
      expect(await run(conn, "SELECT watermark AS w", { ...ctx, declaredVariables })).to.deep.equal([{ w: "2024-01-02" }]);
    });
  });

  describe("multi-statement transactions", () => {
    it("commits a transaction's writes together and discards a rolled-back one's", async () => {
      await run(conn, "CREATE OR REPLACE TABLE sales.ledger (id INT64)");
      const statements = translateScript("BEGIN TRANSACTION; INSERT INTO sales.ledger VALUES (1); COMMIT TRANSACTION", ctx);
      expect(statements.map((s) => [s.kind, s.duckdb])).to.deep.equal([
        ["transaction", "BEGIN TRANSACTION"],
        ["dml", statements[1]!.duckdb],
        ["transaction", "COMMIT"],
      ]);
      await runStatements(conn, statements);
      await run(conn, "BEGIN TRANSACTION; INSERT INTO sales.ledger VALUES (2); ROLLBACK");
      expect(await run(conn, "SELECT CAST(id AS STRING) AS id FROM sales.ledger")).to.deep.equal([{ id: "1" }]);
    });
  });

  describe("refusals name the construct", () => {
    const refused: [string, string][] = [
      ["BEGIN SELECT 1; END", "BEGIN…END block"],
      ["IF TRUE THEN SELECT 1; END IF", "IF"],
      ["LOOP SELECT 1; END LOOP", "loop"],
      ["WHILE TRUE DO SELECT 1; END WHILE", "loop"],
      ["CALL `gm-dev.sales.refresh`()", "CALL procedure"],
      ["CREATE OR REPLACE PROCEDURE sales.p() BEGIN SELECT 1; END", "CREATE PROCEDURE"],
      ["CREATE TEMP FUNCTION f(x INT64) AS (x + 1)", "CREATE FUNCTION"],
      ["EXECUTE IMMEDIATE 'SELECT 1'", "EXECUTE IMMEDIATE"],
      ["SELECT FARM_FINGERPRINT('abc')", "FARM_FINGERPRINT"],
      ["SELECT CAST('1' AS BIGNUMERIC)", "BIGNUMERIC"],
      ["SELECT SAFE.SUBSTR('abc', 1)", "SAFE.SUBSTR"],
      ["SELECT FORMAT_DATE('%Q', DATE '2024-01-01')", "FORMAT_DATE format element %Q"],
      ["SELECT REGEXP_EXTRACT(s, pattern) FROM sales.dim", "REGEXP_EXTRACT with a non-literal pattern"],
      ["SELECT STRING_AGG(name, ',' LIMIT 2) FROM sales.dim", "STRING_AGG … LIMIT"],
      ["SELECT DATE(CURRENT_TIMESTAMP(), '+05:30')", "time zone offset '+05:30'"],
      ["SELECT CURRENT_DATE('UTC+5')", "time zone offset 'UTC+5'"],
      ["SELECT TIMESTAMP('2024-01-01 00:00:00', '-08')", "time zone offset '-08'"],
      ["SELECT (SELECT AS STRUCT s.*) FROM UNNEST([STRUCT(1 AS id)]) AS s", "UNNEST alias in a subquery"],
    ];
    for (const [sql, construct] of refused) {
      it(`refuses ${construct}`, () => {
        let error: unknown;
        try {
          translateScript(sql, ctx);
        } catch (e) {
          error = e;
        }
        expect(error).to.be.instanceOf(UntranslatableError);
        expect((error as UntranslatableError).construct).to.equal(construct);
        expect((error as Error).message).to.contain(construct);
      });
    }

    it("refuses what polyglot cannot parse, with the statement's line", () => {
      let error: (Error & { line?: number }) | undefined;
      try {
        translateScript("SELECT 1;\nSELECT FROM WHERE", ctx);
      } catch (e) {
        error = e as Error;
      }
      expect(error).to.be.instanceOf(UntranslatableError);
      expect(error!.line).to.equal(2);
    });
  });

  describe("deeply nested statements", () => {
    const nest = (n: number, wrap: (inner: string, i: number) => string, seed: string) =>
      Array.from({ length: n }, (_, i) => i).reduce((inner, i) => wrap(inner, i), seed);

    it("runs an expression 30 parentheses deep (too deep for polyglot's JSON hand-over)", async () => {
      const sum = nest(30, (inner, i) => `(${inner} + ${i})`, "x");
      expect(await run(conn, `SELECT ${sum} AS y FROM (SELECT 1 AS x)`)).to.deep.equal([{ y: 1 + (29 * 30) / 2 }]);
    });

    it("runs a UNION ALL of 500 queries", async () => {
      const branches = Array.from({ length: 500 }, (_, i) => `SELECT ${i} AS x`).join(" UNION ALL ");
      expect(await run(conn, `SELECT count(*) AS n, sum(x) AS total FROM (${branches})`)).to.deep.equal([{ n: "500", total: "124750" }]);
    });

    it("runs a chain of 200 WITH queries, each reading the one before", async () => {
      const ctes = Array.from({ length: 200 }, (_, i) => (i === 0 ? "c0 AS (SELECT 1 AS x)" : `c${i} AS (SELECT x + 1 AS x FROM c${i - 1})`));
      expect(await run(conn, `WITH ${ctes.join(", ")} SELECT x FROM c199`)).to.deep.equal([{ x: 200 }]);
    });

    it("runs a MERGE whose source nests 10 subqueries with windows over IN UNNEST", async () => {
      await run(conn, "CREATE OR REPLACE TABLE `gm-dev.sales.deep_target` AS SELECT 1 AS k, 'old' AS v");
      const source = nest(
        10,
        (inner, i) => `SELECT k, o, (LAST_VALUE(IF('v' IN UNNEST(l), NULL, STRUCT(v AS v)) IGNORE NULLS) OVER (PARTITION BY k ORDER BY o ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)).v AS v, l FROM (${inner}) AS t${i}`,
        "SELECT 1 AS k, o, v, l FROM UNNEST([STRUCT(1 AS o, 'new' AS v, CAST([] AS ARRAY<STRING>) AS l), (2, CAST(NULL AS STRING), ['v'])])",
      );
      await run(conn, `MERGE sales.deep_target T USING (SELECT k, v FROM (${source}) WHERE o = 2) S ON T.k = S.k WHEN MATCHED THEN UPDATE SET v = S.v`);
      expect(await run(conn, "SELECT k, v FROM sales.deep_target")).to.deep.equal([{ k: 1, v: "new" }]);
    });

    it("refuses, in one line naming the limit, a statement nested deeper than polyglot's parser allows (200 nested CASE)", () => {
      const cases = nest(200, (inner, i) => `CASE WHEN x = ${i} THEN ${i} ELSE ${inner} END`, "x");
      let error: unknown;
      try {
        translateScript(`SELECT ${cases} AS y FROM (SELECT 1 AS x)`, ctx);
      } catch (e) {
        error = e;
      }
      expect(error).to.be.instanceOf(UntranslatableError);
      expect((error as UntranslatableError).construct).to.equal("nesting depth");
      expect((error as Error).message).to.match(/^the statement nests deeper than polyglot's parser allows \(.*limit 32\)/);
      expect((error as Error).message).not.to.contain("\n");
    });
  });

  describe("require_partition_filter", () => {
    const guarded: TranslateContext = {
      defaultProject: "gm-dev",
      partitionFilterColumn: (project, dataset, table) =>
        project === "gm-dev" && dataset === "sales" && table === "events" ? "ts" : undefined,
    };
    const message = "Cannot query over table 'gm-dev.sales.events' without a filter over column(s) 'ts' that can be used for partition elimination";
    const rejects = (sql: string) => expect(() => translateScript(sql, guarded)).to.throw(BigQueryRuleError, message);
    const accepts = (sql: string) => expect(() => translateScript(sql, guarded)).not.to.throw();

    it("rejects a scan without a predicate on the partition column, wherever the scan is", () => {
      rejects("SELECT * FROM sales.events");
      rejects("SELECT * FROM `gm-dev.sales.events` WHERE id = 1");
      rejects("SELECT * FROM sales.dim d JOIN sales.events e ON d.id = e.id");
      rejects("SELECT * FROM sales.dim WHERE id IN (SELECT id FROM sales.events)");
      rejects("CREATE OR REPLACE TABLE sales.copy AS SELECT * FROM sales.events");
      rejects("INSERT INTO sales.copy SELECT * FROM sales.events");
      rejects("MERGE sales.events T USING (SELECT 1 AS id) S ON T.id = S.id WHEN MATCHED THEN DELETE");
      rejects("DELETE FROM sales.events WHERE id = 1");
    });

    it("accepts scans filtered on the partition column, qualified or not", () => {
      accepts("SELECT * FROM sales.events WHERE ts > TIMESTAMP '2024-01-01'");
      accepts("SELECT * FROM sales.events e WHERE e.ts > TIMESTAMP '2024-01-01' AND id = 1");
      accepts("SELECT * FROM sales.dim d JOIN sales.events e ON d.id = e.id AND e.ts > TIMESTAMP '2024-01-01'");
      accepts("DECLARE max_ts DEFAULT (SELECT MAX(ts) FROM sales.dim); SELECT * FROM sales.events WHERE ts > max_ts");
      accepts("MERGE sales.events T USING (SELECT 1 AS id) S ON T.id = S.id AND T.ts > TIMESTAMP '2024-01-01' WHEN MATCHED THEN DELETE");
      accepts("WITH e AS (SELECT * FROM sales.events) SELECT * FROM e WHERE ts > TIMESTAMP '2024-01-01'");
      accepts("SELECT * FROM (SELECT id, ts FROM sales.events) AS e WHERE e.ts > TIMESTAMP '2024-01-01'");
      accepts("SELECT * FROM sales.dim");
    });
  });
  describe("typed comparisons", () => {
    const plan = async (sql: string) => {
      const [{ duckdb }] = translateScript(sql, ctx);
      const rows = await query(conn, `EXPLAIN ${duckdb}`);
      return rows.map((r) => Object.values(r).join("\n")).join("\n");
    };
    before(async () => {
      await run(conn, "CREATE OR REPLACE TABLE `gm-dev.sales.l` AS SELECT x AS id, CAST(x AS STRING) AS s, CAST(x AS FLOAT64) AS f FROM UNNEST(GENERATE_ARRAY(1, 100)) AS x");
    });

    it("keeps a LEFT JOIN on INT64, STRING and FLOAT64 keys a hash join: the NaN and STRUCT branches fold away while DuckDB binds", async () => {
      for (const key of ["id", "s", "f"]) {
        const explained = await plan(`SELECT COUNT(*) AS n FROM sales.l AS a LEFT JOIN sales.l AS b ON a.${key} = b.${key} WHERE a.id > 5`);
        expect(explained, key).to.match(/HASH_JOIN/);
        expect(explained, key).to.not.match(/NL_JOIN|typeof/i);
      }
    });

    it("joins no NaN key, while GROUP BY still puts NaNs together", async () => {
      const [joined] = await run(conn, "SELECT COUNT(*) AS n FROM UNNEST([CAST('NaN' AS FLOAT64), 1.0]) AS a JOIN UNNEST([CAST('NaN' AS FLOAT64), 1.0]) AS b ON a = b");
      expect(Number(joined.n)).to.equal(1);
      const groups = await run(conn, "SELECT COUNT(*) AS n FROM UNNEST([CAST('NaN' AS FLOAT64), CAST('NaN' AS FLOAT64)]) AS v GROUP BY v");
      expect(groups.map((g) => Number(g.n))).to.deep.equal([2]);
    });
  });

  describe("errors BigQuery raises", () => {
    const raises = async (sql: string, message: RegExp) => {
      const error = await run(conn, sql).then(() => undefined, (e: Error) => e);
      expect(error?.message, sql).to.match(message);
    };

    it("evaluates the other operand of a product or DIV with NULL, so its error is raised rather than folded away", async () => {
      await raises("SELECT MIN(CAST('a' AS FLOAT64) * CAST(NULL AS FLOAT64)) AS c FROM UNNEST([1]) AS x", /Could not convert string 'a'/);
      await raises("SELECT CAST(NULL AS NUMERIC) * CAST('b' AS NUMERIC) AS c", /Could not convert string "b" to DECIMAL/);
      await raises("SELECT CAST(NULL AS INT64) * CAST('b' AS INT64) AS c", /Bad int64 value: b/);
      await raises("SELECT DIV([10, 11][ORDINAL(0)], CAST(NULL AS INT64)) AS c", /Array index 0 is out of bounds/);
      expect(await run(conn, "SELECT CAST(NULL AS FLOAT64) * x AS c, DIV(x, CAST(NULL AS INT64)) AS d FROM UNNEST([3]) AS x")).to.deep.equal([{ c: null, d: null }]);
    });

    it("raises Invalid date for a string with a time cast to DATE, which DuckDB would truncate", async () => {
      await raises("SELECT CAST(s AS DATE) AS d FROM UNNEST(['2024-05-07 10:00:00']) AS s", /Invalid date: 2024-05-07 10:00:00/);
    });
  });
});
