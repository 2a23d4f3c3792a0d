-- gigamart-dev.giga_assertions.sales_fact_reconciles_with_bronze (assertion), definitions/assertions/sales_fact_reconciles_with_bronze.sqlx
-- BigQuery jobs Dataform sends; written by `npm run golden:update`

-- ## every run
-- job 1 of 2

      create or replace view `gigamart-dev.giga_assertions.sales_fact_reconciles_with_bronze` as 

with watermark as (
  select max(source_ingestion_ts) as ts from `gigamart-dev.giga_curated.sales_fact` where channel = 'POS'
),
bronze as (
  select event_date, sum(array_length(lines)) as bronze_lines
  from `gigamart-dev.giga_raw.raw_pos_transactions`
  where dq_status != 'INVALID' and ingestion_ts <= (select ts from watermark)
  group by event_date
),
fact as (
  select event_date, count(*) as fact_lines from `gigamart-dev.giga_curated.sales_fact` where channel = 'POS' group by event_date
),
removed as (
  select partition_date as event_date, sum(line_count) as removed_lines
  from `gigamart-dev.giga_monitoring.dedup_log`
  where source_table = 'raw_pos_transactions' and ingestion_ts <= (select ts from watermark)
  group by partition_date
),
quarantined as (
  select event_date, sum(line_count) as quarantined_lines
  from `gigamart-dev.giga_monitoring.late_arriving_data`
  where source_table = 'raw_pos_transactions' and handled_as = 'QUARANTINED_TOO_LATE' and ingestion_ts <= (select ts from watermark)
  group by event_date
)
select b.event_date, b.bronze_lines, coalesce(f.fact_lines, 0) as fact_lines, coalesce(r.removed_lines, 0) as removed_lines,
  coalesce(q.quarantined_lines, 0) as quarantined_lines
from bronze as b
left join fact as f on f.event_date = b.event_date
left join removed as r on r.event_date = b.event_date
left join quarantined as q on q.event_date = b.event_date
where b.bronze_lines != coalesce(f.fact_lines, 0) + coalesce(r.removed_lines, 0) + coalesce(q.quarantined_lines, 0)


-- job 2 of 2: the assertion fails when row_count > 0
select sum(1) as row_count from `gigamart-dev.giga_assertions.sales_fact_reconciles_with_bronze`
