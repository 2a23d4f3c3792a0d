-- gigamart-dev.giga_curated.store_dim (table), definitions/silver/store_dim.sqlx
-- DuckDB statements the local target runs; written by `npm run golden:update`

-- ## every run
-- job 1 of 1
CREATE OR REPLACE TABLE "gigamart-dev"."giga_curated"."store_dim" AS SELECT store_id, store_name, city, state, region, format, opened_date, closed_date, FALSE AS is_special_member, ingestion_ts = (SELECT MAX(ingestion_ts) FROM "gigamart-dev"."giga_raw"."raw_store_master" WHERE dq_status <> 'INVALID') AS in_latest_extract FROM "gigamart-dev"."giga_raw"."raw_store_master" WHERE dq_status <> 'INVALID' QUALIFY ROW_NUMBER() OVER (PARTITION BY store_id ORDER BY ingestion_ts DESC, source_file DESC, record_hash NULLS FIRST) = 1 UNION ALL SELECT 'WAREHOUSE', 'Central warehouse (e-commerce)', CAST(NULL AS TEXT), CAST(NULL AS TEXT), CAST(NULL AS TEXT), 'WAREHOUSE', CAST(NULL AS DATE), CAST(NULL AS DATE), TRUE, TRUE UNION ALL SELECT 'UNKNOWN', 'Unknown store', CAST(NULL AS TEXT), CAST(NULL AS TEXT), CAST(NULL AS TEXT), CAST(NULL AS TEXT), CAST(NULL AS DATE), CAST(NULL AS DATE), TRUE, TRUE;
