-- gigamart-dev.giga_curated.stg_pos_transactions (incremental), definitions/staging/stg_pos_transactions.sqlx
-- BigQuery jobs Dataform sends; written by `npm run golden:update`

-- ## first run (the table does not exist, or --full-refresh)
-- job 1 of 1
declare pos_watermark timestamp default timestamp '1970-01-01 00:00:00+00';
insert into `gigamart-dev.giga_monitoring.late_arriving_data` (source_table, business_key, record_hash, event_date, event_ts, ingestion_ts, days_late, line_count, handled_as, logged_at)
  select 'raw_pos_transactions', b.transaction_id, b.record_hash, b.event_date, b.event_ts, b.ingestion_ts,
    greatest(date_diff(date(b.ingestion_ts, 'Asia/Kolkata'), b.event_date, day) - 1, 0), array_length(b.lines), 'QUARANTINED_TOO_LATE', current_timestamp()
  from `gigamart-dev.giga_raw.raw_pos_transactions` as b
  where b.dq_status != 'INVALID' and b.ingestion_ts > pos_watermark and greatest(date_diff(date(b.ingestion_ts, 'Asia/Kolkata'), b.event_date, day) - 1, 0) > 30
    and not exists (
      select 1 from `gigamart-dev.giga_monitoring.late_arriving_data` as l
      where l.source_table = 'raw_pos_transactions' and l.event_date = b.event_date and l.business_key = b.transaction_id
        and l.record_hash = b.record_hash and l.ingestion_ts = b.ingestion_ts and l.handled_as = 'QUARANTINED_TOO_LATE'
    );
insert into `gigamart-dev.giga_monitoring.dedup_log` (source_table, business_key, record_hash, reason, partition_date, line_count, source_file, ingestion_ts, logged_at)
  select 'raw_pos_transactions', b.transaction_id, b.record_hash, if(b.kept_hash = b.record_hash, 'DUPLICATE', 'SUPERSEDED'), b.event_date, array_length(b.lines), b.source_file, b.ingestion_ts, current_timestamp()
  from (
    select *, row_number() over (partition by transaction_id order by ingestion_ts, source_file, record_hash) as copy_no, first_value(record_hash) over (partition by transaction_id order by ingestion_ts, source_file, record_hash) as kept_hash
    from `gigamart-dev.giga_raw.raw_pos_transactions` as b
    where dq_status != 'INVALID' and ingestion_ts > pos_watermark and event_date >= date_sub(date(pos_watermark, 'Asia/Kolkata'), interval 31 day) and not (greatest(date_diff(date(b.ingestion_ts, 'Asia/Kolkata'), b.event_date, day) - 1, 0) > 30)
  ) as b
  where (b.copy_no > 1 or (false))
    and not exists (
      select 1 from `gigamart-dev.giga_monitoring.dedup_log` as l
      where l.source_table = 'raw_pos_transactions' and l.partition_date = b.event_date and l.business_key = b.transaction_id
        and l.record_hash = b.record_hash and l.source_file = b.source_file and l.ingestion_ts = b.ingestion_ts
    );
create or replace table `gigamart-dev.giga_curated.stg_pos_transactions` partition by event_date cluster by store_id, transaction_id as 





select
  b.transaction_id, b.store_id, b.register_id, b.event_ts, b.event_date, b.customer_id, b.payment_type, b.currency, b.lines,
  b.total_amount, b.absent_fields, b.dq_status, b.dq_errors, b.record_hash, b.source_file, b.ingestion_ts
from (select b.* from (
    select *, row_number() over (partition by transaction_id order by ingestion_ts, source_file, record_hash) as copy_no, first_value(record_hash) over (partition by transaction_id order by ingestion_ts, source_file, record_hash) as kept_hash
    from `gigamart-dev.giga_raw.raw_pos_transactions` as b
    where dq_status != 'INVALID' and ingestion_ts > pos_watermark and event_date >= date_sub(date(pos_watermark, 'Asia/Kolkata'), interval 31 day) and not (greatest(date_diff(date(b.ingestion_ts, 'Asia/Kolkata'), b.event_date, day) - 1, 0) > 30)
  ) as b where b.copy_no = 1 and not (false)) as b

-- ## incremental run (into the table its first run created)
-- job 1 of 1
declare pos_watermark timestamp;
declare pos_batch_from date;
declare pos_late_from date;
declare pos_stored_from date;
create table if not exists `gigamart-dev.giga_curated.stg_pos_transactions_run_lock` as select current_timestamp() as claimed_at;
update `gigamart-dev.giga_curated.stg_pos_transactions_run_lock` set claimed_at = current_timestamp() where true;
begin transaction;
update `gigamart-dev.giga_curated.stg_pos_transactions_run_lock` set claimed_at = current_timestamp() where true;
set pos_watermark = (select coalesce(max(ingestion_ts), timestamp '1970-01-01 00:00:00+00') from `gigamart-dev.giga_curated.stg_pos_transactions`);
set pos_batch_from = (select min(b.event_date) from `gigamart-dev.giga_raw.raw_pos_transactions` as b where b.dq_status != 'INVALID' and b.ingestion_ts > pos_watermark and b.event_date >= date_sub(date(pos_watermark, 'Asia/Kolkata'), interval 31 day) and not (greatest(date_diff(date(b.ingestion_ts, 'Asia/Kolkata'), b.event_date, day) - 1, 0) > 30));
set pos_late_from = (select min(b.event_date) from `gigamart-dev.giga_raw.raw_pos_transactions` as b where b.dq_status != 'INVALID' and b.ingestion_ts > pos_watermark and greatest(date_diff(date(b.ingestion_ts, 'Asia/Kolkata'), b.event_date, day) - 1, 0) > 30);
set pos_stored_from = (select min(event_date) from `gigamart-dev.giga_curated.stg_pos_transactions` where event_date >= date_sub(date(pos_watermark, 'Asia/Kolkata'), interval 31 day) and transaction_id in (select transaction_id from (
    select *, row_number() over (partition by transaction_id order by ingestion_ts, source_file, record_hash) as copy_no, first_value(record_hash) over (partition by transaction_id order by ingestion_ts, source_file, record_hash) as kept_hash
    from `gigamart-dev.giga_raw.raw_pos_transactions` as b
    where dq_status != 'INVALID' and ingestion_ts > pos_watermark and event_date >= date_sub(date(pos_watermark, 'Asia/Kolkata'), interval 31 day) and not (greatest(date_diff(date(b.ingestion_ts, 'Asia/Kolkata'), b.event_date, day) - 1, 0) > 30) and event_date >= pos_batch_from
  )));
insert into `gigamart-dev.giga_monitoring.late_arriving_data` (source_table, business_key, record_hash, event_date, event_ts, ingestion_ts, days_late, line_count, handled_as, logged_at)
  select 'raw_pos_transactions', b.transaction_id, b.record_hash, b.event_date, b.event_ts, b.ingestion_ts,
    greatest(date_diff(date(b.ingestion_ts, 'Asia/Kolkata'), b.event_date, day) - 1, 0), array_length(b.lines), 'QUARANTINED_TOO_LATE', current_timestamp()
  from `gigamart-dev.giga_raw.raw_pos_transactions` as b
  where b.dq_status != 'INVALID' and b.ingestion_ts > pos_watermark and greatest(date_diff(date(b.ingestion_ts, 'Asia/Kolkata'), b.event_date, day) - 1, 0) > 30 and b.event_date >= pos_late_from
    and not exists (
      select 1 from `gigamart-dev.giga_monitoring.late_arriving_data` as l
      where l.source_table = 'raw_pos_transactions' and l.event_date = b.event_date and l.business_key = b.transaction_id
        and l.record_hash = b.record_hash and l.ingestion_ts = b.ingestion_ts and l.handled_as = 'QUARANTINED_TOO_LATE'
    );
insert into `gigamart-dev.giga_monitoring.dedup_log` (source_table, business_key, record_hash, reason, partition_date, line_count, source_file, ingestion_ts, logged_at)
  select 'raw_pos_transactions', b.transaction_id, b.record_hash, if(if(s.transaction_id is not null, s.record_hash, b.kept_hash) = b.record_hash, 'DUPLICATE', 'SUPERSEDED'), b.event_date, array_length(b.lines), b.source_file, b.ingestion_ts, current_timestamp()
  from (
    select *, row_number() over (partition by transaction_id order by ingestion_ts, source_file, record_hash) as copy_no, first_value(record_hash) over (partition by transaction_id order by ingestion_ts, source_file, record_hash) as kept_hash
    from `gigamart-dev.giga_raw.raw_pos_transactions` as b
    where dq_status != 'INVALID' and ingestion_ts > pos_watermark and event_date >= date_sub(date(pos_watermark, 'Asia/Kolkata'), interval 31 day) and not (greatest(date_diff(date(b.ingestion_ts, 'Asia/Kolkata'), b.event_date, day) - 1, 0) > 30) and event_date >= pos_batch_from
  ) as b left join (select transaction_id, record_hash from `gigamart-dev.giga_curated.stg_pos_transactions` where event_date >= date_sub(date(pos_watermark, 'Asia/Kolkata'), interval 31 day) and event_date >= pos_stored_from) as s on s.transaction_id = b.transaction_id
  where (b.copy_no > 1 or (s.transaction_id is not null))
    and not exists (
      select 1 from `gigamart-dev.giga_monitoring.dedup_log` as l
      where l.source_table = 'raw_pos_transactions' and l.partition_date = b.event_date and l.business_key = b.transaction_id
        and l.record_hash = b.record_hash and l.source_file = b.source_file and l.ingestion_ts = b.ingestion_ts and l.partition_date >= pos_batch_from
    );
insert into `gigamart-dev.giga_curated.stg_pos_transactions`	
(`transaction_id`,`store_id`,`register_id`,`event_ts`,`event_date`,`customer_id`,`payment_type`,`currency`,`lines`,`total_amount`,`absent_fields`,`dq_status`,`dq_errors`,`record_hash`,`source_file`,`ingestion_ts`)	
select `transaction_id`,`store_id`,`register_id`,`event_ts`,`event_date`,`customer_id`,`payment_type`,`currency`,`lines`,`total_amount`,`absent_fields`,`dq_status`,`dq_errors`,`record_hash`,`source_file`,`ingestion_ts`	
from (





select
  b.transaction_id, b.store_id, b.register_id, b.event_ts, b.event_date, b.customer_id, b.payment_type, b.currency, b.lines,
  b.total_amount, b.absent_fields, b.dq_status, b.dq_errors, b.record_hash, b.source_file, b.ingestion_ts
from (select b.* from (
    select *, row_number() over (partition by transaction_id order by ingestion_ts, source_file, record_hash) as copy_no, first_value(record_hash) over (partition by transaction_id order by ingestion_ts, source_file, record_hash) as kept_hash
    from `gigamart-dev.giga_raw.raw_pos_transactions` as b
    where dq_status != 'INVALID' and ingestion_ts > pos_watermark and event_date >= date_sub(date(pos_watermark, 'Asia/Kolkata'), interval 31 day) and not (greatest(date_diff(date(b.ingestion_ts, 'Asia/Kolkata'), b.event_date, day) - 1, 0) > 30) and event_date >= pos_batch_from
  ) as b left join (select transaction_id, record_hash from `gigamart-dev.giga_curated.stg_pos_transactions` where event_date >= date_sub(date(pos_watermark, 'Asia/Kolkata'), interval 31 day) and event_date >= pos_stored_from) as s on s.transaction_id = b.transaction_id where b.copy_no = 1 and not (s.transaction_id is not null)) as b


) as insertions;
commit transaction
