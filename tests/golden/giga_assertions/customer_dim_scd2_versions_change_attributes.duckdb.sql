-- gigamart-dev.giga_assertions.customer_dim_scd2_versions_change_attributes (assertion), definitions/assertions/customer_dim_scd2_versions_change_attributes.sqlx
-- DuckDB statements the local target runs; written by `npm run golden:update`

-- ## every run
-- job 1 of 2
CREATE OR REPLACE VIEW "gigamart-dev"."giga_assertions"."customer_dim_scd2_versions_change_attributes" AS SELECT customer_id, customer_sk, effective_from FROM (SELECT *, LAG(row_hash) OVER (PARTITION BY customer_id ORDER BY effective_from NULLS FIRST) AS previous_hash FROM "gigamart-dev"."giga_curated"."customer_dim_scd2") WHERE ((CASE WHEN typeof(previous_hash) = 'DOUBLE' AND isnan(TRY_CAST(previous_hash AS DOUBLE)) THEN NULL WHEN typeof(previous_hash) LIKE 'STRUCT%' AND regexp_matches(regexp_replace(CAST(to_json(previous_hash) AS VARCHAR), '"(\\.|[^"\\])*"', '', 'g'), '\b(null|NaN)\b') THEN NULL ELSE previous_hash END) = (CASE WHEN typeof(row_hash) = 'DOUBLE' AND isnan(TRY_CAST(row_hash AS DOUBLE)) THEN NULL WHEN typeof(row_hash) LIKE 'STRUCT%' AND regexp_matches(regexp_replace(CAST(to_json(row_hash) AS VARCHAR), '"(\\.|[^"\\])*"', '', 'g'), '\b(null|NaN)\b') THEN NULL ELSE row_hash END));

-- job 2 of 2: the assertion fails when row_count > 0
SELECT (CASE WHEN typeof(ANY_VALUE(1)) = 'DOUBLE' AND isinf(TRY_CAST(SUM(1) AS DOUBLE)) AND NOT isinf(TRY_CAST(MAX(ABS(TRY_CAST(1 AS DOUBLE))) AS DOUBLE)) THEN error('double overflow') ELSE cast_to_type(SUM(1), ANY_VALUE(1) + CAST(0 AS BIGINT)) END) AS row_count FROM "gigamart-dev"."giga_assertions"."customer_dim_scd2_versions_change_attributes";
