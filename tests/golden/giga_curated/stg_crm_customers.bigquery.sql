-- gigamart-dev.giga_curated.stg_crm_customers (incremental), definitions/staging/stg_crm_customers.sqlx
-- BigQuery jobs Dataform sends; written by `npm run golden:update`

-- ## first run (the table does not exist, or --full-refresh)
-- job 1 of 1
declare crm_watermark timestamp default timestamp '1970-01-01 00:00:00+00';
insert into `gigamart-dev.giga_monitoring.dedup_log` (source_table, business_key, record_hash, reason, partition_date, line_count, source_file, ingestion_ts, logged_at)
  select 'raw_crm_customers', concat(b.customer_id, '|', cast(b.updated_at as string)), b.record_hash, if(b.kept_hash = b.record_hash, 'DUPLICATE', 'SUPERSEDED'), date(b.updated_at), 1, b.source_file, b.ingestion_ts, current_timestamp()
  from (
    select *, row_number() over (partition by customer_id, updated_at order by ingestion_ts, source_file, record_hash) as copy_no, first_value(record_hash) over (partition by customer_id, updated_at order by ingestion_ts, source_file, record_hash) as kept_hash
    from `gigamart-dev.giga_raw.raw_crm_customers` as b
    where dq_status != 'INVALID' and ingestion_ts > crm_watermark
  ) as b
  where (b.copy_no > 1 or (false))
    and not exists (
      select 1 from `gigamart-dev.giga_monitoring.dedup_log` as l
      where l.source_table = 'raw_crm_customers' and l.partition_date = date(b.updated_at) and l.business_key = concat(b.customer_id, '|', cast(b.updated_at as string))
        and l.record_hash = b.record_hash and l.source_file = b.source_file and l.ingestion_ts = b.ingestion_ts
    );
create or replace table `gigamart-dev.giga_curated.stg_crm_customers` partition by date(updated_at) cluster by customer_id as 





select
  b.customer_id, b.first_name, b.last_name, b.email, b.phone, b.loyalty_tier, b.city, b.country, b.updated_at,
  to_hex(sha256(concat(coalesce(cast(b.customer_id as string), '(null)'), '|', coalesce(cast(b.updated_at as string), '(null)')))) as state_key,
  b.absent_fields,
  b.raw_extra_attributes, b.dq_status, b.record_hash, b.source_file, b.ingestion_ts
from (select b.* from (
    select *, row_number() over (partition by customer_id, updated_at order by ingestion_ts, source_file, record_hash) as copy_no, first_value(record_hash) over (partition by customer_id, updated_at order by ingestion_ts, source_file, record_hash) as kept_hash
    from `gigamart-dev.giga_raw.raw_crm_customers` as b
    where dq_status != 'INVALID' and ingestion_ts > crm_watermark
  ) as b where b.copy_no = 1 and not (false)) as b

-- ## incremental run (into the table its first run created)
-- job 1 of 1
declare crm_watermark timestamp;
declare crm_batch_from timestamp;
create table if not exists `gigamart-dev.giga_curated.stg_crm_customers_run_lock` as select current_timestamp() as claimed_at;
update `gigamart-dev.giga_curated.stg_crm_customers_run_lock` set claimed_at = current_timestamp() where true;
begin transaction;
update `gigamart-dev.giga_curated.stg_crm_customers_run_lock` set claimed_at = current_timestamp() where true;
set crm_watermark = (select coalesce(max(ingestion_ts), timestamp '1970-01-01 00:00:00+00') from `gigamart-dev.giga_curated.stg_crm_customers`);
set crm_batch_from = (select min(b.updated_at) from `gigamart-dev.giga_raw.raw_crm_customers` as b where b.dq_status != 'INVALID' and b.ingestion_ts > crm_watermark);
insert into `gigamart-dev.giga_monitoring.dedup_log` (source_table, business_key, record_hash, reason, partition_date, line_count, source_file, ingestion_ts, logged_at)
  select 'raw_crm_customers', concat(b.customer_id, '|', cast(b.updated_at as string)), b.record_hash, if(if(s.customer_id is not null, s.record_hash, b.kept_hash) = b.record_hash, 'DUPLICATE', 'SUPERSEDED'), date(b.updated_at), 1, b.source_file, b.ingestion_ts, current_timestamp()
  from (
    select *, row_number() over (partition by customer_id, updated_at order by ingestion_ts, source_file, record_hash) as copy_no, first_value(record_hash) over (partition by customer_id, updated_at order by ingestion_ts, source_file, record_hash) as kept_hash
    from `gigamart-dev.giga_raw.raw_crm_customers` as b
    where dq_status != 'INVALID' and ingestion_ts > crm_watermark and updated_at >= crm_batch_from
  ) as b left join (select customer_id, updated_at, record_hash from `gigamart-dev.giga_curated.stg_crm_customers` where customer_id in (select customer_id from (
    select *, row_number() over (partition by customer_id, updated_at order by ingestion_ts, source_file, record_hash) as copy_no, first_value(record_hash) over (partition by customer_id, updated_at order by ingestion_ts, source_file, record_hash) as kept_hash
    from `gigamart-dev.giga_raw.raw_crm_customers` as b
    where dq_status != 'INVALID' and ingestion_ts > crm_watermark and updated_at >= crm_batch_from
  )) and updated_at >= crm_batch_from) as s on s.customer_id = b.customer_id and s.updated_at = b.updated_at
  where (b.copy_no > 1 or (s.customer_id is not null))
    and not exists (
      select 1 from `gigamart-dev.giga_monitoring.dedup_log` as l
      where l.source_table = 'raw_crm_customers' and l.partition_date = date(b.updated_at) and l.business_key = concat(b.customer_id, '|', cast(b.updated_at as string))
        and l.record_hash = b.record_hash and l.source_file = b.source_file and l.ingestion_ts = b.ingestion_ts and l.partition_date >= date(crm_batch_from)
    );
insert into `gigamart-dev.giga_curated.stg_crm_customers`	
(`customer_id`,`first_name`,`last_name`,`email`,`phone`,`loyalty_tier`,`city`,`country`,`updated_at`,`state_key`,`absent_fields`,`raw_extra_attributes`,`dq_status`,`record_hash`,`source_file`,`ingestion_ts`)	
select `customer_id`,`first_name`,`last_name`,`email`,`phone`,`loyalty_tier`,`city`,`country`,`updated_at`,`state_key`,`absent_fields`,`raw_extra_attributes`,`dq_status`,`record_hash`,`source_file`,`ingestion_ts`	
from (





select
  b.customer_id, b.first_name, b.last_name, b.email, b.phone, b.loyalty_tier, b.city, b.country, b.updated_at,
  to_hex(sha256(concat(coalesce(cast(b.customer_id as string), '(null)'), '|', coalesce(cast(b.updated_at as string), '(null)')))) as state_key,
  b.absent_fields,
  b.raw_extra_attributes, b.dq_status, b.record_hash, b.source_file, b.ingestion_ts
from (select b.* from (
    select *, row_number() over (partition by customer_id, updated_at order by ingestion_ts, source_file, record_hash) as copy_no, first_value(record_hash) over (partition by customer_id, updated_at order by ingestion_ts, source_file, record_hash) as kept_hash
    from `gigamart-dev.giga_raw.raw_crm_customers` as b
    where dq_status != 'INVALID' and ingestion_ts > crm_watermark and updated_at >= crm_batch_from
  ) as b left join (select customer_id, updated_at, record_hash from `gigamart-dev.giga_curated.stg_crm_customers` where customer_id in (select customer_id from (
    select *, row_number() over (partition by customer_id, updated_at order by ingestion_ts, source_file, record_hash) as copy_no, first_value(record_hash) over (partition by customer_id, updated_at order by ingestion_ts, source_file, record_hash) as kept_hash
    from `gigamart-dev.giga_raw.raw_crm_customers` as b
    where dq_status != 'INVALID' and ingestion_ts > crm_watermark and updated_at >= crm_batch_from
  )) and updated_at >= crm_batch_from) as s on s.customer_id = b.customer_id and s.updated_at = b.updated_at where b.copy_no = 1 and not (s.customer_id is not null)) as b


) as insertions;
commit transaction
