-- gigamart-dev.giga_assertions.monitoring_error_checks (assertion), definitions/assertions/monitoring_error_checks.sqlx
-- DuckDB statements the local target runs; written by `npm run golden:update`

-- ## every run
-- job 1 of 2
CREATE OR REPLACE VIEW "gigamart-dev"."giga_assertions"."monitoring_error_checks" AS SELECT check_name, table_name, observed_value, comparison, threshold, checked_at FROM "gigamart-dev"."giga_monitoring"."dq_check_results" WHERE ((CASE WHEN typeof(checked_at) = 'DOUBLE' AND isnan(TRY_CAST(checked_at AS DOUBLE)) THEN NULL WHEN typeof(checked_at) LIKE 'STRUCT%' AND regexp_matches(regexp_replace(CAST(to_json(checked_at) AS VARCHAR), '"(\\.|[^"\\])*"', '', 'g'), '\b(null|NaN)\b') THEN NULL ELSE checked_at END) = (CASE WHEN typeof((SELECT MAX(checked_at) FROM "gigamart-dev"."giga_monitoring"."dq_check_results")) = 'DOUBLE' AND isnan(TRY_CAST((SELECT MAX(checked_at) FROM "gigamart-dev"."giga_monitoring"."dq_check_results") AS DOUBLE)) THEN NULL WHEN typeof((SELECT MAX(checked_at) FROM "gigamart-dev"."giga_monitoring"."dq_check_results")) LIKE 'STRUCT%' AND regexp_matches(regexp_replace(CAST(to_json((SELECT MAX(checked_at) FROM "gigamart-dev"."giga_monitoring"."dq_check_results")) AS VARCHAR), '"(\\.|[^"\\])*"', '', 'g'), '\b(null|NaN)\b') THEN NULL ELSE (SELECT MAX(checked_at) FROM "gigamart-dev"."giga_monitoring"."dq_check_results") END)) AND severity = 'ERROR' AND status = 'FAIL';

-- job 2 of 2: the assertion fails when row_count > 0
SELECT (CASE WHEN typeof(ANY_VALUE(1)) = 'DOUBLE' AND isinf(TRY_CAST(SUM(1) AS DOUBLE)) AND NOT isinf(TRY_CAST(MAX(ABS(1)) AS DOUBLE)) THEN error('double overflow') ELSE cast_to_type(SUM(1), ANY_VALUE(1) + CAST(0 AS BIGINT)) END) AS row_count FROM "gigamart-dev"."giga_assertions"."monitoring_error_checks";
