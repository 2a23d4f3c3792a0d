-- gigamart-dev.giga_assertions.giga_mart_customer_360_assertions_rowConditions (assertion), definitions/gold/customer_360.sqlx
-- DuckDB statements the local target runs; written by `npm run golden:update`

-- ## every run
-- job 1 of 2
CREATE OR REPLACE VIEW "gigamart-dev"."giga_assertions"."giga_mart_customer_360_assertions_rowConditions" AS SELECT 'customer_id IS NOT NULL' AS failing_row_condition, * FROM "gigamart-dev"."giga_mart"."customer_360" WHERE NOT (customer_id IS NOT NULL) UNION ALL SELECT 'customer_sk IS NOT NULL' AS failing_row_condition, * FROM "gigamart-dev"."giga_mart"."customer_360" WHERE NOT (customer_sk IS NOT NULL) UNION ALL SELECT 'segment IS NOT NULL' AS failing_row_condition, * FROM "gigamart-dev"."giga_mart"."customer_360" WHERE NOT (segment IS NOT NULL);

-- job 2 of 2: the assertion fails when row_count > 0
SELECT (CASE WHEN typeof(ANY_VALUE(1)) = 'DOUBLE' AND isinf(TRY_CAST(SUM(1) AS DOUBLE)) AND NOT isinf(TRY_CAST(MAX(ABS(TRY_CAST(1 AS DOUBLE))) AS DOUBLE)) THEN error('double overflow') ELSE cast_to_type(SUM(1), ANY_VALUE(1) + CAST(0 AS BIGINT)) END) AS row_count FROM "gigamart-dev"."giga_assertions"."giga_mart_customer_360_assertions_rowConditions";
