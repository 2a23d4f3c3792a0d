-- gigamart-dev.giga_assertions.bronze_accounts_for_every_landed_line (assertion), definitions/assertions/bronze_accounts_for_every_landed_line.sqlx
-- BigQuery jobs Dataform sends; written by `npm run golden:update`

-- ## every run
-- job 1 of 2

      create or replace view `gigamart-dev.giga_assertions.bronze_accounts_for_every_landed_line` as 



with since as (
  -- Two days back from the latest settled load (not from now), so a replay of past days is checked too.
  select timestamp_sub(max(ingestion_ts), interval 2 day) as ts from `gigamart-dev.giga_raw.ingest_manifest`
  where ingestion_ts < timestamp_sub(current_timestamp(), interval 120 minute)
),
loads as (
  select bronze_table, ingestion_ts, sum(bronze_rows) as manifest_rows
  from `gigamart-dev.giga_raw.ingest_manifest`
  where status = 'LOADED'
    and ingestion_ts >= (select ts from since)
    and ingestion_ts < timestamp_sub(current_timestamp(), interval 120 minute)
  group by bronze_table, ingestion_ts
),
bronze as (
  select 'raw_pos_transactions' as bronze_table, ingestion_ts, count(*) as bronze_rows from `gigamart-dev.giga_raw.raw_pos_transactions`
  where ingestion_ts >= (select ts from since) group by ingestion_ts
  union all
  select 'raw_ecom_orders' as bronze_table, ingestion_ts, count(*) as bronze_rows from `gigamart-dev.giga_raw.raw_ecom_orders`
  where ingestion_ts >= (select ts from since) group by ingestion_ts
  union all
  select 'raw_crm_customers' as bronze_table, ingestion_ts, count(*) as bronze_rows from `gigamart-dev.giga_raw.raw_crm_customers`
  where ingestion_ts >= (select ts from since) group by ingestion_ts
  union all
  select 'raw_inventory_snapshots' as bronze_table, ingestion_ts, count(*) as bronze_rows from `gigamart-dev.giga_raw.raw_inventory_snapshots`
  where ingestion_ts >= (select ts from since) group by ingestion_ts
  union all
  select 'raw_store_master' as bronze_table, ingestion_ts, count(*) as bronze_rows from `gigamart-dev.giga_raw.raw_store_master`
  where ingestion_ts >= (select ts from since) group by ingestion_ts
  union all
  select 'raw_product_master' as bronze_table, ingestion_ts, count(*) as bronze_rows from `gigamart-dev.giga_raw.raw_product_master`
  where ingestion_ts >= (select ts from since) group by ingestion_ts
)
select l.bronze_table, l.ingestion_ts, l.manifest_rows, coalesce(b.bronze_rows, 0) as bronze_rows
from loads as l
left join bronze as b on b.bronze_table = l.bronze_table and b.ingestion_ts = l.ingestion_ts
where l.manifest_rows != coalesce(b.bronze_rows, 0)


-- job 2 of 2: the assertion fails when row_count > 0
select sum(1) as row_count from `gigamart-dev.giga_assertions.bronze_accounts_for_every_landed_line`
