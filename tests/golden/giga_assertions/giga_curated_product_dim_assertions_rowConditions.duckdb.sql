-- gigamart-dev.giga_assertions.giga_curated_product_dim_assertions_rowConditions (assertion), definitions/silver/product_dim.sqlx
-- DuckDB statements the local target runs; written by `npm run golden:update`

-- ## every run
-- job 1 of 2
CREATE OR REPLACE VIEW "gigamart-dev"."giga_assertions"."giga_curated_product_dim_assertions_rowConditions" AS SELECT 'product_id IS NOT NULL' AS failing_row_condition, * FROM "gigamart-dev"."giga_curated"."product_dim" WHERE NOT (product_id IS NOT NULL) UNION ALL SELECT 'product_name IS NOT NULL' AS failing_row_condition, * FROM "gigamart-dev"."giga_curated"."product_dim" WHERE NOT (product_name IS NOT NULL) UNION ALL SELECT 'category IS NOT NULL' AS failing_row_condition, * FROM "gigamart-dev"."giga_curated"."product_dim" WHERE NOT (category IS NOT NULL);

-- job 2 of 2: the assertion fails when row_count > 0
SELECT (CASE WHEN typeof(ANY_VALUE(1)) = 'DOUBLE' AND isinf(TRY_CAST(SUM(1) AS DOUBLE)) AND NOT isinf(TRY_CAST(MAX(ABS(TRY_CAST(1 AS DOUBLE))) AS DOUBLE)) THEN error('double overflow') ELSE cast_to_type(SUM(1), ANY_VALUE(1) + CAST(0 AS BIGINT)) END) AS row_count FROM "gigamart-dev"."giga_assertions"."giga_curated_product_dim_assertions_rowConditions";
