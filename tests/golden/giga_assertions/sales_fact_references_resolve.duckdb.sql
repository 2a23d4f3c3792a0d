-- gigamart-dev.giga_assertions.sales_fact_references_resolve (assertion), definitions/assertions/sales_fact_references_resolve.sqlx
-- DuckDB statements the local target runs; written by `npm run golden:update`

-- ## every run
-- job 1 of 2
CREATE OR REPLACE VIEW "gigamart-dev"."giga_assertions"."sales_fact_references_resolve" AS SELECT 'sales_fact.store_key' AS reference, f.store_key AS value FROM "gigamart-dev"."giga_curated"."sales_fact" AS f LEFT JOIN "gigamart-dev"."giga_curated"."store_dim" AS s ON s.store_id = f.store_key WHERE s.store_id IS NULL UNION ALL SELECT 'sales_fact.product_key', f.product_key FROM "gigamart-dev"."giga_curated"."sales_fact" AS f LEFT JOIN "gigamart-dev"."giga_curated"."product_dim" AS p ON p.product_id = f.product_key WHERE p.product_id IS NULL UNION ALL SELECT 'sales_fact.customer_sk', f.customer_sk FROM "gigamart-dev"."giga_curated"."sales_fact" AS f LEFT JOIN "gigamart-dev"."giga_curated"."customer_dim_scd2" AS c ON c.customer_sk = f.customer_sk WHERE f.customer_sk IS NOT NULL AND c.customer_sk IS NULL UNION ALL SELECT 'inventory_snapshot_fact.store_key', i.store_key FROM "gigamart-dev"."giga_curated"."inventory_snapshot_fact" AS i LEFT JOIN "gigamart-dev"."giga_curated"."store_dim" AS s ON s.store_id = i.store_key WHERE s.store_id IS NULL UNION ALL SELECT 'inventory_snapshot_fact.product_key', i.product_key FROM "gigamart-dev"."giga_curated"."inventory_snapshot_fact" AS i LEFT JOIN "gigamart-dev"."giga_curated"."product_dim" AS p ON p.product_id = i.product_key WHERE p.product_id IS NULL;

-- job 2 of 2: the assertion fails when row_count > 0
SELECT cast_to_type(SUM(1), ANY_VALUE(1) + CAST(0 AS BIGINT)) AS row_count FROM "gigamart-dev"."giga_assertions"."sales_fact_references_resolve";
