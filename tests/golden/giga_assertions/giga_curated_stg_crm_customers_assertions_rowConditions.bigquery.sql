-- gigamart-dev.giga_assertions.giga_curated_stg_crm_customers_assertions_rowConditions (assertion), definitions/staging/stg_crm_customers.sqlx
-- BigQuery jobs Dataform sends; written by `npm run golden:update`

-- ## every run
-- job 1 of 2

      create or replace view `gigamart-dev.giga_assertions.giga_curated_stg_crm_customers_assertions_rowConditions` as 
SELECT
  'customer_id IS NOT NULL' AS failing_row_condition,
  *
FROM `gigamart-dev.giga_curated.stg_crm_customers`
WHERE NOT (customer_id IS NOT NULL)
UNION ALL
SELECT
  'updated_at IS NOT NULL' AS failing_row_condition,
  *
FROM `gigamart-dev.giga_curated.stg_crm_customers`
WHERE NOT (updated_at IS NOT NULL)
UNION ALL
SELECT
  'state_key IS NOT NULL' AS failing_row_condition,
  *
FROM `gigamart-dev.giga_curated.stg_crm_customers`
WHERE NOT (state_key IS NOT NULL)


-- job 2 of 2: the assertion fails when row_count > 0
select sum(1) as row_count from `gigamart-dev.giga_assertions.giga_curated_stg_crm_customers_assertions_rowConditions`
