-- gigamart-dev.giga_assertions.silver_has_no_invalid_rows (assertion), definitions/assertions/silver_has_no_invalid_rows.sqlx
-- DuckDB statements the local target runs; written by `npm run golden:update`

-- ## every run
-- job 1 of 2
CREATE OR REPLACE VIEW "gigamart-dev"."giga_assertions"."silver_has_no_invalid_rows" AS SELECT 'stg_pos_transactions' AS model, transaction_id AS business_key FROM "gigamart-dev"."giga_curated"."stg_pos_transactions" WHERE NOT (dq_status <> 'INVALID') UNION ALL SELECT 'stg_ecom_orders', order_id FROM "gigamart-dev"."giga_curated"."stg_ecom_orders" WHERE NOT (dq_status <> 'INVALID') UNION ALL SELECT 'stg_crm_customers', customer_id FROM "gigamart-dev"."giga_curated"."stg_crm_customers" WHERE NOT (dq_status <> 'INVALID') UNION ALL SELECT 'stg_inventory_snapshots', cast_to_type(store_id || '|' || product_id, coalesce(store_id, '|', product_id, '')) FROM "gigamart-dev"."giga_curated"."stg_inventory_snapshots" WHERE NOT (dq_status <> 'INVALID');

-- job 2 of 2: the assertion fails when row_count > 0
SELECT (CASE WHEN typeof(ANY_VALUE(1)) = 'DOUBLE' AND isinf(TRY_CAST(SUM(1) AS DOUBLE)) AND NOT isinf(TRY_CAST(MAX(ABS(TRY_CAST(1 AS DOUBLE))) AS DOUBLE)) THEN error('double overflow') ELSE cast_to_type(SUM(1), ANY_VALUE(1) + CAST(0 AS BIGINT)) END) AS row_count FROM "gigamart-dev"."giga_assertions"."silver_has_no_invalid_rows";
