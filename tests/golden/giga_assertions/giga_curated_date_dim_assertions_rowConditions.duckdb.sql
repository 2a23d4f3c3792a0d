-- gigamart-dev.giga_assertions.giga_curated_date_dim_assertions_rowConditions (assertion), definitions/silver/date_dim.sqlx
-- DuckDB statements the local target runs; written by `npm run golden:update`

-- ## every run
-- job 1 of 2
CREATE OR REPLACE VIEW "gigamart-dev"."giga_assertions"."giga_curated_date_dim_assertions_rowConditions" AS SELECT 'date_day IS NOT NULL' AS failing_row_condition, * FROM "gigamart-dev"."giga_curated"."date_dim" WHERE NOT (date_day IS NOT NULL) UNION ALL SELECT 'fiscal_year IS NOT NULL' AS failing_row_condition, * FROM "gigamart-dev"."giga_curated"."date_dim" WHERE NOT (fiscal_year IS NOT NULL) UNION ALL SELECT 'fiscal_quarter IS NOT NULL' AS failing_row_condition, * FROM "gigamart-dev"."giga_curated"."date_dim" WHERE NOT (fiscal_quarter IS NOT NULL);

-- job 2 of 2: the assertion fails when row_count > 0
SELECT (CASE WHEN typeof(ANY_VALUE(1)) = 'DOUBLE' AND isinf(TRY_CAST(SUM(1) AS DOUBLE)) AND NOT isinf(TRY_CAST(MAX(ABS(TRY_CAST(1 AS DOUBLE))) AS DOUBLE)) THEN error('double overflow') ELSE cast_to_type(SUM(1), ANY_VALUE(1) + CAST(0 AS BIGINT)) END) AS row_count FROM "gigamart-dev"."giga_assertions"."giga_curated_date_dim_assertions_rowConditions";
