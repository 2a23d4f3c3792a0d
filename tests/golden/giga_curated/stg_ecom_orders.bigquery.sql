-- gigamart-dev.giga_curated.stg_ecom_orders (incremental), definitions/staging/stg_ecom_orders.sqlx
-- BigQuery jobs Dataform sends; written by `npm run golden:update`

-- ## first run (the table does not exist, or --full-refresh)
-- job 1 of 1
declare ecom_watermark timestamp default timestamp '1970-01-01 00:00:00+00';
insert into `gigamart-dev.giga_monitoring.late_arriving_data` (source_table, business_key, record_hash, event_date, event_ts, ingestion_ts, days_late, line_count, handled_as, logged_at)
  select 'raw_ecom_orders', b.order_id, b.record_hash, b.order_date, b.updated_at, b.ingestion_ts,
    greatest(date_diff(date(b.ingestion_ts, 'Asia/Kolkata'), b.order_date, day) - 1, 0), array_length(b.items), 'QUARANTINED_TOO_LATE', current_timestamp()
  from `gigamart-dev.giga_raw.raw_ecom_orders` as b
  where b.dq_status != 'INVALID' and b.ingestion_ts > ecom_watermark and greatest(date_diff(date(b.ingestion_ts, 'Asia/Kolkata'), b.order_date, day) - 1, 0) > 30
    and not exists (
      select 1 from `gigamart-dev.giga_monitoring.late_arriving_data` as l
      where l.source_table = 'raw_ecom_orders' and l.event_date = b.order_date and l.business_key = b.order_id
        and l.record_hash = b.record_hash and l.ingestion_ts = b.ingestion_ts and l.handled_as = 'QUARANTINED_TOO_LATE'
    );
insert into `gigamart-dev.giga_monitoring.dedup_log` (source_table, business_key, record_hash, reason, partition_date, line_count, source_file, ingestion_ts, logged_at)
  select 'raw_ecom_orders', b.order_id, b.record_hash, if(b.kept_hash = b.record_hash, 'DUPLICATE', 'SUPERSEDED'), b.order_date, array_length(b.items), b.source_file, b.ingestion_ts, current_timestamp()
  from (
    select *, row_number() over (partition by order_id order by updated_at desc, ingestion_ts, source_file, record_hash) as copy_no, first_value(record_hash) over (partition by order_id order by updated_at desc, ingestion_ts, source_file, record_hash) as kept_hash, first_value(updated_at) over (partition by order_id order by updated_at desc, ingestion_ts, source_file, record_hash) as kept_version
    from `gigamart-dev.giga_raw.raw_ecom_orders` as b
    where dq_status != 'INVALID' and ingestion_ts > ecom_watermark and order_date >= date_sub(date(ecom_watermark, 'Asia/Kolkata'), interval 31 day) and not (greatest(date_diff(date(b.ingestion_ts, 'Asia/Kolkata'), b.order_date, day) - 1, 0) > 30)
  ) as b
  where (b.copy_no > 1 or (false))
    and not exists (
      select 1 from `gigamart-dev.giga_monitoring.dedup_log` as l
      where l.source_table = 'raw_ecom_orders' and l.partition_date = b.order_date and l.business_key = b.order_id
        and l.record_hash = b.record_hash and l.source_file = b.source_file and l.ingestion_ts = b.ingestion_ts
    );
create or replace table `gigamart-dev.giga_curated.stg_ecom_orders` partition by order_date cluster by order_id as 





select
  b.order_id, b.customer_id, b.order_ts, b.order_date, b.updated_at, b.status, b.currency, b.channel,
  b.fulfillment_store_id, b.items, b.shipping, b.absent_fields, b.dq_status, b.dq_errors, b.record_hash, b.source_file, b.ingestion_ts
from (select b.* from (
    select *, row_number() over (partition by order_id order by updated_at desc, ingestion_ts, source_file, record_hash) as copy_no, first_value(record_hash) over (partition by order_id order by updated_at desc, ingestion_ts, source_file, record_hash) as kept_hash, first_value(updated_at) over (partition by order_id order by updated_at desc, ingestion_ts, source_file, record_hash) as kept_version
    from `gigamart-dev.giga_raw.raw_ecom_orders` as b
    where dq_status != 'INVALID' and ingestion_ts > ecom_watermark and order_date >= date_sub(date(ecom_watermark, 'Asia/Kolkata'), interval 31 day) and not (greatest(date_diff(date(b.ingestion_ts, 'Asia/Kolkata'), b.order_date, day) - 1, 0) > 30)
  ) as b where b.copy_no = 1 and not (false)) as b

-- ## incremental run (into the table its first run created)
-- job 1 of 1
declare ecom_watermark timestamp;
declare ecom_batch_from date;
declare ecom_late_from date;
declare ecom_stored_from date;
create table if not exists `gigamart-dev.giga_curated.stg_ecom_orders_run_lock` as select current_timestamp() as claimed_at;
update `gigamart-dev.giga_curated.stg_ecom_orders_run_lock` set claimed_at = current_timestamp() where true;
begin transaction;
update `gigamart-dev.giga_curated.stg_ecom_orders_run_lock` set claimed_at = current_timestamp() where true;
set ecom_watermark = (select coalesce(max(ingestion_ts), timestamp '1970-01-01 00:00:00+00') from `gigamart-dev.giga_curated.stg_ecom_orders`);
set ecom_batch_from = (select min(b.order_date) from `gigamart-dev.giga_raw.raw_ecom_orders` as b where b.dq_status != 'INVALID' and b.ingestion_ts > ecom_watermark and b.order_date >= date_sub(date(ecom_watermark, 'Asia/Kolkata'), interval 31 day) and not (greatest(date_diff(date(b.ingestion_ts, 'Asia/Kolkata'), b.order_date, day) - 1, 0) > 30));
set ecom_late_from = (select min(b.order_date) from `gigamart-dev.giga_raw.raw_ecom_orders` as b where b.dq_status != 'INVALID' and b.ingestion_ts > ecom_watermark and greatest(date_diff(date(b.ingestion_ts, 'Asia/Kolkata'), b.order_date, day) - 1, 0) > 30);
set ecom_stored_from = (select min(order_date) from `gigamart-dev.giga_curated.stg_ecom_orders` where order_date >= date_sub(date(ecom_watermark, 'Asia/Kolkata'), interval 31 day) and order_id in (select order_id from (
    select *, row_number() over (partition by order_id order by updated_at desc, ingestion_ts, source_file, record_hash) as copy_no, first_value(record_hash) over (partition by order_id order by updated_at desc, ingestion_ts, source_file, record_hash) as kept_hash, first_value(updated_at) over (partition by order_id order by updated_at desc, ingestion_ts, source_file, record_hash) as kept_version
    from `gigamart-dev.giga_raw.raw_ecom_orders` as b
    where dq_status != 'INVALID' and ingestion_ts > ecom_watermark and order_date >= date_sub(date(ecom_watermark, 'Asia/Kolkata'), interval 31 day) and not (greatest(date_diff(date(b.ingestion_ts, 'Asia/Kolkata'), b.order_date, day) - 1, 0) > 30) and order_date >= ecom_batch_from
  )));
insert into `gigamart-dev.giga_monitoring.late_arriving_data` (source_table, business_key, record_hash, event_date, event_ts, ingestion_ts, days_late, line_count, handled_as, logged_at)
  select 'raw_ecom_orders', b.order_id, b.record_hash, b.order_date, b.updated_at, b.ingestion_ts,
    greatest(date_diff(date(b.ingestion_ts, 'Asia/Kolkata'), b.order_date, day) - 1, 0), array_length(b.items), 'QUARANTINED_TOO_LATE', current_timestamp()
  from `gigamart-dev.giga_raw.raw_ecom_orders` as b
  where b.dq_status != 'INVALID' and b.ingestion_ts > ecom_watermark and greatest(date_diff(date(b.ingestion_ts, 'Asia/Kolkata'), b.order_date, day) - 1, 0) > 30 and b.order_date >= ecom_late_from
    and not exists (
      select 1 from `gigamart-dev.giga_monitoring.late_arriving_data` as l
      where l.source_table = 'raw_ecom_orders' and l.event_date = b.order_date and l.business_key = b.order_id
        and l.record_hash = b.record_hash and l.ingestion_ts = b.ingestion_ts and l.handled_as = 'QUARANTINED_TOO_LATE'
    );
insert into `gigamart-dev.giga_monitoring.dedup_log` (source_table, business_key, record_hash, reason, partition_date, line_count, source_file, ingestion_ts, logged_at)
  select 'raw_ecom_orders', b.order_id, b.record_hash, 'SUPERSEDED', b.order_date, array_length(b.items), b.source_file, b.ingestion_ts, current_timestamp()
  from `gigamart-dev.giga_curated.stg_ecom_orders` as b join (select b.* from (
    select *, row_number() over (partition by order_id order by updated_at desc, ingestion_ts, source_file, record_hash) as copy_no, first_value(record_hash) over (partition by order_id order by updated_at desc, ingestion_ts, source_file, record_hash) as kept_hash, first_value(updated_at) over (partition by order_id order by updated_at desc, ingestion_ts, source_file, record_hash) as kept_version
    from `gigamart-dev.giga_raw.raw_ecom_orders` as b
    where dq_status != 'INVALID' and ingestion_ts > ecom_watermark and order_date >= date_sub(date(ecom_watermark, 'Asia/Kolkata'), interval 31 day) and not (greatest(date_diff(date(b.ingestion_ts, 'Asia/Kolkata'), b.order_date, day) - 1, 0) > 30) and order_date >= ecom_batch_from
  ) as b left join (select order_id, record_hash, updated_at from `gigamart-dev.giga_curated.stg_ecom_orders` where order_date >= date_sub(date(ecom_watermark, 'Asia/Kolkata'), interval 31 day) and order_date >= ecom_stored_from) as s on s.order_id = b.order_id where b.copy_no = 1 and not (s.order_id is not null and s.updated_at >= b.kept_version)) as n on n.order_id = b.order_id
  where b.order_date >= date_sub(date(ecom_watermark, 'Asia/Kolkata'), interval 31 day) and b.order_date >= ecom_stored_from
    and not exists (
      select 1 from `gigamart-dev.giga_monitoring.dedup_log` as l
      where l.source_table = 'raw_ecom_orders' and l.partition_date = b.order_date and l.business_key = b.order_id
        and l.record_hash = b.record_hash and l.source_file = b.source_file and l.ingestion_ts = b.ingestion_ts and l.partition_date >= ecom_stored_from
    );
insert into `gigamart-dev.giga_monitoring.dedup_log` (source_table, business_key, record_hash, reason, partition_date, line_count, source_file, ingestion_ts, logged_at)
  select 'raw_ecom_orders', b.order_id, b.record_hash, if(if(s.order_id is not null and s.updated_at >= b.kept_version, s.record_hash, b.kept_hash) = b.record_hash, 'DUPLICATE', 'SUPERSEDED'), b.order_date, array_length(b.items), b.source_file, b.ingestion_ts, current_timestamp()
  from (
    select *, row_number() over (partition by order_id order by updated_at desc, ingestion_ts, source_file, record_hash) as copy_no, first_value(record_hash) over (partition by order_id order by updated_at desc, ingestion_ts, source_file, record_hash) as kept_hash, first_value(updated_at) over (partition by order_id order by updated_at desc, ingestion_ts, source_file, record_hash) as kept_version
    from `gigamart-dev.giga_raw.raw_ecom_orders` as b
    where dq_status != 'INVALID' and ingestion_ts > ecom_watermark and order_date >= date_sub(date(ecom_watermark, 'Asia/Kolkata'), interval 31 day) and not (greatest(date_diff(date(b.ingestion_ts, 'Asia/Kolkata'), b.order_date, day) - 1, 0) > 30) and order_date >= ecom_batch_from
  ) as b left join (select order_id, record_hash, updated_at from `gigamart-dev.giga_curated.stg_ecom_orders` where order_date >= date_sub(date(ecom_watermark, 'Asia/Kolkata'), interval 31 day) and order_date >= ecom_stored_from) as s on s.order_id = b.order_id
  where (b.copy_no > 1 or (s.order_id is not null and s.updated_at >= b.kept_version))
    and not exists (
      select 1 from `gigamart-dev.giga_monitoring.dedup_log` as l
      where l.source_table = 'raw_ecom_orders' and l.partition_date = b.order_date and l.business_key = b.order_id
        and l.record_hash = b.record_hash and l.source_file = b.source_file and l.ingestion_ts = b.ingestion_ts and l.partition_date >= ecom_batch_from
    );
merge `gigamart-dev.giga_curated.stg_ecom_orders` DATAFORM_DEST
using (





select
  b.order_id, b.customer_id, b.order_ts, b.order_date, b.updated_at, b.status, b.currency, b.channel,
  b.fulfillment_store_id, b.items, b.shipping, b.absent_fields, b.dq_status, b.dq_errors, b.record_hash, b.source_file, b.ingestion_ts
from (select b.* from (
    select *, row_number() over (partition by order_id order by updated_at desc, ingestion_ts, source_file, record_hash) as copy_no, first_value(record_hash) over (partition by order_id order by updated_at desc, ingestion_ts, source_file, record_hash) as kept_hash, first_value(updated_at) over (partition by order_id order by updated_at desc, ingestion_ts, source_file, record_hash) as kept_version
    from `gigamart-dev.giga_raw.raw_ecom_orders` as b
    where dq_status != 'INVALID' and ingestion_ts > ecom_watermark and order_date >= date_sub(date(ecom_watermark, 'Asia/Kolkata'), interval 31 day) and not (greatest(date_diff(date(b.ingestion_ts, 'Asia/Kolkata'), b.order_date, day) - 1, 0) > 30) and order_date >= ecom_batch_from
  ) as b left join (select order_id, record_hash, updated_at from `gigamart-dev.giga_curated.stg_ecom_orders` where order_date >= date_sub(date(ecom_watermark, 'Asia/Kolkata'), interval 31 day) and order_date >= ecom_stored_from) as s on s.order_id = b.order_id where b.copy_no = 1 and not (s.order_id is not null and s.updated_at >= b.kept_version)) as b



) DATAFORM_SOURCE
on DATAFORM_DEST.order_id = DATAFORM_SOURCE.order_id and DATAFORM_DEST.order_date >= greatest(date_sub(date(ecom_watermark, 'Asia/Kolkata'), interval 31 day), ecom_stored_from)

when matched then
  update set `order_id` = DATAFORM_SOURCE.order_id,`customer_id` = DATAFORM_SOURCE.customer_id,`order_ts` = DATAFORM_SOURCE.order_ts,`order_date` = DATAFORM_SOURCE.order_date,`updated_at` = DATAFORM_SOURCE.updated_at,`status` = DATAFORM_SOURCE.status,`currency` = DATAFORM_SOURCE.currency,`channel` = DATAFORM_SOURCE.channel,`fulfillment_store_id` = DATAFORM_SOURCE.fulfillment_store_id,`items` = DATAFORM_SOURCE.items,`shipping` = DATAFORM_SOURCE.shipping,`absent_fields` = DATAFORM_SOURCE.absent_fields,`dq_status` = DATAFORM_SOURCE.dq_status,`dq_errors` = DATAFORM_SOURCE.dq_errors,`record_hash` = DATAFORM_SOURCE.record_hash,`source_file` = DATAFORM_SOURCE.source_file,`ingestion_ts` = DATAFORM_SOURCE.ingestion_ts
when not matched then
  insert (`order_id`,`customer_id`,`order_ts`,`order_date`,`updated_at`,`status`,`currency`,`channel`,`fulfillment_store_id`,`items`,`shipping`,`absent_fields`,`dq_status`,`dq_errors`,`record_hash`,`source_file`,`ingestion_ts`) values (`order_id`,`customer_id`,`order_ts`,`order_date`,`updated_at`,`status`,`currency`,`channel`,`fulfillment_store_id`,`items`,`shipping`,`absent_fields`,`dq_status`,`dq_errors`,`record_hash`,`source_file`,`ingestion_ts`);
commit transaction
