-- gigamart-dev.giga_curated.product_dim (table), definitions/silver/product_dim.sqlx
-- DuckDB statements the local target runs; written by `npm run golden:update`

-- ## every run
-- job 1 of 1
CREATE OR REPLACE TABLE "gigamart-dev"."giga_curated"."product_dim" AS SELECT product_id, product_name, COALESCE(category, 'Uncategorised') AS category, subcategory, brand, unit_cost, list_price, is_active, FALSE AS is_special_member, ingestion_ts = (SELECT MAX(ingestion_ts) FROM "gigamart-dev"."giga_raw"."raw_product_master" WHERE dq_status <> 'INVALID') AS in_latest_extract FROM "gigamart-dev"."giga_raw"."raw_product_master" WHERE dq_status <> 'INVALID' QUALIFY ROW_NUMBER() OVER (PARTITION BY product_id ORDER BY ingestion_ts DESC, source_file DESC, record_hash NULLS FIRST) = 1 UNION ALL SELECT 'UNKNOWN', 'Unknown product', 'Unknown', CAST(NULL AS TEXT), CAST(NULL AS TEXT), CAST(NULL AS DECIMAL(38, 9)), CAST(NULL AS DECIMAL(38, 9)), CAST(NULL AS BOOLEAN), TRUE, TRUE;
