-- gigamart-dev.giga_curated.stg_inventory_snapshots (incremental), definitions/staging/stg_inventory_snapshots.sqlx
-- BigQuery jobs Dataform sends; written by `npm run golden:update`

-- ## first run (the table does not exist, or --full-refresh)
-- job 1 of 1
declare inventory_watermark timestamp default timestamp '1970-01-01 00:00:00+00';
insert into `gigamart-dev.giga_monitoring.late_arriving_data` (source_table, business_key, record_hash, event_date, event_ts, ingestion_ts, days_late, line_count, handled_as, logged_at)
  select 'raw_inventory_snapshots', concat(cast(b.snapshot_date as string), '|', b.store_id, '|', b.product_id), b.record_hash, b.snapshot_date, cast(null as timestamp), b.ingestion_ts,
    greatest(date_diff(date(b.ingestion_ts, 'Asia/Kolkata'), b.snapshot_date, day) - 1, 0), 1, 'QUARANTINED_TOO_LATE', current_timestamp()
  from `gigamart-dev.giga_raw.raw_inventory_snapshots` as b
  where b.dq_status != 'INVALID' and b.ingestion_ts > inventory_watermark and greatest(date_diff(date(b.ingestion_ts, 'Asia/Kolkata'), b.snapshot_date, day) - 1, 0) > 30
    and not exists (
      select 1 from `gigamart-dev.giga_monitoring.late_arriving_data` as l
      where l.source_table = 'raw_inventory_snapshots' and l.event_date = b.snapshot_date and l.business_key = concat(cast(b.snapshot_date as string), '|', b.store_id, '|', b.product_id)
        and l.record_hash = b.record_hash and l.ingestion_ts = b.ingestion_ts and l.handled_as = 'QUARANTINED_TOO_LATE'
    );
insert into `gigamart-dev.giga_monitoring.dedup_log` (source_table, business_key, record_hash, reason, partition_date, line_count, source_file, ingestion_ts, logged_at)
  select 'raw_inventory_snapshots', concat(cast(b.snapshot_date as string), '|', b.store_id, '|', b.product_id), b.record_hash, if(b.kept_hash = b.record_hash, 'DUPLICATE', 'SUPERSEDED'), b.snapshot_date, 1, b.source_file, b.ingestion_ts, current_timestamp()
  from (
    select *, row_number() over (partition by snapshot_date, store_id, product_id order by ingestion_ts, source_file, record_hash) as copy_no, first_value(record_hash) over (partition by snapshot_date, store_id, product_id order by ingestion_ts, source_file, record_hash) as kept_hash
    from `gigamart-dev.giga_raw.raw_inventory_snapshots` as b
    where dq_status != 'INVALID' and ingestion_ts > inventory_watermark and snapshot_date >= date_sub(date(inventory_watermark, 'Asia/Kolkata'), interval 31 day) and not (greatest(date_diff(date(b.ingestion_ts, 'Asia/Kolkata'), b.snapshot_date, day) - 1, 0) > 30)
  ) as b
  where (b.copy_no > 1 or (false))
    and not exists (
      select 1 from `gigamart-dev.giga_monitoring.dedup_log` as l
      where l.source_table = 'raw_inventory_snapshots' and l.partition_date = b.snapshot_date and l.business_key = concat(cast(b.snapshot_date as string), '|', b.store_id, '|', b.product_id)
        and l.record_hash = b.record_hash and l.source_file = b.source_file and l.ingestion_ts = b.ingestion_ts
    );
create or replace table `gigamart-dev.giga_curated.stg_inventory_snapshots` partition by snapshot_date cluster by store_id, product_id as 





select
  b.snapshot_date, b.store_id, b.product_id, b.quantity_on_hand, b.reorder_point, b.unit_cost,
  b.absent_fields, b.dq_status, b.record_hash, b.source_file, b.ingestion_ts
from (select b.* from (
    select *, row_number() over (partition by snapshot_date, store_id, product_id order by ingestion_ts, source_file, record_hash) as copy_no, first_value(record_hash) over (partition by snapshot_date, store_id, product_id order by ingestion_ts, source_file, record_hash) as kept_hash
    from `gigamart-dev.giga_raw.raw_inventory_snapshots` as b
    where dq_status != 'INVALID' and ingestion_ts > inventory_watermark and snapshot_date >= date_sub(date(inventory_watermark, 'Asia/Kolkata'), interval 31 day) and not (greatest(date_diff(date(b.ingestion_ts, 'Asia/Kolkata'), b.snapshot_date, day) - 1, 0) > 30)
  ) as b where b.copy_no = 1 and not (false)) as b

-- ## incremental run (into the table its first run created)
-- job 1 of 1
declare inventory_watermark timestamp;
declare inventory_batch_from date;
declare inventory_late_from date;
create table if not exists `gigamart-dev.giga_curated.stg_inventory_snapshots_run_lock` as select current_timestamp() as claimed_at;
update `gigamart-dev.giga_curated.stg_inventory_snapshots_run_lock` set claimed_at = current_timestamp() where true;
begin transaction;
update `gigamart-dev.giga_curated.stg_inventory_snapshots_run_lock` set claimed_at = current_timestamp() where true;
set inventory_watermark = (select coalesce(max(ingestion_ts), timestamp '1970-01-01 00:00:00+00') from `gigamart-dev.giga_curated.stg_inventory_snapshots`);
set inventory_batch_from = (select min(b.snapshot_date) from `gigamart-dev.giga_raw.raw_inventory_snapshots` as b where b.dq_status != 'INVALID' and b.ingestion_ts > inventory_watermark and b.snapshot_date >= date_sub(date(inventory_watermark, 'Asia/Kolkata'), interval 31 day) and not (greatest(date_diff(date(b.ingestion_ts, 'Asia/Kolkata'), b.snapshot_date, day) - 1, 0) > 30));
set inventory_late_from = (select min(b.snapshot_date) from `gigamart-dev.giga_raw.raw_inventory_snapshots` as b where b.dq_status != 'INVALID' and b.ingestion_ts > inventory_watermark and greatest(date_diff(date(b.ingestion_ts, 'Asia/Kolkata'), b.snapshot_date, day) - 1, 0) > 30);
insert into `gigamart-dev.giga_monitoring.late_arriving_data` (source_table, business_key, record_hash, event_date, event_ts, ingestion_ts, days_late, line_count, handled_as, logged_at)
  select 'raw_inventory_snapshots', concat(cast(b.snapshot_date as string), '|', b.store_id, '|', b.product_id), b.record_hash, b.snapshot_date, cast(null as timestamp), b.ingestion_ts,
    greatest(date_diff(date(b.ingestion_ts, 'Asia/Kolkata'), b.snapshot_date, day) - 1, 0), 1, 'QUARANTINED_TOO_LATE', current_timestamp()
  from `gigamart-dev.giga_raw.raw_inventory_snapshots` as b
  where b.dq_status != 'INVALID' and b.ingestion_ts > inventory_watermark and greatest(date_diff(date(b.ingestion_ts, 'Asia/Kolkata'), b.snapshot_date, day) - 1, 0) > 30 and b.snapshot_date >= inventory_late_from
    and not exists (
      select 1 from `gigamart-dev.giga_monitoring.late_arriving_data` as l
      where l.source_table = 'raw_inventory_snapshots' and l.event_date = b.snapshot_date and l.business_key = concat(cast(b.snapshot_date as string), '|', b.store_id, '|', b.product_id)
        and l.record_hash = b.record_hash and l.ingestion_ts = b.ingestion_ts and l.handled_as = 'QUARANTINED_TOO_LATE'
    );
insert into `gigamart-dev.giga_monitoring.dedup_log` (source_table, business_key, record_hash, reason, partition_date, line_count, source_file, ingestion_ts, logged_at)
  select 'raw_inventory_snapshots', concat(cast(b.snapshot_date as string), '|', b.store_id, '|', b.product_id), b.record_hash, if(if(s.snapshot_date is not null, s.record_hash, b.kept_hash) = b.record_hash, 'DUPLICATE', 'SUPERSEDED'), b.snapshot_date, 1, b.source_file, b.ingestion_ts, current_timestamp()
  from (
    select *, row_number() over (partition by snapshot_date, store_id, product_id order by ingestion_ts, source_file, record_hash) as copy_no, first_value(record_hash) over (partition by snapshot_date, store_id, product_id order by ingestion_ts, source_file, record_hash) as kept_hash
    from `gigamart-dev.giga_raw.raw_inventory_snapshots` as b
    where dq_status != 'INVALID' and ingestion_ts > inventory_watermark and snapshot_date >= date_sub(date(inventory_watermark, 'Asia/Kolkata'), interval 31 day) and not (greatest(date_diff(date(b.ingestion_ts, 'Asia/Kolkata'), b.snapshot_date, day) - 1, 0) > 30) and snapshot_date >= inventory_batch_from
  ) as b left join (select snapshot_date, store_id, product_id, record_hash from `gigamart-dev.giga_curated.stg_inventory_snapshots` where snapshot_date >= date_sub(date(inventory_watermark, 'Asia/Kolkata'), interval 31 day) and snapshot_date >= inventory_batch_from) as s on s.snapshot_date = b.snapshot_date and s.store_id = b.store_id and s.product_id = b.product_id
  where (b.copy_no > 1 or (s.snapshot_date is not null))
    and not exists (
      select 1 from `gigamart-dev.giga_monitoring.dedup_log` as l
      where l.source_table = 'raw_inventory_snapshots' and l.partition_date = b.snapshot_date and l.business_key = concat(cast(b.snapshot_date as string), '|', b.store_id, '|', b.product_id)
        and l.record_hash = b.record_hash and l.source_file = b.source_file and l.ingestion_ts = b.ingestion_ts and l.partition_date >= inventory_batch_from
    );
insert into `gigamart-dev.giga_curated.stg_inventory_snapshots`	
(`snapshot_date`,`store_id`,`product_id`,`quantity_on_hand`,`reorder_point`,`unit_cost`,`absent_fields`,`dq_status`,`record_hash`,`source_file`,`ingestion_ts`)	
select `snapshot_date`,`store_id`,`product_id`,`quantity_on_hand`,`reorder_point`,`unit_cost`,`absent_fields`,`dq_status`,`record_hash`,`source_file`,`ingestion_ts`	
from (





select
  b.snapshot_date, b.store_id, b.product_id, b.quantity_on_hand, b.reorder_point, b.unit_cost,
  b.absent_fields, b.dq_status, b.record_hash, b.source_file, b.ingestion_ts
from (select b.* from (
    select *, row_number() over (partition by snapshot_date, store_id, product_id order by ingestion_ts, source_file, record_hash) as copy_no, first_value(record_hash) over (partition by snapshot_date, store_id, product_id order by ingestion_ts, source_file, record_hash) as kept_hash
    from `gigamart-dev.giga_raw.raw_inventory_snapshots` as b
    where dq_status != 'INVALID' and ingestion_ts > inventory_watermark and snapshot_date >= date_sub(date(inventory_watermark, 'Asia/Kolkata'), interval 31 day) and not (greatest(date_diff(date(b.ingestion_ts, 'Asia/Kolkata'), b.snapshot_date, day) - 1, 0) > 30) and snapshot_date >= inventory_batch_from
  ) as b left join (select snapshot_date, store_id, product_id, record_hash from `gigamart-dev.giga_curated.stg_inventory_snapshots` where snapshot_date >= date_sub(date(inventory_watermark, 'Asia/Kolkata'), interval 31 day) and snapshot_date >= inventory_batch_from) as s on s.snapshot_date = b.snapshot_date and s.store_id = b.store_id and s.product_id = b.product_id where b.copy_no = 1 and not (s.snapshot_date is not null)) as b


) as insertions;
commit transaction
