-- gigamart-dev.giga_assertions.giga_curated_stg_ecom_orders_assertions_rowConditions (assertion), definitions/staging/stg_ecom_orders.sqlx
-- BigQuery jobs Dataform sends; written by `npm run golden:update`

-- ## every run
-- job 1 of 2

      create or replace view `gigamart-dev.giga_assertions.giga_curated_stg_ecom_orders_assertions_rowConditions` as 
SELECT
  'order_id IS NOT NULL' AS failing_row_condition,
  *
FROM `gigamart-dev.giga_curated.stg_ecom_orders`
WHERE NOT (order_id IS NOT NULL)
UNION ALL
SELECT
  'order_date IS NOT NULL' AS failing_row_condition,
  *
FROM `gigamart-dev.giga_curated.stg_ecom_orders`
WHERE NOT (order_date IS NOT NULL)
UNION ALL
SELECT
  'status IS NOT NULL' AS failing_row_condition,
  *
FROM `gigamart-dev.giga_curated.stg_ecom_orders`
WHERE NOT (status IS NOT NULL)


-- job 2 of 2: the assertion fails when row_count > 0
select sum(1) as row_count from `gigamart-dev.giga_assertions.giga_curated_stg_ecom_orders_assertions_rowConditions`
