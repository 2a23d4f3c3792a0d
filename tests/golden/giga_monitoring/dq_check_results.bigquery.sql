-- gigamart-dev.giga_monitoring.dq_check_results (incremental), definitions/monitoring/dq_check_results.sqlx
-- BigQuery jobs Dataform sends; written by `npm run golden:update`

-- ## first run (the table does not exist, or --full-refresh)
-- job 1 of 1
create or replace table `gigamart-dev.giga_monitoring.dq_check_results` partition by date(checked_at) cluster by status, check_name as 



-- Minutes from each load to the next, for loads that started on today's weekday (source time zone) in the training weeks.
with load_gaps as (
  select source, timestamp_diff(next_ts, ingestion_ts, minute) as value
  from (
    select source, ingestion_ts, lead(ingestion_ts) over (partition by source order by ingestion_ts) as next_ts
    from (
      select distinct source, ingestion_ts from `gigamart-dev.giga_raw.ingest_manifest`
      where status = 'LOADED' and ingestion_ts >= timestamp_sub(current_timestamp(), interval 42 day)
    )
  )
  where next_ts is not null
    and extract(dayofweek from date(ingestion_ts, 'Asia/Kolkata')) = extract(dayofweek from current_date('Asia/Kolkata'))
),
gap_medians as (
  select source, avg(value) as median, max(n) as points from (
    select source, value, row_number() over (partition by source order by value) as rk, count(*) over (partition by source) as n
    from load_gaps
  ) where 2 * rk between n and n + 2 group by source
),
gap_deviations as (
  select g.source, abs(g.value - m.median) as value from load_gaps as g join gap_medians as m on m.source = g.source
),
gap_mads as (
  select source, avg(value) as median, max(n) as points from (
    select source, value, row_number() over (partition by source order by value) as rk, count(*) over (partition by source) as n
    from gap_deviations
  ) where 2 * rk between n and n + 2 group by source
),
load_gap_bands as (
  select m.source, m.points, m.median + 3 * greatest(1.4826 * d.median, 0.1 * m.median) as bound
  from gap_medians as m join gap_mads as d on d.source = m.source
),
measured as (
  select 'freshness_minutes' as check_name, 'raw_pos_transactions' as table_name, 'WARN' as severity, '>' as comparison, cast(30 as float64) as threshold, cast((select timestamp_diff(current_timestamp(), max(ingestion_ts), minute) from `gigamart-dev.giga_raw.raw_pos_transactions`) as float64) as observed_value
  union all
  select 'freshness_minutes' as check_name, 'raw_pos_transactions' as table_name, 'ERROR' as severity, '>' as comparison, cast(120 as float64) as threshold, cast((select timestamp_diff(current_timestamp(), max(ingestion_ts), minute) from `gigamart-dev.giga_raw.raw_pos_transactions`) as float64) as observed_value
  union all
  select 'freshness_vs_weekday_band' as check_name, 'raw_pos_transactions' as table_name, 'WARN' as severity, '>' as comparison, cast((select if(points >= 3, bound, null) from load_gap_bands where source = 'pos') as float64) as threshold, cast(if((select if(points >= 3, bound, null) from load_gap_bands where source = 'pos') is null, null, (select timestamp_diff(current_timestamp(), max(ingestion_ts), minute) from `gigamart-dev.giga_raw.raw_pos_transactions`)) as float64) as observed_value
  union all
  select 'volume_vs_weekday_band' as check_name, 'raw_pos_transactions' as table_name, 'WARN' as severity, '<' as comparison, cast((select lower_warn from `gigamart-dev.giga_monitoring.volume_expectations` where source = 'pos' and business_date = date_sub(current_date('Asia/Kolkata'), interval 1 day) and status != 'NO_DATA') as float64) as threshold, cast((select observed_rows from `gigamart-dev.giga_monitoring.volume_expectations` where source = 'pos' and business_date = date_sub(current_date('Asia/Kolkata'), interval 1 day) and status != 'NO_DATA') as float64) as observed_value
  union all
  select 'volume_vs_weekday_band' as check_name, 'raw_pos_transactions' as table_name, 'WARN' as severity, '>' as comparison, cast((select upper_warn from `gigamart-dev.giga_monitoring.volume_expectations` where source = 'pos' and business_date = date_sub(current_date('Asia/Kolkata'), interval 1 day) and status != 'NO_DATA') as float64) as threshold, cast((select observed_rows from `gigamart-dev.giga_monitoring.volume_expectations` where source = 'pos' and business_date = date_sub(current_date('Asia/Kolkata'), interval 1 day) and status != 'NO_DATA') as float64) as observed_value
  union all
  select 'volume_vs_weekday_band' as check_name, 'raw_pos_transactions' as table_name, 'ERROR' as severity, '<' as comparison, cast((select lower_error from `gigamart-dev.giga_monitoring.volume_expectations` where source = 'pos' and business_date = date_sub(current_date('Asia/Kolkata'), interval 1 day) and status != 'NO_DATA') as float64) as threshold, cast((select observed_rows from `gigamart-dev.giga_monitoring.volume_expectations` where source = 'pos' and business_date = date_sub(current_date('Asia/Kolkata'), interval 1 day) and status != 'NO_DATA') as float64) as observed_value
  union all
  select 'invalid_share' as check_name, 'raw_pos_transactions' as table_name, 'WARN' as severity, '>' as comparison, cast(0.02 as float64) as threshold, cast((
    select safe_divide(
      (select countif(dq_status = 'INVALID') from `gigamart-dev.giga_raw.raw_pos_transactions` where ingestion_ts = m.latest),
      (select sum(bronze_rows) from `gigamart-dev.giga_raw.ingest_manifest` where source = 'pos' and ingestion_ts = m.latest))
    from (select max(ingestion_ts) as latest from `gigamart-dev.giga_raw.ingest_manifest` where source = 'pos' and status = 'LOADED') as m
  ) as float64) as observed_value
  union all
  select 'invalid_share' as check_name, 'raw_pos_transactions' as table_name, 'ERROR' as severity, '>' as comparison, cast(0.1 as float64) as threshold, cast((
    select safe_divide(
      (select countif(dq_status = 'INVALID') from `gigamart-dev.giga_raw.raw_pos_transactions` where ingestion_ts = m.latest),
      (select sum(bronze_rows) from `gigamart-dev.giga_raw.ingest_manifest` where source = 'pos' and ingestion_ts = m.latest))
    from (select max(ingestion_ts) as latest from `gigamart-dev.giga_raw.ingest_manifest` where source = 'pos' and status = 'LOADED') as m
  ) as float64) as observed_value
  union all
  select 'dead_letter_share' as check_name, 'raw_pos_transactions' as table_name, 'WARN' as severity, '>' as comparison, cast(0.01 as float64) as threshold, cast((
    select safe_divide(dead, (dead + loaded))
    from (select count(*) as dead from `gigamart-dev.giga_raw.raw_pos_transactions_dead_letter` where timestamp >= timestamp_sub(current_timestamp(), interval 24 hour)),
      (select count(*) as loaded from `gigamart-dev.giga_raw.raw_pos_transactions`
       where ingestion_ts >= timestamp_sub(current_timestamp(), interval 24 hour)
         and (event_date is null or event_date >= date_sub(date(current_timestamp(), 'Asia/Kolkata'), interval 31 day)))
  ) as float64) as observed_value
  union all
  select 'dead_letter_share' as check_name, 'raw_pos_transactions' as table_name, 'ERROR' as severity, '>' as comparison, cast(0.05 as float64) as threshold, cast((
    select safe_divide(dead, (dead + loaded))
    from (select count(*) as dead from `gigamart-dev.giga_raw.raw_pos_transactions_dead_letter` where timestamp >= timestamp_sub(current_timestamp(), interval 24 hour)),
      (select count(*) as loaded from `gigamart-dev.giga_raw.raw_pos_transactions`
       where ingestion_ts >= timestamp_sub(current_timestamp(), interval 24 hour)
         and (event_date is null or event_date >= date_sub(date(current_timestamp(), 'Asia/Kolkata'), interval 31 day)))
  ) as float64) as observed_value
  union all
  select 'schema_drift_columns' as check_name, 'raw_pos_transactions' as table_name, 'WARN' as severity, '>' as comparison, cast(0 as float64) as threshold, cast((
    select count(distinct coalesce(column_name, drift)) from `gigamart-dev.giga_monitoring.source_schema_drift` as d
    where d.source_table = 'raw_pos_transactions'
      and d.last_seen_ts = (select max(ingestion_ts) from `gigamart-dev.giga_raw.ingest_manifest` where source = 'pos' and status = 'LOADED')
  ) as float64) as observed_value
  union all
  select 'freshness_minutes' as check_name, 'raw_ecom_orders' as table_name, 'WARN' as severity, '>' as comparison, cast(90 as float64) as threshold, cast((select timestamp_diff(current_timestamp(), max(ingestion_ts), minute) from `gigamart-dev.giga_raw.raw_ecom_orders`) as float64) as observed_value
  union all
  select 'freshness_minutes' as check_name, 'raw_ecom_orders' as table_name, 'ERROR' as severity, '>' as comparison, cast(240 as float64) as threshold, cast((select timestamp_diff(current_timestamp(), max(ingestion_ts), minute) from `gigamart-dev.giga_raw.raw_ecom_orders`) as float64) as observed_value
  union all
  select 'freshness_vs_weekday_band' as check_name, 'raw_ecom_orders' as table_name, 'WARN' as severity, '>' as comparison, cast((select if(points >= 3, bound, null) from load_gap_bands where source = 'ecom') as float64) as threshold, cast(if((select if(points >= 3, bound, null) from load_gap_bands where source = 'ecom') is null, null, (select timestamp_diff(current_timestamp(), max(ingestion_ts), minute) from `gigamart-dev.giga_raw.raw_ecom_orders`)) as float64) as observed_value
  union all
  select 'volume_vs_weekday_band' as check_name, 'raw_ecom_orders' as table_name, 'WARN' as severity, '<' as comparison, cast((select lower_warn from `gigamart-dev.giga_monitoring.volume_expectations` where source = 'ecom' and business_date = date_sub(current_date('Asia/Kolkata'), interval 1 day) and status != 'NO_DATA') as float64) as threshold, cast((select observed_rows from `gigamart-dev.giga_monitoring.volume_expectations` where source = 'ecom' and business_date = date_sub(current_date('Asia/Kolkata'), interval 1 day) and status != 'NO_DATA') as float64) as observed_value
  union all
  select 'volume_vs_weekday_band' as check_name, 'raw_ecom_orders' as table_name, 'WARN' as severity, '>' as comparison, cast((select upper_warn from `gigamart-dev.giga_monitoring.volume_expectations` where source = 'ecom' and business_date = date_sub(current_date('Asia/Kolkata'), interval 1 day) and status != 'NO_DATA') as float64) as threshold, cast((select observed_rows from `gigamart-dev.giga_monitoring.volume_expectations` where source = 'ecom' and business_date = date_sub(current_date('Asia/Kolkata'), interval 1 day) and status != 'NO_DATA') as float64) as observed_value
  union all
  select 'volume_vs_weekday_band' as check_name, 'raw_ecom_orders' as table_name, 'ERROR' as severity, '<' as comparison, cast((select lower_error from `gigamart-dev.giga_monitoring.volume_expectations` where source = 'ecom' and business_date = date_sub(current_date('Asia/Kolkata'), interval 1 day) and status != 'NO_DATA') as float64) as threshold, cast((select observed_rows from `gigamart-dev.giga_monitoring.volume_expectations` where source = 'ecom' and business_date = date_sub(current_date('Asia/Kolkata'), interval 1 day) and status != 'NO_DATA') as float64) as observed_value
  union all
  select 'invalid_share' as check_name, 'raw_ecom_orders' as table_name, 'WARN' as severity, '>' as comparison, cast(0.02 as float64) as threshold, cast((
    select safe_divide(
      (select countif(dq_status = 'INVALID') from `gigamart-dev.giga_raw.raw_ecom_orders` where ingestion_ts = m.latest),
      (select sum(bronze_rows) from `gigamart-dev.giga_raw.ingest_manifest` where source = 'ecom' and ingestion_ts = m.latest))
    from (select max(ingestion_ts) as latest from `gigamart-dev.giga_raw.ingest_manifest` where source = 'ecom' and status = 'LOADED') as m
  ) as float64) as observed_value
  union all
  select 'invalid_share' as check_name, 'raw_ecom_orders' as table_name, 'ERROR' as severity, '>' as comparison, cast(0.1 as float64) as threshold, cast((
    select safe_divide(
      (select countif(dq_status = 'INVALID') from `gigamart-dev.giga_raw.raw_ecom_orders` where ingestion_ts = m.latest),
      (select sum(bronze_rows) from `gigamart-dev.giga_raw.ingest_manifest` where source = 'ecom' and ingestion_ts = m.latest))
    from (select max(ingestion_ts) as latest from `gigamart-dev.giga_raw.ingest_manifest` where source = 'ecom' and status = 'LOADED') as m
  ) as float64) as observed_value
  union all
  select 'schema_drift_columns' as check_name, 'raw_ecom_orders' as table_name, 'WARN' as severity, '>' as comparison, cast(0 as float64) as threshold, cast((
    select count(distinct coalesce(column_name, drift)) from `gigamart-dev.giga_monitoring.source_schema_drift` as d
    where d.source_table = 'raw_ecom_orders'
      and d.last_seen_ts = (select max(ingestion_ts) from `gigamart-dev.giga_raw.ingest_manifest` where source = 'ecom' and status = 'LOADED')
  ) as float64) as observed_value
  union all
  select 'freshness_minutes' as check_name, 'raw_crm_customers' as table_name, 'WARN' as severity, '>' as comparison, cast(1800 as float64) as threshold, cast((select timestamp_diff(current_timestamp(), max(ingestion_ts), minute) from `gigamart-dev.giga_raw.raw_crm_customers`) as float64) as observed_value
  union all
  select 'freshness_minutes' as check_name, 'raw_crm_customers' as table_name, 'ERROR' as severity, '>' as comparison, cast(2880 as float64) as threshold, cast((select timestamp_diff(current_timestamp(), max(ingestion_ts), minute) from `gigamart-dev.giga_raw.raw_crm_customers`) as float64) as observed_value
  union all
  select 'freshness_vs_weekday_band' as check_name, 'raw_crm_customers' as table_name, 'WARN' as severity, '>' as comparison, cast((select if(points >= 3, bound, null) from load_gap_bands where source = 'crm') as float64) as threshold, cast(if((select if(points >= 3, bound, null) from load_gap_bands where source = 'crm') is null, null, (select timestamp_diff(current_timestamp(), max(ingestion_ts), minute) from `gigamart-dev.giga_raw.raw_crm_customers`)) as float64) as observed_value
  union all
  select 'invalid_share' as check_name, 'raw_crm_customers' as table_name, 'WARN' as severity, '>' as comparison, cast(0.02 as float64) as threshold, cast((
    select safe_divide(
      (select countif(dq_status = 'INVALID') from `gigamart-dev.giga_raw.raw_crm_customers` where ingestion_ts = m.latest),
      (select sum(bronze_rows) from `gigamart-dev.giga_raw.ingest_manifest` where source = 'crm' and ingestion_ts = m.latest))
    from (select max(ingestion_ts) as latest from `gigamart-dev.giga_raw.ingest_manifest` where source = 'crm' and status = 'LOADED') as m
  ) as float64) as observed_value
  union all
  select 'invalid_share' as check_name, 'raw_crm_customers' as table_name, 'ERROR' as severity, '>' as comparison, cast(0.1 as float64) as threshold, cast((
    select safe_divide(
      (select countif(dq_status = 'INVALID') from `gigamart-dev.giga_raw.raw_crm_customers` where ingestion_ts = m.latest),
      (select sum(bronze_rows) from `gigamart-dev.giga_raw.ingest_manifest` where source = 'crm' and ingestion_ts = m.latest))
    from (select max(ingestion_ts) as latest from `gigamart-dev.giga_raw.ingest_manifest` where source = 'crm' and status = 'LOADED') as m
  ) as float64) as observed_value
  union all
  select 'schema_drift_columns' as check_name, 'raw_crm_customers' as table_name, 'WARN' as severity, '>' as comparison, cast(0 as float64) as threshold, cast((
    select count(distinct coalesce(column_name, drift)) from `gigamart-dev.giga_monitoring.source_schema_drift` as d
    where d.source_table = 'raw_crm_customers'
      and d.last_seen_ts = (select max(ingestion_ts) from `gigamart-dev.giga_raw.ingest_manifest` where source = 'crm' and status = 'LOADED')
  ) as float64) as observed_value
  union all
  select 'freshness_minutes' as check_name, 'raw_inventory_snapshots' as table_name, 'WARN' as severity, '>' as comparison, cast(1800 as float64) as threshold, cast((select timestamp_diff(current_timestamp(), max(ingestion_ts), minute) from `gigamart-dev.giga_raw.raw_inventory_snapshots`) as float64) as observed_value
  union all
  select 'freshness_minutes' as check_name, 'raw_inventory_snapshots' as table_name, 'ERROR' as severity, '>' as comparison, cast(2880 as float64) as threshold, cast((select timestamp_diff(current_timestamp(), max(ingestion_ts), minute) from `gigamart-dev.giga_raw.raw_inventory_snapshots`) as float64) as observed_value
  union all
  select 'freshness_vs_weekday_band' as check_name, 'raw_inventory_snapshots' as table_name, 'WARN' as severity, '>' as comparison, cast((select if(points >= 3, bound, null) from load_gap_bands where source = 'inventory') as float64) as threshold, cast(if((select if(points >= 3, bound, null) from load_gap_bands where source = 'inventory') is null, null, (select timestamp_diff(current_timestamp(), max(ingestion_ts), minute) from `gigamart-dev.giga_raw.raw_inventory_snapshots`)) as float64) as observed_value
  union all
  select 'volume_vs_weekday_band' as check_name, 'raw_inventory_snapshots' as table_name, 'WARN' as severity, '<' as comparison, cast((select lower_warn from `gigamart-dev.giga_monitoring.volume_expectations` where source = 'inventory' and business_date = date_sub(current_date('Asia/Kolkata'), interval 1 day) and status != 'NO_DATA') as float64) as threshold, cast((select observed_rows from `gigamart-dev.giga_monitoring.volume_expectations` where source = 'inventory' and business_date = date_sub(current_date('Asia/Kolkata'), interval 1 day) and status != 'NO_DATA') as float64) as observed_value
  union all
  select 'volume_vs_weekday_band' as check_name, 'raw_inventory_snapshots' as table_name, 'WARN' as severity, '>' as comparison, cast((select upper_warn from `gigamart-dev.giga_monitoring.volume_expectations` where source = 'inventory' and business_date = date_sub(current_date('Asia/Kolkata'), interval 1 day) and status != 'NO_DATA') as float64) as threshold, cast((select observed_rows from `gigamart-dev.giga_monitoring.volume_expectations` where source = 'inventory' and business_date = date_sub(current_date('Asia/Kolkata'), interval 1 day) and status != 'NO_DATA') as float64) as observed_value
  union all
  select 'volume_vs_weekday_band' as check_name, 'raw_inventory_snapshots' as table_name, 'ERROR' as severity, '<' as comparison, cast((select lower_error from `gigamart-dev.giga_monitoring.volume_expectations` where source = 'inventory' and business_date = date_sub(current_date('Asia/Kolkata'), interval 1 day) and status != 'NO_DATA') as float64) as threshold, cast((select observed_rows from `gigamart-dev.giga_monitoring.volume_expectations` where source = 'inventory' and business_date = date_sub(current_date('Asia/Kolkata'), interval 1 day) and status != 'NO_DATA') as float64) as observed_value
  union all
  select 'invalid_share' as check_name, 'raw_inventory_snapshots' as table_name, 'WARN' as severity, '>' as comparison, cast(0.02 as float64) as threshold, cast((
    select safe_divide(
      (select countif(dq_status = 'INVALID') from `gigamart-dev.giga_raw.raw_inventory_snapshots` where ingestion_ts = m.latest),
      (select sum(bronze_rows) from `gigamart-dev.giga_raw.ingest_manifest` where source = 'inventory' and ingestion_ts = m.latest))
    from (select max(ingestion_ts) as latest from `gigamart-dev.giga_raw.ingest_manifest` where source = 'inventory' and status = 'LOADED') as m
  ) as float64) as observed_value
  union all
  select 'invalid_share' as check_name, 'raw_inventory_snapshots' as table_name, 'ERROR' as severity, '>' as comparison, cast(0.1 as float64) as threshold, cast((
    select safe_divide(
      (select countif(dq_status = 'INVALID') from `gigamart-dev.giga_raw.raw_inventory_snapshots` where ingestion_ts = m.latest),
      (select sum(bronze_rows) from `gigamart-dev.giga_raw.ingest_manifest` where source = 'inventory' and ingestion_ts = m.latest))
    from (select max(ingestion_ts) as latest from `gigamart-dev.giga_raw.ingest_manifest` where source = 'inventory' and status = 'LOADED') as m
  ) as float64) as observed_value
  union all
  select 'schema_drift_columns' as check_name, 'raw_inventory_snapshots' as table_name, 'WARN' as severity, '>' as comparison, cast(0 as float64) as threshold, cast((
    select count(distinct coalesce(column_name, drift)) from `gigamart-dev.giga_monitoring.source_schema_drift` as d
    where d.source_table = 'raw_inventory_snapshots'
      and d.last_seen_ts = (select max(ingestion_ts) from `gigamart-dev.giga_raw.ingest_manifest` where source = 'inventory' and status = 'LOADED')
  ) as float64) as observed_value
)
select
  check_name, table_name, severity,
  case
    when observed_value is null or threshold is null then 'NO_DATA'
    when (comparison = '>' and observed_value > threshold) or (comparison = '<' and observed_value < threshold) then 'FAIL'
    else 'PASS'
  end as status,
  observed_value, comparison, threshold,
  current_timestamp() as checked_at
from measured

-- ## incremental run (into the table its first run created)
-- job 1 of 1
insert into `gigamart-dev.giga_monitoring.dq_check_results`	
(`check_name`,`table_name`,`severity`,`status`,`observed_value`,`comparison`,`threshold`,`checked_at`)	
select `check_name`,`table_name`,`severity`,`status`,`observed_value`,`comparison`,`threshold`,`checked_at`	
from (



-- Minutes from each load to the next, for loads that started on today's weekday (source time zone) in the training weeks.
with load_gaps as (
  select source, timestamp_diff(next_ts, ingestion_ts, minute) as value
  from (
    select source, ingestion_ts, lead(ingestion_ts) over (partition by source order by ingestion_ts) as next_ts
    from (
      select distinct source, ingestion_ts from `gigamart-dev.giga_raw.ingest_manifest`
      where status = 'LOADED' and ingestion_ts >= timestamp_sub(current_timestamp(), interval 42 day)
    )
  )
  where next_ts is not null
    and extract(dayofweek from date(ingestion_ts, 'Asia/Kolkata')) = extract(dayofweek from current_date('Asia/Kolkata'))
),
gap_medians as (
  select source, avg(value) as median, max(n) as points from (
    select source, value, row_number() over (partition by source order by value) as rk, count(*) over (partition by source) as n
    from load_gaps
  ) where 2 * rk between n and n + 2 group by source
),
gap_deviations as (
  select g.source, abs(g.value - m.median) as value from load_gaps as g join gap_medians as m on m.source = g.source
),
gap_mads as (
  select source, avg(value) as median, max(n) as points from (
    select source, value, row_number() over (partition by source order by value) as rk, count(*) over (partition by source) as n
    from gap_deviations
  ) where 2 * rk between n and n + 2 group by source
),
load_gap_bands as (
  select m.source, m.points, m.median + 3 * greatest(1.4826 * d.median, 0.1 * m.median) as bound
  from gap_medians as m join gap_mads as d on d.source = m.source
),
measured as (
  select 'freshness_minutes' as check_name, 'raw_pos_transactions' as table_name, 'WARN' as severity, '>' as comparison, cast(30 as float64) as threshold, cast((select timestamp_diff(current_timestamp(), max(ingestion_ts), minute) from `gigamart-dev.giga_raw.raw_pos_transactions`) as float64) as observed_value
  union all
  select 'freshness_minutes' as check_name, 'raw_pos_transactions' as table_name, 'ERROR' as severity, '>' as comparison, cast(120 as float64) as threshold, cast((select timestamp_diff(current_timestamp(), max(ingestion_ts), minute) from `gigamart-dev.giga_raw.raw_pos_transactions`) as float64) as observed_value
  union all
  select 'freshness_vs_weekday_band' as check_name, 'raw_pos_transactions' as table_name, 'WARN' as severity, '>' as comparison, cast((select if(points >= 3, bound, null) from load_gap_bands where source = 'pos') as float64) as threshold, cast(if((select if(points >= 3, bound, null) from load_gap_bands where source = 'pos') is null, null, (select timestamp_diff(current_timestamp(), max(ingestion_ts), minute) from `gigamart-dev.giga_raw.raw_pos_transactions`)) as float64) as observed_value
  union all
  select 'volume_vs_weekday_band' as check_name, 'raw_pos_transactions' as table_name, 'WARN' as severity, '<' as comparison, cast((select lower_warn from `gigamart-dev.giga_monitoring.volume_expectations` where source = 'pos' and business_date = date_sub(current_date('Asia/Kolkata'), interval 1 day) and status != 'NO_DATA') as float64) as threshold, cast((select observed_rows from `gigamart-dev.giga_monitoring.volume_expectations` where source = 'pos' and business_date = date_sub(current_date('Asia/Kolkata'), interval 1 day) and status != 'NO_DATA') as float64) as observed_value
  union all
  select 'volume_vs_weekday_band' as check_name, 'raw_pos_transactions' as table_name, 'WARN' as severity, '>' as comparison, cast((select upper_warn from `gigamart-dev.giga_monitoring.volume_expectations` where source = 'pos' and business_date = date_sub(current_date('Asia/Kolkata'), interval 1 day) and status != 'NO_DATA') as float64) as threshold, cast((select observed_rows from `gigamart-dev.giga_monitoring.volume_expectations` where source = 'pos' and business_date = date_sub(current_date('Asia/Kolkata'), interval 1 day) and status != 'NO_DATA') as float64) as observed_value
  union all
  select 'volume_vs_weekday_band' as check_name, 'raw_pos_transactions' as table_name, 'ERROR' as severity, '<' as comparison, cast((select lower_error from `gigamart-dev.giga_monitoring.volume_expectations` where source = 'pos' and business_date = date_sub(current_date('Asia/Kolkata'), interval 1 day) and status != 'NO_DATA') as float64) as threshold, cast((select observed_rows from `gigamart-dev.giga_monitoring.volume_expectations` where source = 'pos' and business_date = date_sub(current_date('Asia/Kolkata'), interval 1 day) and status != 'NO_DATA') as float64) as observed_value
  union all
  select 'invalid_share' as check_name, 'raw_pos_transactions' as table_name, 'WARN' as severity, '>' as comparison, cast(0.02 as float64) as threshold, cast((
    select safe_divide(
      (select countif(dq_status = 'INVALID') from `gigamart-dev.giga_raw.raw_pos_transactions` where ingestion_ts = m.latest),
      (select sum(bronze_rows) from `gigamart-dev.giga_raw.ingest_manifest` where source = 'pos' and ingestion_ts = m.latest))
    from (select max(ingestion_ts) as latest from `gigamart-dev.giga_raw.ingest_manifest` where source = 'pos' and status = 'LOADED') as m
  ) as float64) as observed_value
  union all
  select 'invalid_share' as check_name, 'raw_pos_transactions' as table_name, 'ERROR' as severity, '>' as comparison, cast(0.1 as float64) as threshold, cast((
    select safe_divide(
      (select countif(dq_status = 'INVALID') from `gigamart-dev.giga_raw.raw_pos_transactions` where ingestion_ts = m.latest),
      (select sum(bronze_rows) from `gigamart-dev.giga_raw.ingest_manifest` where source = 'pos' and ingestion_ts = m.latest))
    from (select max(ingestion_ts) as latest from `gigamart-dev.giga_raw.ingest_manifest` where source = 'pos' and status = 'LOADED') as m
  ) as float64) as observed_value
  union all
  select 'dead_letter_share' as check_name, 'raw_pos_transactions' as table_name, 'WARN' as severity, '>' as comparison, cast(0.01 as float64) as threshold, cast((
    select safe_divide(dead, (dead + loaded))
    from (select count(*) as dead from `gigamart-dev.giga_raw.raw_pos_transactions_dead_letter` where timestamp >= timestamp_sub(current_timestamp(), interval 24 hour)),
      (select count(*) as loaded from `gigamart-dev.giga_raw.raw_pos_transactions`
       where ingestion_ts >= timestamp_sub(current_timestamp(), interval 24 hour)
         and (event_date is null or event_date >= date_sub(date(current_timestamp(), 'Asia/Kolkata'), interval 31 day)))
  ) as float64) as observed_value
  union all
  select 'dead_letter_share' as check_name, 'raw_pos_transactions' as table_name, 'ERROR' as severity, '>' as comparison, cast(0.05 as float64) as threshold, cast((
    select safe_divide(dead, (dead + loaded))
    from (select count(*) as dead from `gigamart-dev.giga_raw.raw_pos_transactions_dead_letter` where timestamp >= timestamp_sub(current_timestamp(), interval 24 hour)),
      (select count(*) as loaded from `gigamart-dev.giga_raw.raw_pos_transactions`
       where ingestion_ts >= timestamp_sub(current_timestamp(), interval 24 hour)
         and (event_date is null or event_date >= date_sub(date(current_timestamp(), 'Asia/Kolkata'), interval 31 day)))
  ) as float64) as observed_value
  union all
  select 'schema_drift_columns' as check_name, 'raw_pos_transactions' as table_name, 'WARN' as severity, '>' as comparison, cast(0 as float64) as threshold, cast((
    select count(distinct coalesce(column_name, drift)) from `gigamart-dev.giga_monitoring.source_schema_drift` as d
    where d.source_table = 'raw_pos_transactions'
      and d.last_seen_ts = (select max(ingestion_ts) from `gigamart-dev.giga_raw.ingest_manifest` where source = 'pos' and status = 'LOADED')
  ) as float64) as observed_value
  union all
  select 'freshness_minutes' as check_name, 'raw_ecom_orders' as table_name, 'WARN' as severity, '>' as comparison, cast(90 as float64) as threshold, cast((select timestamp_diff(current_timestamp(), max(ingestion_ts), minute) from `gigamart-dev.giga_raw.raw_ecom_orders`) as float64) as observed_value
  union all
  select 'freshness_minutes' as check_name, 'raw_ecom_orders' as table_name, 'ERROR' as severity, '>' as comparison, cast(240 as float64) as threshold, cast((select timestamp_diff(current_timestamp(), max(ingestion_ts), minute) from `gigamart-dev.giga_raw.raw_ecom_orders`) as float64) as observed_value
  union all
  select 'freshness_vs_weekday_band' as check_name, 'raw_ecom_orders' as table_name, 'WARN' as severity, '>' as comparison, cast((select if(points >= 3, bound, null) from load_gap_bands where source = 'ecom') as float64) as threshold, cast(if((select if(points >= 3, bound, null) from load_gap_bands where source = 'ecom') is null, null, (select timestamp_diff(current_timestamp(), max(ingestion_ts), minute) from `gigamart-dev.giga_raw.raw_ecom_orders`)) as float64) as observed_value
  union all
  select 'volume_vs_weekday_band' as check_name, 'raw_ecom_orders' as table_name, 'WARN' as severity, '<' as comparison, cast((select lower_warn from `gigamart-dev.giga_monitoring.volume_expectations` where source = 'ecom' and business_date = date_sub(current_date('Asia/Kolkata'), interval 1 day) and status != 'NO_DATA') as float64) as threshold, cast((select observed_rows from `gigamart-dev.giga_monitoring.volume_expectations` where source = 'ecom' and business_date = date_sub(current_date('Asia/Kolkata'), interval 1 day) and status != 'NO_DATA') as float64) as observed_value
  union all
  select 'volume_vs_weekday_band' as check_name, 'raw_ecom_orders' as table_name, 'WARN' as severity, '>' as comparison, cast((select upper_warn from `gigamart-dev.giga_monitoring.volume_expectations` where source = 'ecom' and business_date = date_sub(current_date('Asia/Kolkata'), interval 1 day) and status != 'NO_DATA') as float64) as threshold, cast((select observed_rows from `gigamart-dev.giga_monitoring.volume_expectations` where source = 'ecom' and business_date = date_sub(current_date('Asia/Kolkata'), interval 1 day) and status != 'NO_DATA') as float64) as observed_value
  union all
  select 'volume_vs_weekday_band' as check_name, 'raw_ecom_orders' as table_name, 'ERROR' as severity, '<' as comparison, cast((select lower_error from `gigamart-dev.giga_monitoring.volume_expectations` where source = 'ecom' and business_date = date_sub(current_date('Asia/Kolkata'), interval 1 day) and status != 'NO_DATA') as float64) as threshold, cast((select observed_rows from `gigamart-dev.giga_monitoring.volume_expectations` where source = 'ecom' and business_date = date_sub(current_date('Asia/Kolkata'), interval 1 day) and status != 'NO_DATA') as float64) as observed_value
  union all
  select 'invalid_share' as check_name, 'raw_ecom_orders' as table_name, 'WARN' as severity, '>' as comparison, cast(0.02 as float64) as threshold, cast((
    select safe_divide(
      (select countif(dq_status = 'INVALID') from `gigamart-dev.giga_raw.raw_ecom_orders` where ingestion_ts = m.latest),
      (select sum(bronze_rows) from `gigamart-dev.giga_raw.ingest_manifest` where source = 'ecom' and ingestion_ts = m.latest))
    from (select max(ingestion_ts) as latest from `gigamart-dev.giga_raw.ingest_manifest` where source = 'ecom' and status = 'LOADED') as m
  ) as float64) as observed_value
  union all
  select 'invalid_share' as check_name, 'raw_ecom_orders' as table_name, 'ERROR' as severity, '>' as comparison, cast(0.1 as float64) as threshold, cast((
    select safe_divide(
      (select countif(dq_status = 'INVALID') from `gigamart-dev.giga_raw.raw_ecom_orders` where ingestion_ts = m.latest),
      (select sum(bronze_rows) from `gigamart-dev.giga_raw.ingest_manifest` where source = 'ecom' and ingestion_ts = m.latest))
    from (select max(ingestion_ts) as latest from `gigamart-dev.giga_raw.ingest_manifest` where source = 'ecom' and status = 'LOADED') as m
  ) as float64) as observed_value
  union all
  select 'schema_drift_columns' as check_name, 'raw_ecom_orders' as table_name, 'WARN' as severity, '>' as comparison, cast(0 as float64) as threshold, cast((
    select count(distinct coalesce(column_name, drift)) from `gigamart-dev.giga_monitoring.source_schema_drift` as d
    where d.source_table = 'raw_ecom_orders'
      and d.last_seen_ts = (select max(ingestion_ts) from `gigamart-dev.giga_raw.ingest_manifest` where source = 'ecom' and status = 'LOADED')
  ) as float64) as observed_value
  union all
  select 'freshness_minutes' as check_name, 'raw_crm_customers' as table_name, 'WARN' as severity, '>' as comparison, cast(1800 as float64) as threshold, cast((select timestamp_diff(current_timestamp(), max(ingestion_ts), minute) from `gigamart-dev.giga_raw.raw_crm_customers`) as float64) as observed_value
  union all
  select 'freshness_minutes' as check_name, 'raw_crm_customers' as table_name, 'ERROR' as severity, '>' as comparison, cast(2880 as float64) as threshold, cast((select timestamp_diff(current_timestamp(), max(ingestion_ts), minute) from `gigamart-dev.giga_raw.raw_crm_customers`) as float64) as observed_value
  union all
  select 'freshness_vs_weekday_band' as check_name, 'raw_crm_customers' as table_name, 'WARN' as severity, '>' as comparison, cast((select if(points >= 3, bound, null) from load_gap_bands where source = 'crm') as float64) as threshold, cast(if((select if(points >= 3, bound, null) from load_gap_bands where source = 'crm') is null, null, (select timestamp_diff(current_timestamp(), max(ingestion_ts), minute) from `gigamart-dev.giga_raw.raw_crm_customers`)) as float64) as observed_value
  union all
  select 'invalid_share' as check_name, 'raw_crm_customers' as table_name, 'WARN' as severity, '>' as comparison, cast(0.02 as float64) as threshold, cast((
    select safe_divide(
      (select countif(dq_status = 'INVALID') from `gigamart-dev.giga_raw.raw_crm_customers` where ingestion_ts = m.latest),
      (select sum(bronze_rows) from `gigamart-dev.giga_raw.ingest_manifest` where source = 'crm' and ingestion_ts = m.latest))
    from (select max(ingestion_ts) as latest from `gigamart-dev.giga_raw.ingest_manifest` where source = 'crm' and status = 'LOADED') as m
  ) as float64) as observed_value
  union all
  select 'invalid_share' as check_name, 'raw_crm_customers' as table_name, 'ERROR' as severity, '>' as comparison, cast(0.1 as float64) as threshold, cast((
    select safe_divide(
      (select countif(dq_status = 'INVALID') from `gigamart-dev.giga_raw.raw_crm_customers` where ingestion_ts = m.latest),
      (select sum(bronze_rows) from `gigamart-dev.giga_raw.ingest_manifest` where source = 'crm' and ingestion_ts = m.latest))
    from (select max(ingestion_ts) as latest from `gigamart-dev.giga_raw.ingest_manifest` where source = 'crm' and status = 'LOADED') as m
  ) as float64) as observed_value
  union all
  select 'schema_drift_columns' as check_name, 'raw_crm_customers' as table_name, 'WARN' as severity, '>' as comparison, cast(0 as float64) as threshold, cast((
    select count(distinct coalesce(column_name, drift)) from `gigamart-dev.giga_monitoring.source_schema_drift` as d
    where d.source_table = 'raw_crm_customers'
      and d.last_seen_ts = (select max(ingestion_ts) from `gigamart-dev.giga_raw.ingest_manifest` where source = 'crm' and status = 'LOADED')
  ) as float64) as observed_value
  union all
  select 'freshness_minutes' as check_name, 'raw_inventory_snapshots' as table_name, 'WARN' as severity, '>' as comparison, cast(1800 as float64) as threshold, cast((select timestamp_diff(current_timestamp(), max(ingestion_ts), minute) from `gigamart-dev.giga_raw.raw_inventory_snapshots`) as float64) as observed_value
  union all
  select 'freshness_minutes' as check_name, 'raw_inventory_snapshots' as table_name, 'ERROR' as severity, '>' as comparison, cast(2880 as float64) as threshold, cast((select timestamp_diff(current_timestamp(), max(ingestion_ts), minute) from `gigamart-dev.giga_raw.raw_inventory_snapshots`) as float64) as observed_value
  union all
  select 'freshness_vs_weekday_band' as check_name, 'raw_inventory_snapshots' as table_name, 'WARN' as severity, '>' as comparison, cast((select if(points >= 3, bound, null) from load_gap_bands where source = 'inventory') as float64) as threshold, cast(if((select if(points >= 3, bound, null) from load_gap_bands where source = 'inventory') is null, null, (select timestamp_diff(current_timestamp(), max(ingestion_ts), minute) from `gigamart-dev.giga_raw.raw_inventory_snapshots`)) as float64) as observed_value
  union all
  select 'volume_vs_weekday_band' as check_name, 'raw_inventory_snapshots' as table_name, 'WARN' as severity, '<' as comparison, cast((select lower_warn from `gigamart-dev.giga_monitoring.volume_expectations` where source = 'inventory' and business_date = date_sub(current_date('Asia/Kolkata'), interval 1 day) and status != 'NO_DATA') as float64) as threshold, cast((select observed_rows from `gigamart-dev.giga_monitoring.volume_expectations` where source = 'inventory' and business_date = date_sub(current_date('Asia/Kolkata'), interval 1 day) and status != 'NO_DATA') as float64) as observed_value
  union all
  select 'volume_vs_weekday_band' as check_name, 'raw_inventory_snapshots' as table_name, 'WARN' as severity, '>' as comparison, cast((select upper_warn from `gigamart-dev.giga_monitoring.volume_expectations` where source = 'inventory' and business_date = date_sub(current_date('Asia/Kolkata'), interval 1 day) and status != 'NO_DATA') as float64) as threshold, cast((select observed_rows from `gigamart-dev.giga_monitoring.volume_expectations` where source = 'inventory' and business_date = date_sub(current_date('Asia/Kolkata'), interval 1 day) and status != 'NO_DATA') as float64) as observed_value
  union all
  select 'volume_vs_weekday_band' as check_name, 'raw_inventory_snapshots' as table_name, 'ERROR' as severity, '<' as comparison, cast((select lower_error from `gigamart-dev.giga_monitoring.volume_expectations` where source = 'inventory' and business_date = date_sub(current_date('Asia/Kolkata'), interval 1 day) and status != 'NO_DATA') as float64) as threshold, cast((select observed_rows from `gigamart-dev.giga_monitoring.volume_expectations` where source = 'inventory' and business_date = date_sub(current_date('Asia/Kolkata'), interval 1 day) and status != 'NO_DATA') as float64) as observed_value
  union all
  select 'invalid_share' as check_name, 'raw_inventory_snapshots' as table_name, 'WARN' as severity, '>' as comparison, cast(0.02 as float64) as threshold, cast((
    select safe_divide(
      (select countif(dq_status = 'INVALID') from `gigamart-dev.giga_raw.raw_inventory_snapshots` where ingestion_ts = m.latest),
      (select sum(bronze_rows) from `gigamart-dev.giga_raw.ingest_manifest` where source = 'inventory' and ingestion_ts = m.latest))
    from (select max(ingestion_ts) as latest from `gigamart-dev.giga_raw.ingest_manifest` where source = 'inventory' and status = 'LOADED') as m
  ) as float64) as observed_value
  union all
  select 'invalid_share' as check_name, 'raw_inventory_snapshots' as table_name, 'ERROR' as severity, '>' as comparison, cast(0.1 as float64) as threshold, cast((
    select safe_divide(
      (select countif(dq_status = 'INVALID') from `gigamart-dev.giga_raw.raw_inventory_snapshots` where ingestion_ts = m.latest),
      (select sum(bronze_rows) from `gigamart-dev.giga_raw.ingest_manifest` where source = 'inventory' and ingestion_ts = m.latest))
    from (select max(ingestion_ts) as latest from `gigamart-dev.giga_raw.ingest_manifest` where source = 'inventory' and status = 'LOADED') as m
  ) as float64) as observed_value
  union all
  select 'schema_drift_columns' as check_name, 'raw_inventory_snapshots' as table_name, 'WARN' as severity, '>' as comparison, cast(0 as float64) as threshold, cast((
    select count(distinct coalesce(column_name, drift)) from `gigamart-dev.giga_monitoring.source_schema_drift` as d
    where d.source_table = 'raw_inventory_snapshots'
      and d.last_seen_ts = (select max(ingestion_ts) from `gigamart-dev.giga_raw.ingest_manifest` where source = 'inventory' and status = 'LOADED')
  ) as float64) as observed_value
)
select
  check_name, table_name, severity,
  case
    when observed_value is null or threshold is null then 'NO_DATA'
    when (comparison = '>' and observed_value > threshold) or (comparison = '<' and observed_value < threshold) then 'FAIL'
    else 'PASS'
  end as status,
  observed_value, comparison, threshold,
  current_timestamp() as checked_at
from measured
) as insertions
