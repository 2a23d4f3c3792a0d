-- gigamart-dev.giga_assertions.sales_fact_reconciles_with_bronze (assertion), definitions/assertions/sales_fact_reconciles_with_bronze.sqlx
-- DuckDB statements the local target runs; written by `npm run golden:update`

-- ## every run
-- job 1 of 2
CREATE OR REPLACE VIEW "gigamart-dev"."giga_assertions"."sales_fact_reconciles_with_bronze" AS WITH watermark AS (SELECT MAX(source_ingestion_ts) AS ts FROM "gigamart-dev"."giga_curated"."sales_fact" WHERE channel = 'POS'), bronze AS (SELECT event_date, SUM(ARRAY_LENGTH(lines)) AS bronze_lines FROM "gigamart-dev"."giga_raw"."raw_pos_transactions" WHERE dq_status <> 'INVALID' AND ingestion_ts <= (SELECT ts FROM watermark) GROUP BY event_date), fact AS (SELECT event_date, COUNT(*) AS fact_lines FROM "gigamart-dev"."giga_curated"."sales_fact" WHERE channel = 'POS' GROUP BY event_date), removed AS (SELECT partition_date AS event_date, SUM(line_count) AS removed_lines FROM "gigamart-dev"."giga_monitoring"."dedup_log" WHERE source_table = 'raw_pos_transactions' AND ingestion_ts <= (SELECT ts FROM watermark) GROUP BY partition_date) SELECT b.event_date, b.bronze_lines, COALESCE(f.fact_lines, 0) AS fact_lines, COALESCE(r.removed_lines, 0) AS removed_lines FROM bronze AS b LEFT JOIN fact AS f ON f.event_date = b.event_date LEFT JOIN removed AS r ON r.event_date = b.event_date WHERE b.bronze_lines <> COALESCE(f.fact_lines, 0) + COALESCE(r.removed_lines, 0);

-- job 2 of 2: the assertion fails when row_count > 0
SELECT SUM(1) AS row_count FROM "gigamart-dev"."giga_assertions"."sales_fact_reconciles_with_bronze";
