-- gigamart-dev.giga_assertions.giga_mart_inventory_kpi_assertions_rowConditions (assertion), definitions/gold/inventory_kpi.sqlx
-- BigQuery jobs Dataform sends; written by `npm run golden:update`

-- ## every run
-- job 1 of 2

      create or replace view `gigamart-dev.giga_assertions.giga_mart_inventory_kpi_assertions_rowConditions` as 
SELECT
  'level IS NOT NULL' AS failing_row_condition,
  *
FROM `gigamart-dev.giga_mart.inventory_kpi`
WHERE NOT (level IS NOT NULL)
UNION ALL
SELECT
  'snapshot_date IS NOT NULL' AS failing_row_condition,
  *
FROM `gigamart-dev.giga_mart.inventory_kpi`
WHERE NOT (snapshot_date IS NOT NULL)
UNION ALL
SELECT
  'store_id IS NOT NULL' AS failing_row_condition,
  *
FROM `gigamart-dev.giga_mart.inventory_kpi`
WHERE NOT (store_id IS NOT NULL)


-- job 2 of 2: the assertion fails when row_count > 0
select sum(1) as row_count from `gigamart-dev.giga_assertions.giga_mart_inventory_kpi_assertions_rowConditions`
