-- gigamart-dev.giga_assertions.giga_mart_inventory_kpi_assertions_uniqueKey_0 (assertion), definitions/gold/inventory_kpi.sqlx
-- DuckDB statements the local target runs; written by `npm run golden:update`

-- ## every run
-- job 1 of 2
CREATE OR REPLACE VIEW "gigamart-dev"."giga_assertions"."giga_mart_inventory_kpi_assertions_uniqueKey_0" AS SELECT * FROM (SELECT level, store_id, product_id, COUNT(1) AS index_row_count FROM "gigamart-dev"."giga_mart"."inventory_kpi" GROUP BY level, store_id, product_id) AS data WHERE ((CASE WHEN typeof(index_row_count) = 'DOUBLE' AND isnan(TRY_CAST(index_row_count AS DOUBLE)) THEN NULL WHEN typeof(index_row_count) LIKE 'STRUCT%' AND regexp_matches(regexp_replace(CAST(to_json(index_row_count) AS VARCHAR), '"(\\.|[^"\\])*"', '', 'g'), '\b(null|NaN)\b') THEN NULL ELSE index_row_count END) > 1);

-- job 2 of 2: the assertion fails when row_count > 0
SELECT (CASE WHEN typeof(ANY_VALUE(1)) = 'DOUBLE' AND isinf(TRY_CAST(SUM(1) AS DOUBLE)) AND NOT isinf(TRY_CAST(MAX(ABS(TRY_CAST(1 AS DOUBLE))) AS DOUBLE)) THEN error('double overflow') ELSE cast_to_type(SUM(1), ANY_VALUE(1) + CAST(0 AS BIGINT)) END) AS row_count FROM "gigamart-dev"."giga_assertions"."giga_mart_inventory_kpi_assertions_uniqueKey_0";
