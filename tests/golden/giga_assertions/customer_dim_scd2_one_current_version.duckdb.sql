-- gigamart-dev.giga_assertions.customer_dim_scd2_one_current_version (assertion), definitions/assertions/customer_dim_scd2_one_current_version.sqlx
-- DuckDB statements the local target runs; written by `npm run golden:update`

-- ## every run
-- job 1 of 2
CREATE OR REPLACE VIEW "gigamart-dev"."giga_assertions"."customer_dim_scd2_one_current_version" AS SELECT customer_id, count(CASE WHEN is_current THEN 1 END) AS current_versions, count(CASE WHEN effective_to = CAST('9999-12-31 23:59:59.999999+00' AS TIMESTAMPTZ) THEN 1 END) AS open_versions FROM "gigamart-dev"."giga_curated"."customer_dim_scd2" GROUP BY customer_id HAVING count(CASE WHEN is_current THEN 1 END) <> 1 OR count(CASE WHEN effective_to = CAST('9999-12-31 23:59:59.999999+00' AS TIMESTAMPTZ) THEN 1 END) <> 1 OR count(CASE WHEN is_current AND effective_to <> CAST('9999-12-31 23:59:59.999999+00' AS TIMESTAMPTZ) THEN 1 END) > 0;

-- job 2 of 2: the assertion fails when row_count > 0
SELECT cast_to_type(SUM(1), ANY_VALUE(1) + CAST(0 AS BIGINT)) AS row_count FROM "gigamart-dev"."giga_assertions"."customer_dim_scd2_one_current_version";
