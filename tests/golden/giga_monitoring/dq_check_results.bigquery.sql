-- gigamart-dev.giga_monitoring.dq_check_results (incremental), definitions/monitoring/dq_check_results.sqlx
-- BigQuery jobs Dataform sends; written by `npm run golden:update`

-- ## first run (the table does not exist, or --full-refresh)
-- job 1 of 1
create or replace table `gigamart-dev.giga_monitoring.dq_check_results` partition by date(checked_at) cluster by status, check_name as 



with observed as (
  select 'pos' as source, 'raw_pos_transactions' as table_name, cast((select timestamp_diff(current_timestamp(), max(ingestion_ts), minute) from `gigamart-dev.giga_raw.raw_pos_transactions`) as float64) as freshness_minutes, cast((
    select safe_divide(max(if(day = latest, n, null)), avg(if(day < latest, n, null)))
    from (
      select day, n, max(day) over () as latest
      from (
        select event_date as day, count(*) as n from `gigamart-dev.giga_raw.raw_pos_transactions`
        where event_date >= date_sub(current_date('Asia/Kolkata'), interval 8 day)
        group by event_date
      )
    )
    where day >= date_sub(latest, interval 7 day)
    having count(*) >= 2
  ) as float64) as volume_ratio_to_7d_mean, cast((
    select safe_divide(
      (select countif(dq_status = 'INVALID') from `gigamart-dev.giga_raw.raw_pos_transactions` where ingestion_ts = m.latest),
      (select sum(bronze_rows) from `gigamart-dev.giga_raw.ingest_manifest` where source = 'pos' and ingestion_ts = m.latest))
    from (select max(ingestion_ts) as latest from `gigamart-dev.giga_raw.ingest_manifest` where source = 'pos' and status = 'LOADED') as m
  ) as float64) as invalid_share, cast((
    select safe_divide(dead, (dead + loaded))
    from (select count(*) as dead from `gigamart-dev.giga_raw.raw_pos_transactions_dead_letter` where timestamp >= timestamp_sub(current_timestamp(), interval 24 hour)),
      (select count(*) as loaded from `gigamart-dev.giga_raw.raw_pos_transactions`
       where ingestion_ts >= timestamp_sub(current_timestamp(), interval 24 hour)
         and (event_date is null or event_date >= date_sub(date(current_timestamp(), 'Asia/Kolkata'), interval 31 day)))
  ) as float64) as dead_letter_share
  union all
  select 'ecom' as source, 'raw_ecom_orders' as table_name, cast((select timestamp_diff(current_timestamp(), max(ingestion_ts), minute) from `gigamart-dev.giga_raw.raw_ecom_orders`) as float64) as freshness_minutes, cast((
    select safe_divide(max(if(day = latest, n, null)), avg(if(day < latest, n, null)))
    from (
      select day, n, max(day) over () as latest
      from (
        select order_date as day, count(*) as n from `gigamart-dev.giga_raw.raw_ecom_orders`
        where order_date >= date_sub(current_date('Asia/Kolkata'), interval 8 day)
        group by order_date
      )
    )
    where day >= date_sub(latest, interval 7 day)
    having count(*) >= 2
  ) as float64) as volume_ratio_to_7d_mean, cast((
    select safe_divide(
      (select countif(dq_status = 'INVALID') from `gigamart-dev.giga_raw.raw_ecom_orders` where ingestion_ts = m.latest),
      (select sum(bronze_rows) from `gigamart-dev.giga_raw.ingest_manifest` where source = 'ecom' and ingestion_ts = m.latest))
    from (select max(ingestion_ts) as latest from `gigamart-dev.giga_raw.ingest_manifest` where source = 'ecom' and status = 'LOADED') as m
  ) as float64) as invalid_share, cast(null as float64) as dead_letter_share
  union all
  select 'crm' as source, 'raw_crm_customers' as table_name, cast((select timestamp_diff(current_timestamp(), max(ingestion_ts), minute) from `gigamart-dev.giga_raw.raw_crm_customers`) as float64) as freshness_minutes, cast(null as float64) as volume_ratio_to_7d_mean, cast((
    select safe_divide(
      (select countif(dq_status = 'INVALID') from `gigamart-dev.giga_raw.raw_crm_customers` where ingestion_ts = m.latest),
      (select sum(bronze_rows) from `gigamart-dev.giga_raw.ingest_manifest` where source = 'crm' and ingestion_ts = m.latest))
    from (select max(ingestion_ts) as latest from `gigamart-dev.giga_raw.ingest_manifest` where source = 'crm' and status = 'LOADED') as m
  ) as float64) as invalid_share, cast(null as float64) as dead_letter_share
  union all
  select 'inventory' as source, 'raw_inventory_snapshots' as table_name, cast((select timestamp_diff(current_timestamp(), max(ingestion_ts), minute) from `gigamart-dev.giga_raw.raw_inventory_snapshots`) as float64) as freshness_minutes, cast((
    select safe_divide(max(if(day = latest, n, null)), avg(if(day < latest, n, null)))
    from (
      select day, n, max(day) over () as latest
      from (
        select snapshot_date as day, count(*) as n from `gigamart-dev.giga_raw.raw_inventory_snapshots`
        where snapshot_date >= date_sub(current_date('Asia/Kolkata'), interval 8 day)
        group by snapshot_date
      )
    )
    where day >= date_sub(latest, interval 7 day)
    having count(*) >= 2
  ) as float64) as volume_ratio_to_7d_mean, cast((
    select safe_divide(
      (select countif(dq_status = 'INVALID') from `gigamart-dev.giga_raw.raw_inventory_snapshots` where ingestion_ts = m.latest),
      (select sum(bronze_rows) from `gigamart-dev.giga_raw.ingest_manifest` where source = 'inventory' and ingestion_ts = m.latest))
    from (select max(ingestion_ts) as latest from `gigamart-dev.giga_raw.ingest_manifest` where source = 'inventory' and status = 'LOADED') as m
  ) as float64) as invalid_share, cast(null as float64) as dead_letter_share
),
measured as (
  select
    r.check_name, o.table_name, r.severity, r.comparison, r.threshold,
    case r.check_name
      when 'freshness_minutes' then o.freshness_minutes
      when 'volume_ratio_to_7d_mean' then o.volume_ratio_to_7d_mean
      when 'dead_letter_share' then o.dead_letter_share
      else o.invalid_share
    end as observed_value
  from unnest([
    struct('pos' as source, 'freshness_minutes' as check_name, 'WARN' as severity, '>' as comparison, cast(30 as float64) as threshold),
    struct('pos' as source, 'freshness_minutes' as check_name, 'ERROR' as severity, '>' as comparison, cast(120 as float64) as threshold),
    struct('pos' as source, 'volume_ratio_to_7d_mean' as check_name, 'WARN' as severity, '<' as comparison, cast(0.5 as float64) as threshold),
    struct('pos' as source, 'volume_ratio_to_7d_mean' as check_name, 'WARN' as severity, '>' as comparison, cast(3 as float64) as threshold),
    struct('pos' as source, 'volume_ratio_to_7d_mean' as check_name, 'ERROR' as severity, '<' as comparison, cast(0.2 as float64) as threshold),
    struct('pos' as source, 'invalid_share' as check_name, 'WARN' as severity, '>' as comparison, cast(0.02 as float64) as threshold),
    struct('pos' as source, 'invalid_share' as check_name, 'ERROR' as severity, '>' as comparison, cast(0.1 as float64) as threshold),
    struct('pos' as source, 'dead_letter_share' as check_name, 'WARN' as severity, '>' as comparison, cast(0.01 as float64) as threshold),
    struct('pos' as source, 'dead_letter_share' as check_name, 'ERROR' as severity, '>' as comparison, cast(0.05 as float64) as threshold),
    struct('ecom' as source, 'freshness_minutes' as check_name, 'WARN' as severity, '>' as comparison, cast(90 as float64) as threshold),
    struct('ecom' as source, 'freshness_minutes' as check_name, 'ERROR' as severity, '>' as comparison, cast(240 as float64) as threshold),
    struct('ecom' as source, 'volume_ratio_to_7d_mean' as check_name, 'WARN' as severity, '<' as comparison, cast(0.5 as float64) as threshold),
    struct('ecom' as source, 'volume_ratio_to_7d_mean' as check_name, 'WARN' as severity, '>' as comparison, cast(3 as float64) as threshold),
    struct('ecom' as source, 'volume_ratio_to_7d_mean' as check_name, 'ERROR' as severity, '<' as comparison, cast(0.2 as float64) as threshold),
    struct('ecom' as source, 'invalid_share' as check_name, 'WARN' as severity, '>' as comparison, cast(0.02 as float64) as threshold),
    struct('ecom' as source, 'invalid_share' as check_name, 'ERROR' as severity, '>' as comparison, cast(0.1 as float64) as threshold),
    struct('crm' as source, 'freshness_minutes' as check_name, 'WARN' as severity, '>' as comparison, cast(1800 as float64) as threshold),
    struct('crm' as source, 'freshness_minutes' as check_name, 'ERROR' as severity, '>' as comparison, cast(2880 as float64) as threshold),
    struct('crm' as source, 'invalid_share' as check_name, 'WARN' as severity, '>' as comparison, cast(0.02 as float64) as threshold),
    struct('crm' as source, 'invalid_share' as check_name, 'ERROR' as severity, '>' as comparison, cast(0.1 as float64) as threshold),
    struct('inventory' as source, 'freshness_minutes' as check_name, 'WARN' as severity, '>' as comparison, cast(1800 as float64) as threshold),
    struct('inventory' as source, 'freshness_minutes' as check_name, 'ERROR' as severity, '>' as comparison, cast(2880 as float64) as threshold),
    struct('inventory' as source, 'volume_ratio_to_7d_mean' as check_name, 'WARN' as severity, '<' as comparison, cast(0.5 as float64) as threshold),
    struct('inventory' as source, 'volume_ratio_to_7d_mean' as check_name, 'WARN' as severity, '>' as comparison, cast(3 as float64) as threshold),
    struct('inventory' as source, 'volume_ratio_to_7d_mean' as check_name, 'ERROR' as severity, '<' as comparison, cast(0.2 as float64) as threshold),
    struct('inventory' as source, 'invalid_share' as check_name, 'WARN' as severity, '>' as comparison, cast(0.02 as float64) as threshold),
    struct('inventory' as source, 'invalid_share' as check_name, 'ERROR' as severity, '>' as comparison, cast(0.1 as float64) as threshold)
  ]) as r
  join observed as o on o.source = r.source
)
select
  check_name, table_name, severity,
  case
    when observed_value is null then 'NO_DATA'
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



with observed as (
  select 'pos' as source, 'raw_pos_transactions' as table_name, cast((select timestamp_diff(current_timestamp(), max(ingestion_ts), minute) from `gigamart-dev.giga_raw.raw_pos_transactions`) as float64) as freshness_minutes, cast((
    select safe_divide(max(if(day = latest, n, null)), avg(if(day < latest, n, null)))
    from (
      select day, n, max(day) over () as latest
      from (
        select event_date as day, count(*) as n from `gigamart-dev.giga_raw.raw_pos_transactions`
        where event_date >= date_sub(current_date('Asia/Kolkata'), interval 8 day)
        group by event_date
      )
    )
    where day >= date_sub(latest, interval 7 day)
    having count(*) >= 2
  ) as float64) as volume_ratio_to_7d_mean, cast((
    select safe_divide(
      (select countif(dq_status = 'INVALID') from `gigamart-dev.giga_raw.raw_pos_transactions` where ingestion_ts = m.latest),
      (select sum(bronze_rows) from `gigamart-dev.giga_raw.ingest_manifest` where source = 'pos' and ingestion_ts = m.latest))
    from (select max(ingestion_ts) as latest from `gigamart-dev.giga_raw.ingest_manifest` where source = 'pos' and status = 'LOADED') as m
  ) as float64) as invalid_share, cast((
    select safe_divide(dead, (dead + loaded))
    from (select count(*) as dead from `gigamart-dev.giga_raw.raw_pos_transactions_dead_letter` where timestamp >= timestamp_sub(current_timestamp(), interval 24 hour)),
      (select count(*) as loaded from `gigamart-dev.giga_raw.raw_pos_transactions`
       where ingestion_ts >= timestamp_sub(current_timestamp(), interval 24 hour)
         and (event_date is null or event_date >= date_sub(date(current_timestamp(), 'Asia/Kolkata'), interval 31 day)))
  ) as float64) as dead_letter_share
  union all
  select 'ecom' as source, 'raw_ecom_orders' as table_name, cast((select timestamp_diff(current_timestamp(), max(ingestion_ts), minute) from `gigamart-dev.giga_raw.raw_ecom_orders`) as float64) as freshness_minutes, cast((
    select safe_divide(max(if(day = latest, n, null)), avg(if(day < latest, n, null)))
    from (
      select day, n, max(day) over () as latest
      from (
        select order_date as day, count(*) as n from `gigamart-dev.giga_raw.raw_ecom_orders`
        where order_date >= date_sub(current_date('Asia/Kolkata'), interval 8 day)
        group by order_date
      )
    )
    where day >= date_sub(latest, interval 7 day)
    having count(*) >= 2
  ) as float64) as volume_ratio_to_7d_mean, cast((
    select safe_divide(
      (select countif(dq_status = 'INVALID') from `gigamart-dev.giga_raw.raw_ecom_orders` where ingestion_ts = m.latest),
      (select sum(bronze_rows) from `gigamart-dev.giga_raw.ingest_manifest` where source = 'ecom' and ingestion_ts = m.latest))
    from (select max(ingestion_ts) as latest from `gigamart-dev.giga_raw.ingest_manifest` where source = 'ecom' and status = 'LOADED') as m
  ) as float64) as invalid_share, cast(null as float64) as dead_letter_share
  union all
  select 'crm' as source, 'raw_crm_customers' as table_name, cast((select timestamp_diff(current_timestamp(), max(ingestion_ts), minute) from `gigamart-dev.giga_raw.raw_crm_customers`) as float64) as freshness_minutes, cast(null as float64) as volume_ratio_to_7d_mean, cast((
    select safe_divide(
      (select countif(dq_status = 'INVALID') from `gigamart-dev.giga_raw.raw_crm_customers` where ingestion_ts = m.latest),
      (select sum(bronze_rows) from `gigamart-dev.giga_raw.ingest_manifest` where source = 'crm' and ingestion_ts = m.latest))
    from (select max(ingestion_ts) as latest from `gigamart-dev.giga_raw.ingest_manifest` where source = 'crm' and status = 'LOADED') as m
  ) as float64) as invalid_share, cast(null as float64) as dead_letter_share
  union all
  select 'inventory' as source, 'raw_inventory_snapshots' as table_name, cast((select timestamp_diff(current_timestamp(), max(ingestion_ts), minute) from `gigamart-dev.giga_raw.raw_inventory_snapshots`) as float64) as freshness_minutes, cast((
    select safe_divide(max(if(day = latest, n, null)), avg(if(day < latest, n, null)))
    from (
      select day, n, max(day) over () as latest
      from (
        select snapshot_date as day, count(*) as n from `gigamart-dev.giga_raw.raw_inventory_snapshots`
        where snapshot_date >= date_sub(current_date('Asia/Kolkata'), interval 8 day)
        group by snapshot_date
      )
    )
    where day >= date_sub(latest, interval 7 day)
    having count(*) >= 2
  ) as float64) as volume_ratio_to_7d_mean, cast((
    select safe_divide(
      (select countif(dq_status = 'INVALID') from `gigamart-dev.giga_raw.raw_inventory_snapshots` where ingestion_ts = m.latest),
      (select sum(bronze_rows) from `gigamart-dev.giga_raw.ingest_manifest` where source = 'inventory' and ingestion_ts = m.latest))
    from (select max(ingestion_ts) as latest from `gigamart-dev.giga_raw.ingest_manifest` where source = 'inventory' and status = 'LOADED') as m
  ) as float64) as invalid_share, cast(null as float64) as dead_letter_share
),
measured as (
  select
    r.check_name, o.table_name, r.severity, r.comparison, r.threshold,
    case r.check_name
      when 'freshness_minutes' then o.freshness_minutes
      when 'volume_ratio_to_7d_mean' then o.volume_ratio_to_7d_mean
      when 'dead_letter_share' then o.dead_letter_share
      else o.invalid_share
    end as observed_value
  from unnest([
    struct('pos' as source, 'freshness_minutes' as check_name, 'WARN' as severity, '>' as comparison, cast(30 as float64) as threshold),
    struct('pos' as source, 'freshness_minutes' as check_name, 'ERROR' as severity, '>' as comparison, cast(120 as float64) as threshold),
    struct('pos' as source, 'volume_ratio_to_7d_mean' as check_name, 'WARN' as severity, '<' as comparison, cast(0.5 as float64) as threshold),
    struct('pos' as source, 'volume_ratio_to_7d_mean' as check_name, 'WARN' as severity, '>' as comparison, cast(3 as float64) as threshold),
    struct('pos' as source, 'volume_ratio_to_7d_mean' as check_name, 'ERROR' as severity, '<' as comparison, cast(0.2 as float64) as threshold),
    struct('pos' as source, 'invalid_share' as check_name, 'WARN' as severity, '>' as comparison, cast(0.02 as float64) as threshold),
    struct('pos' as source, 'invalid_share' as check_name, 'ERROR' as severity, '>' as comparison, cast(0.1 as float64) as threshold),
    struct('pos' as source, 'dead_letter_share' as check_name, 'WARN' as severity, '>' as comparison, cast(0.01 as float64) as threshold),
    struct('pos' as source, 'dead_letter_share' as check_name, 'ERROR' as severity, '>' as comparison, cast(0.05 as float64) as threshold),
    struct('ecom' as source, 'freshness_minutes' as check_name, 'WARN' as severity, '>' as comparison, cast(90 as float64) as threshold),
    struct('ecom' as source, 'freshness_minutes' as check_name, 'ERROR' as severity, '>' as comparison, cast(240 as float64) as threshold),
    struct('ecom' as source, 'volume_ratio_to_7d_mean' as check_name, 'WARN' as severity, '<' as comparison, cast(0.5 as float64) as threshold),
    struct('ecom' as source, 'volume_ratio_to_7d_mean' as check_name, 'WARN' as severity, '>' as comparison, cast(3 as float64) as threshold),
    struct('ecom' as source, 'volume_ratio_to_7d_mean' as check_name, 'ERROR' as severity, '<' as comparison, cast(0.2 as float64) as threshold),
    struct('ecom' as source, 'invalid_share' as check_name, 'WARN' as severity, '>' as comparison, cast(0.02 as float64) as threshold),
    struct('ecom' as source, 'invalid_share' as check_name, 'ERROR' as severity, '>' as comparison, cast(0.1 as float64) as threshold),
    struct('crm' as source, 'freshness_minutes' as check_name, 'WARN' as severity, '>' as comparison, cast(1800 as float64) as threshold),
    struct('crm' as source, 'freshness_minutes' as check_name, 'ERROR' as severity, '>' as comparison, cast(2880 as float64) as threshold),
    struct('crm' as source, 'invalid_share' as check_name, 'WARN' as severity, '>' as comparison, cast(0.02 as float64) as threshold),
    struct('crm' as source, 'invalid_share' as check_name, 'ERROR' as severity, '>' as comparison, cast(0.1 as float64) as threshold),
    struct('inventory' as source, 'freshness_minutes' as check_name, 'WARN' as severity, '>' as comparison, cast(1800 as float64) as threshold),
    struct('inventory' as source, 'freshness_minutes' as check_name, 'ERROR' as severity, '>' as comparison, cast(2880 as float64) as threshold),
    struct('inventory' as source, 'volume_ratio_to_7d_mean' as check_name, 'WARN' as severity, '<' as comparison, cast(0.5 as float64) as threshold),
    struct('inventory' as source, 'volume_ratio_to_7d_mean' as check_name, 'WARN' as severity, '>' as comparison, cast(3 as float64) as threshold),
    struct('inventory' as source, 'volume_ratio_to_7d_mean' as check_name, 'ERROR' as severity, '<' as comparison, cast(0.2 as float64) as threshold),
    struct('inventory' as source, 'invalid_share' as check_name, 'WARN' as severity, '>' as comparison, cast(0.02 as float64) as threshold),
    struct('inventory' as source, 'invalid_share' as check_name, 'ERROR' as severity, '>' as comparison, cast(0.1 as float64) as threshold)
  ]) as r
  join observed as o on o.source = r.source
)
select
  check_name, table_name, severity,
  case
    when observed_value is null then 'NO_DATA'
    when (comparison = '>' and observed_value > threshold) or (comparison = '<' and observed_value < threshold) then 'FAIL'
    else 'PASS'
  end as status,
  observed_value, comparison, threshold,
  current_timestamp() as checked_at
from measured
) as insertions
