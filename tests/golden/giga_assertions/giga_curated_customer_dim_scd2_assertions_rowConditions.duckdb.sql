-- gigamart-dev.giga_assertions.giga_curated_customer_dim_scd2_assertions_rowConditions (assertion), definitions/silver/customer_dim_scd2.sqlx
-- DuckDB statements the local target runs; written by `npm run golden:update`

-- ## every run
-- job 1 of 2
CREATE OR REPLACE VIEW "gigamart-dev"."giga_assertions"."giga_curated_customer_dim_scd2_assertions_rowConditions" AS SELECT 'customer_sk IS NOT NULL' AS failing_row_condition, * FROM "gigamart-dev"."giga_curated"."customer_dim_scd2" WHERE NOT (customer_sk IS NOT NULL) UNION ALL SELECT 'customer_id IS NOT NULL' AS failing_row_condition, * FROM "gigamart-dev"."giga_curated"."customer_dim_scd2" WHERE NOT (customer_id IS NOT NULL) UNION ALL SELECT 'effective_from IS NOT NULL' AS failing_row_condition, * FROM "gigamart-dev"."giga_curated"."customer_dim_scd2" WHERE NOT (effective_from IS NOT NULL) UNION ALL SELECT 'effective_to IS NOT NULL' AS failing_row_condition, * FROM "gigamart-dev"."giga_curated"."customer_dim_scd2" WHERE NOT (effective_to IS NOT NULL) UNION ALL SELECT 'is_current IS NOT NULL' AS failing_row_condition, * FROM "gigamart-dev"."giga_curated"."customer_dim_scd2" WHERE NOT (is_current IS NOT NULL) UNION ALL SELECT 'row_hash IS NOT NULL' AS failing_row_condition, * FROM "gigamart-dev"."giga_curated"."customer_dim_scd2" WHERE NOT (row_hash IS NOT NULL);

-- job 2 of 2: the assertion fails when row_count > 0
SELECT (CASE WHEN typeof(ANY_VALUE(1)) = 'DOUBLE' AND isinf(TRY_CAST(SUM(1) AS DOUBLE)) AND NOT isinf(TRY_CAST(MAX(ABS(TRY_CAST(1 AS DOUBLE))) AS DOUBLE)) THEN error('double overflow') ELSE cast_to_type(SUM(1), ANY_VALUE(1) + CAST(0 AS BIGINT)) END) AS row_count FROM "gigamart-dev"."giga_assertions"."giga_curated_customer_dim_scd2_assertions_rowConditions";
