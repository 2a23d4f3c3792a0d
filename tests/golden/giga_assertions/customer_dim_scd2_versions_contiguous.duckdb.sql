-- gigamart-dev.giga_assertions.customer_dim_scd2_versions_contiguous (assertion), definitions/assertions/customer_dim_scd2_versions_contiguous.sqlx
-- DuckDB statements the local target runs; written by `npm run golden:update`

-- ## every run
-- job 1 of 2
CREATE OR REPLACE VIEW "gigamart-dev"."giga_assertions"."customer_dim_scd2_versions_contiguous" AS SELECT customer_id, customer_sk, 'gap or overlap' AS problem FROM (SELECT *, LEAD(effective_from) OVER (PARTITION BY customer_id ORDER BY effective_from NULLS FIRST) AS next_from FROM "gigamart-dev"."giga_curated"."customer_dim_scd2") WHERE (next_from IS NOT NULL AND next_from <> effective_to) OR effective_from >= effective_to UNION ALL SELECT ANY_VALUE(customer_id), customer_sk, 'duplicate customer_sk' FROM "gigamart-dev"."giga_curated"."customer_dim_scd2" GROUP BY customer_sk HAVING COUNT(*) > 1;

-- job 2 of 2: the assertion fails when row_count > 0
SELECT cast_to_type(SUM(1), ANY_VALUE(1) + CAST(0 AS BIGINT)) AS row_count FROM "gigamart-dev"."giga_assertions"."customer_dim_scd2_versions_contiguous";
