-- gigamart-dev.giga_curated.inventory_snapshot_fact (incremental), definitions/silver/inventory_snapshot_fact.sqlx
-- DuckDB statements the local target runs; written by `npm run golden:update`

-- ## first run (the table does not exist, or --full-refresh)
-- job 1 of 1
SET VARIABLE inventory_watermark = CAST(CAST('1970-01-01 00:00:00+00' AS TIMESTAMPTZ) AS TIMESTAMPTZ);

CREATE OR REPLACE TABLE "gigamart-dev"."giga_curated"."inventory_snapshot_fact" AS SELECT i.snapshot_date, i.store_id, COALESCE(s.store_id, 'UNKNOWN') AS store_key, i.product_id, COALESCE(p.product_id, 'UNKNOWN') AS product_key, COALESCE(p.category, 'Unknown') AS category, i.quantity_on_hand, i.reorder_point, i.unit_cost, i.quantity_on_hand * i.unit_cost AS stock_value, i.quantity_on_hand <= 0 AS is_out_of_stock, i.quantity_on_hand < i.reorder_point AS is_below_reorder, LIST_CONCAT(IF((CASE WHEN i.absent_fields IS NULL OR len(i.absent_fields) = 0 THEN FALSE WHEN list_contains(i.absent_fields, 'reorder_point') THEN TRUE WHEN 'reorder_point' IS NULL OR len(i.absent_fields) <> list_count(i.absent_fields) THEN NULL ELSE FALSE END), ['reorder_point'], []), IF((CASE WHEN i.absent_fields IS NULL OR len(i.absent_fields) = 0 THEN FALSE WHEN list_contains(i.absent_fields, 'unit_cost') THEN TRUE WHEN 'unit_cost' IS NULL OR len(i.absent_fields) <> list_count(i.absent_fields) THEN NULL ELSE FALSE END), ['unit_cost'], [])) AS unknown_attributes, i.ingestion_ts AS source_ingestion_ts, CURRENT_TIMESTAMP AS loaded_at FROM "gigamart-dev"."giga_curated"."stg_inventory_snapshots" AS i LEFT JOIN "gigamart-dev"."giga_curated"."store_dim" AS s ON s.store_id = i.store_id AND NOT s.is_special_member LEFT JOIN "gigamart-dev"."giga_curated"."product_dim" AS p ON p.product_id = i.product_id AND NOT p.is_special_member WHERE i.ingestion_ts > getvariable('inventory_watermark') AND i.snapshot_date >= CAST(CAST(CAST(timezone('Asia/Kolkata', CAST(getvariable('inventory_watermark') AS TIMESTAMPTZ)) AS DATE) AS DATE) - INTERVAL '31' DAY AS DATE);

-- ## incremental run (into the table its first run created)
-- job 1 of 1
SET VARIABLE inventory_watermark = CAST(NULL AS TIMESTAMPTZ);

CREATE TABLE IF NOT EXISTS "gigamart-dev"."giga_curated"."inventory_snapshot_fact_run_lock" AS SELECT CURRENT_TIMESTAMP AS claimed_at;

UPDATE "gigamart-dev"."giga_curated"."inventory_snapshot_fact_run_lock" SET claimed_at = CURRENT_TIMESTAMP WHERE TRUE;

BEGIN TRANSACTION;

UPDATE "gigamart-dev"."giga_curated"."inventory_snapshot_fact_run_lock" SET claimed_at = CURRENT_TIMESTAMP WHERE TRUE;

SET VARIABLE inventory_watermark = CAST((SELECT COALESCE(MAX(source_ingestion_ts), CAST('1970-01-01 00:00:00+00' AS TIMESTAMPTZ)) FROM "gigamart-dev"."giga_curated"."inventory_snapshot_fact") AS TIMESTAMPTZ);

INSERT INTO "gigamart-dev"."giga_curated"."inventory_snapshot_fact" ("snapshot_date", "store_id", "store_key", "product_id", "product_key", "category", "quantity_on_hand", "reorder_point", "unit_cost", "stock_value", "is_out_of_stock", "is_below_reorder", "unknown_attributes", "source_ingestion_ts", "loaded_at") SELECT "snapshot_date", "store_id", "store_key", "product_id", "product_key", "category", "quantity_on_hand", "reorder_point", "unit_cost", "stock_value", "is_out_of_stock", "is_below_reorder", "unknown_attributes", "source_ingestion_ts", "loaded_at" FROM (SELECT i.snapshot_date, i.store_id, COALESCE(s.store_id, 'UNKNOWN') AS store_key, i.product_id, COALESCE(p.product_id, 'UNKNOWN') AS product_key, COALESCE(p.category, 'Unknown') AS category, i.quantity_on_hand, i.reorder_point, i.unit_cost, i.quantity_on_hand * i.unit_cost AS stock_value, i.quantity_on_hand <= 0 AS is_out_of_stock, i.quantity_on_hand < i.reorder_point AS is_below_reorder, LIST_CONCAT(IF((CASE WHEN i.absent_fields IS NULL OR len(i.absent_fields) = 0 THEN FALSE WHEN list_contains(i.absent_fields, 'reorder_point') THEN TRUE WHEN 'reorder_point' IS NULL OR len(i.absent_fields) <> list_count(i.absent_fields) THEN NULL ELSE FALSE END), ['reorder_point'], []), IF((CASE WHEN i.absent_fields IS NULL OR len(i.absent_fields) = 0 THEN FALSE WHEN list_contains(i.absent_fields, 'unit_cost') THEN TRUE WHEN 'unit_cost' IS NULL OR len(i.absent_fields) <> list_count(i.absent_fields) THEN NULL ELSE FALSE END), ['unit_cost'], [])) AS unknown_attributes, i.ingestion_ts AS source_ingestion_ts, CURRENT_TIMESTAMP AS loaded_at FROM "gigamart-dev"."giga_curated"."stg_inventory_snapshots" AS i LEFT JOIN "gigamart-dev"."giga_curated"."store_dim" AS s ON s.store_id = i.store_id AND NOT s.is_special_member LEFT JOIN "gigamart-dev"."giga_curated"."product_dim" AS p ON p.product_id = i.product_id AND NOT p.is_special_member WHERE i.ingestion_ts > getvariable('inventory_watermark') AND i.snapshot_date >= CAST(CAST(CAST(timezone('Asia/Kolkata', CAST(getvariable('inventory_watermark') AS TIMESTAMPTZ)) AS DATE) AS DATE) - INTERVAL '31' DAY AS DATE)) AS insertions;

COMMIT;
