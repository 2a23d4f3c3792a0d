-- gigamart-dev.giga_curated.customer_dim_scd2 (incremental), definitions/silver/customer_dim_scd2.sqlx
-- BigQuery jobs Dataform sends; written by `npm run golden:update`

-- ## first run (the table does not exist, or --full-refresh)
-- job 1 of 1
declare crm_watermark timestamp default timestamp '1970-01-01 00:00:00+00';
-- A profile state is late when a newer state of the customer was loaded before it: a fact of what
  -- arrived when, so it is logged the same whichever run first sees both (the first run too).
  insert into `gigamart-dev.giga_monitoring.late_arriving_data` (source_table, business_key, record_hash, event_date, event_ts, ingestion_ts, days_late, line_count, handled_as, logged_at)
  select 'raw_crm_customers', s.customer_id, s.record_hash, date(s.updated_at), s.updated_at, s.ingestion_ts,
    greatest(date_diff(date(s.ingestion_ts, 'Asia/Kolkata'), date(s.updated_at), day) - 1, 0), 1, 'PLACED_IN_HISTORY', current_timestamp()
  from `gigamart-dev.giga_curated.stg_crm_customers` as s
  where s.ingestion_ts > crm_watermark
    and exists (
      select 1 from `gigamart-dev.giga_curated.stg_crm_customers` as e
      where e.customer_id = s.customer_id and e.ingestion_ts < s.ingestion_ts and e.updated_at > s.updated_at
    )
    and not exists (
      select 1 from `gigamart-dev.giga_monitoring.late_arriving_data` as l
      where l.source_table = 'raw_crm_customers' and l.event_date = date(s.updated_at) and l.business_key = s.customer_id
        and l.record_hash = s.record_hash and l.ingestion_ts = s.ingestion_ts
    );
create or replace table `gigamart-dev.giga_curated.customer_dim_scd2` partition by date(effective_from) cluster by customer_id, is_current as 





select
  sk as customer_sk, customer_id, first_name, last_name, email, phone, loyalty_tier, city, country, unknown_attributes, row_hash,
  effective_from, effective_to, is_current, last_updated_ts
from (
select
  sk,
  customer_id,
  first_name,
  last_name,
  email,
  phone,
  loyalty_tier,
  city,
  country,
  unknown_attributes,
  row_hash,
  effective_from,
  coalesce(lead(effective_from) over (partition by customer_id order by effective_from), timestamp '9999-12-31 23:59:59.999999+00') as effective_to,
  lead(effective_from) over (partition by customer_id order by effective_from) is null as is_current,
  greatest(loaded_at, coalesce(lead(loaded_at) over (partition by customer_id order by effective_from), loaded_at)) as last_updated_ts
from (
  select
    customer_id,
    any_value(first_name) as first_name,
    any_value(last_name) as last_name,
    any_value(email) as email,
    any_value(phone) as phone,
    any_value(loyalty_tier) as loyalty_tier,
    any_value(city) as city,
    any_value(country) as country,
    any_value(unknown_attributes) as unknown_attributes,
    any_value(row_hash) as row_hash,
    max(if(is_change = 1, state_key, null)) as sk,
    min(changed_at) as effective_from,
    max(loaded_at) as loaded_at
  from (
    select *, sum(is_change) over (partition by customer_id order by changed_at, loaded_at rows between unbounded preceding and current row) as version_no
    from (
      select *, if(previous_hash is null or previous_hash != row_hash, 1, 0) as is_change
      from (
        select
          customer_id,
          state_key as state_key,
          first_name,
          last_name,
          email,
          phone,
          loyalty_tier,
          city,
          country,
          unknown_attributes,
          to_hex(sha256(concat(coalesce(cast(first_name as string), '(null)'), '|', coalesce(cast(last_name as string), '(null)'), '|', coalesce(cast(email as string), '(null)'), '|', coalesce(cast(phone as string), '(null)'), '|', coalesce(cast(loyalty_tier as string), '(null)'), '|', coalesce(cast(city as string), '(null)'), '|', coalesce(cast(country as string), '(null)'), if(array_length(unknown_attributes) > 0, concat('|', array_to_string(unknown_attributes, ',')), '')))) as row_hash,
          updated_at as changed_at,
          ingestion_ts as loaded_at,
          lag(to_hex(sha256(concat(coalesce(cast(first_name as string), '(null)'), '|', coalesce(cast(last_name as string), '(null)'), '|', coalesce(cast(email as string), '(null)'), '|', coalesce(cast(phone as string), '(null)'), '|', coalesce(cast(loyalty_tier as string), '(null)'), '|', coalesce(cast(city as string), '(null)'), '|', coalesce(cast(country as string), '(null)'), if(array_length(unknown_attributes) > 0, concat('|', array_to_string(unknown_attributes, ',')), ''))))) over (partition by customer_id order by updated_at, ingestion_ts) as previous_hash
        from (
          select * except (first_name, last_name, email, phone, loyalty_tier, city, country),
            (last_value(if('first_name' in unnest(absent_fields), null, struct(first_name as v)) ignore nulls) over (partition by customer_id order by updated_at, ingestion_ts rows between unbounded preceding and current row)).v as first_name,
            (last_value(if('last_name' in unnest(absent_fields), null, struct(last_name as v)) ignore nulls) over (partition by customer_id order by updated_at, ingestion_ts rows between unbounded preceding and current row)).v as last_name,
            (last_value(if('email' in unnest(absent_fields), null, struct(email as v)) ignore nulls) over (partition by customer_id order by updated_at, ingestion_ts rows between unbounded preceding and current row)).v as email,
            (last_value(if('phone' in unnest(absent_fields), null, struct(phone as v)) ignore nulls) over (partition by customer_id order by updated_at, ingestion_ts rows between unbounded preceding and current row)).v as phone,
            (last_value(if('loyalty_tier' in unnest(absent_fields), null, struct(loyalty_tier as v)) ignore nulls) over (partition by customer_id order by updated_at, ingestion_ts rows between unbounded preceding and current row)).v as loyalty_tier,
            (last_value(if('city' in unnest(absent_fields), null, struct(city as v)) ignore nulls) over (partition by customer_id order by updated_at, ingestion_ts rows between unbounded preceding and current row)).v as city,
            (last_value(if('country' in unnest(absent_fields), null, struct(country as v)) ignore nulls) over (partition by customer_id order by updated_at, ingestion_ts rows between unbounded preceding and current row)).v as country,
            array_concat(if(logical_or('first_name' not in unnest(absent_fields)) over (partition by customer_id order by updated_at, ingestion_ts rows between unbounded preceding and current row), [], ['first_name']), if(logical_or('last_name' not in unnest(absent_fields)) over (partition by customer_id order by updated_at, ingestion_ts rows between unbounded preceding and current row), [], ['last_name']), if(logical_or('email' not in unnest(absent_fields)) over (partition by customer_id order by updated_at, ingestion_ts rows between unbounded preceding and current row), [], ['email']), if(logical_or('phone' not in unnest(absent_fields)) over (partition by customer_id order by updated_at, ingestion_ts rows between unbounded preceding and current row), [], ['phone']), if(logical_or('loyalty_tier' not in unnest(absent_fields)) over (partition by customer_id order by updated_at, ingestion_ts rows between unbounded preceding and current row), [], ['loyalty_tier']), if(logical_or('city' not in unnest(absent_fields)) over (partition by customer_id order by updated_at, ingestion_ts rows between unbounded preceding and current row), [], ['city']), if(logical_or('country' not in unnest(absent_fields)) over (partition by customer_id order by updated_at, ingestion_ts rows between unbounded preceding and current row), [], ['country'])) as unknown_attributes
          from (
    select customer_id, state_key, first_name, last_name, email, phone, loyalty_tier, city, country, absent_fields, updated_at, ingestion_ts
    from `gigamart-dev.giga_curated.stg_crm_customers`
    
  )
        )
      ) as hashed_states
    ) as states
  ) as numbered
  group by customer_id, version_no
) as versions_of_states) as v

-- ## incremental run (into the table its first run created)
-- job 1 of 1
declare crm_watermark timestamp;
create table if not exists `gigamart-dev.giga_curated.customer_dim_scd2_run_lock` as select current_timestamp() as claimed_at;
update `gigamart-dev.giga_curated.customer_dim_scd2_run_lock` set claimed_at = current_timestamp() where true;
begin transaction;
update `gigamart-dev.giga_curated.customer_dim_scd2_run_lock` set claimed_at = current_timestamp() where true;
set crm_watermark = (select coalesce(max(last_updated_ts), timestamp '1970-01-01 00:00:00+00') from `gigamart-dev.giga_curated.customer_dim_scd2`);
-- A profile state is late when a newer state of the customer was loaded before it: a fact of what
  -- arrived when, so it is logged the same whichever run first sees both (the first run too).
  insert into `gigamart-dev.giga_monitoring.late_arriving_data` (source_table, business_key, record_hash, event_date, event_ts, ingestion_ts, days_late, line_count, handled_as, logged_at)
  select 'raw_crm_customers', s.customer_id, s.record_hash, date(s.updated_at), s.updated_at, s.ingestion_ts,
    greatest(date_diff(date(s.ingestion_ts, 'Asia/Kolkata'), date(s.updated_at), day) - 1, 0), 1, 'PLACED_IN_HISTORY', current_timestamp()
  from `gigamart-dev.giga_curated.stg_crm_customers` as s
  where s.ingestion_ts > crm_watermark
    and exists (
      select 1 from `gigamart-dev.giga_curated.stg_crm_customers` as e
      where e.customer_id = s.customer_id and e.ingestion_ts < s.ingestion_ts and e.updated_at > s.updated_at
    )
    and not exists (
      select 1 from `gigamart-dev.giga_monitoring.late_arriving_data` as l
      where l.source_table = 'raw_crm_customers' and l.event_date = date(s.updated_at) and l.business_key = s.customer_id
        and l.record_hash = s.record_hash and l.ingestion_ts = s.ingestion_ts
    );
merge `gigamart-dev.giga_curated.customer_dim_scd2` DATAFORM_DEST
using (





select
  sk as customer_sk, customer_id, first_name, last_name, email, phone, loyalty_tier, city, country, unknown_attributes, row_hash,
  effective_from, effective_to, is_current, last_updated_ts
from (
select
  sk,
  customer_id,
  first_name,
  last_name,
  email,
  phone,
  loyalty_tier,
  city,
  country,
  unknown_attributes,
  row_hash,
  effective_from,
  coalesce(lead(effective_from) over (partition by customer_id order by effective_from), timestamp '9999-12-31 23:59:59.999999+00') as effective_to,
  lead(effective_from) over (partition by customer_id order by effective_from) is null as is_current,
  greatest(loaded_at, coalesce(lead(loaded_at) over (partition by customer_id order by effective_from), loaded_at)) as last_updated_ts
from (
  select
    customer_id,
    any_value(first_name) as first_name,
    any_value(last_name) as last_name,
    any_value(email) as email,
    any_value(phone) as phone,
    any_value(loyalty_tier) as loyalty_tier,
    any_value(city) as city,
    any_value(country) as country,
    any_value(unknown_attributes) as unknown_attributes,
    any_value(row_hash) as row_hash,
    max(if(is_change = 1, state_key, null)) as sk,
    min(changed_at) as effective_from,
    max(loaded_at) as loaded_at
  from (
    select *, sum(is_change) over (partition by customer_id order by changed_at, loaded_at rows between unbounded preceding and current row) as version_no
    from (
      select *, if(previous_hash is null or previous_hash != row_hash, 1, 0) as is_change
      from (
        select
          customer_id,
          state_key as state_key,
          first_name,
          last_name,
          email,
          phone,
          loyalty_tier,
          city,
          country,
          unknown_attributes,
          to_hex(sha256(concat(coalesce(cast(first_name as string), '(null)'), '|', coalesce(cast(last_name as string), '(null)'), '|', coalesce(cast(email as string), '(null)'), '|', coalesce(cast(phone as string), '(null)'), '|', coalesce(cast(loyalty_tier as string), '(null)'), '|', coalesce(cast(city as string), '(null)'), '|', coalesce(cast(country as string), '(null)'), if(array_length(unknown_attributes) > 0, concat('|', array_to_string(unknown_attributes, ',')), '')))) as row_hash,
          updated_at as changed_at,
          ingestion_ts as loaded_at,
          lag(to_hex(sha256(concat(coalesce(cast(first_name as string), '(null)'), '|', coalesce(cast(last_name as string), '(null)'), '|', coalesce(cast(email as string), '(null)'), '|', coalesce(cast(phone as string), '(null)'), '|', coalesce(cast(loyalty_tier as string), '(null)'), '|', coalesce(cast(city as string), '(null)'), '|', coalesce(cast(country as string), '(null)'), if(array_length(unknown_attributes) > 0, concat('|', array_to_string(unknown_attributes, ',')), ''))))) over (partition by customer_id order by updated_at, ingestion_ts) as previous_hash
        from (
          select * except (first_name, last_name, email, phone, loyalty_tier, city, country),
            (last_value(if('first_name' in unnest(absent_fields), null, struct(first_name as v)) ignore nulls) over (partition by customer_id order by updated_at, ingestion_ts rows between unbounded preceding and current row)).v as first_name,
            (last_value(if('last_name' in unnest(absent_fields), null, struct(last_name as v)) ignore nulls) over (partition by customer_id order by updated_at, ingestion_ts rows between unbounded preceding and current row)).v as last_name,
            (last_value(if('email' in unnest(absent_fields), null, struct(email as v)) ignore nulls) over (partition by customer_id order by updated_at, ingestion_ts rows between unbounded preceding and current row)).v as email,
            (last_value(if('phone' in unnest(absent_fields), null, struct(phone as v)) ignore nulls) over (partition by customer_id order by updated_at, ingestion_ts rows between unbounded preceding and current row)).v as phone,
            (last_value(if('loyalty_tier' in unnest(absent_fields), null, struct(loyalty_tier as v)) ignore nulls) over (partition by customer_id order by updated_at, ingestion_ts rows between unbounded preceding and current row)).v as loyalty_tier,
            (last_value(if('city' in unnest(absent_fields), null, struct(city as v)) ignore nulls) over (partition by customer_id order by updated_at, ingestion_ts rows between unbounded preceding and current row)).v as city,
            (last_value(if('country' in unnest(absent_fields), null, struct(country as v)) ignore nulls) over (partition by customer_id order by updated_at, ingestion_ts rows between unbounded preceding and current row)).v as country,
            array_concat(if(logical_or('first_name' not in unnest(absent_fields)) over (partition by customer_id order by updated_at, ingestion_ts rows between unbounded preceding and current row), [], ['first_name']), if(logical_or('last_name' not in unnest(absent_fields)) over (partition by customer_id order by updated_at, ingestion_ts rows between unbounded preceding and current row), [], ['last_name']), if(logical_or('email' not in unnest(absent_fields)) over (partition by customer_id order by updated_at, ingestion_ts rows between unbounded preceding and current row), [], ['email']), if(logical_or('phone' not in unnest(absent_fields)) over (partition by customer_id order by updated_at, ingestion_ts rows between unbounded preceding and current row), [], ['phone']), if(logical_or('loyalty_tier' not in unnest(absent_fields)) over (partition by customer_id order by updated_at, ingestion_ts rows between unbounded preceding and current row), [], ['loyalty_tier']), if(logical_or('city' not in unnest(absent_fields)) over (partition by customer_id order by updated_at, ingestion_ts rows between unbounded preceding and current row), [], ['city']), if(logical_or('country' not in unnest(absent_fields)) over (partition by customer_id order by updated_at, ingestion_ts rows between unbounded preceding and current row), [], ['country'])) as unknown_attributes
          from (
    select customer_id, state_key, first_name, last_name, email, phone, loyalty_tier, city, country, absent_fields, updated_at, ingestion_ts
    from `gigamart-dev.giga_curated.stg_crm_customers`
    where customer_id in (select distinct customer_id from `gigamart-dev.giga_curated.stg_crm_customers` where ingestion_ts > crm_watermark)
  )
        )
      ) as hashed_states
    ) as states
  ) as numbered
  group by customer_id, version_no
) as versions_of_states) as v



) DATAFORM_SOURCE
on DATAFORM_DEST.customer_sk = DATAFORM_SOURCE.customer_sk 

when matched then
  update set `customer_sk` = DATAFORM_SOURCE.customer_sk,`customer_id` = DATAFORM_SOURCE.customer_id,`first_name` = DATAFORM_SOURCE.first_name,`last_name` = DATAFORM_SOURCE.last_name,`email` = DATAFORM_SOURCE.email,`phone` = DATAFORM_SOURCE.phone,`loyalty_tier` = DATAFORM_SOURCE.loyalty_tier,`city` = DATAFORM_SOURCE.city,`country` = DATAFORM_SOURCE.country,`unknown_attributes` = DATAFORM_SOURCE.unknown_attributes,`row_hash` = DATAFORM_SOURCE.row_hash,`effective_from` = DATAFORM_SOURCE.effective_from,`effective_to` = DATAFORM_SOURCE.effective_to,`is_current` = DATAFORM_SOURCE.is_current,`last_updated_ts` = DATAFORM_SOURCE.last_updated_ts
when not matched then
  insert (`customer_sk`,`customer_id`,`first_name`,`last_name`,`email`,`phone`,`loyalty_tier`,`city`,`country`,`unknown_attributes`,`row_hash`,`effective_from`,`effective_to`,`is_current`,`last_updated_ts`) values (`customer_sk`,`customer_id`,`first_name`,`last_name`,`email`,`phone`,`loyalty_tier`,`city`,`country`,`unknown_attributes`,`row_hash`,`effective_from`,`effective_to`,`is_current`,`last_updated_ts`);
-- A late update can fold a later state into an earlier version: drop versions the replay no longer yields.
  delete from `gigamart-dev.giga_curated.customer_dim_scd2`
  where customer_id in (select distinct customer_id from `gigamart-dev.giga_curated.stg_crm_customers` where ingestion_ts > crm_watermark)
    and customer_sk not in (select sk from (
select
  sk,
  customer_id,
  first_name,
  last_name,
  email,
  phone,
  loyalty_tier,
  city,
  country,
  unknown_attributes,
  row_hash,
  effective_from,
  coalesce(lead(effective_from) over (partition by customer_id order by effective_from), timestamp '9999-12-31 23:59:59.999999+00') as effective_to,
  lead(effective_from) over (partition by customer_id order by effective_from) is null as is_current,
  greatest(loaded_at, coalesce(lead(loaded_at) over (partition by customer_id order by effective_from), loaded_at)) as last_updated_ts
from (
  select
    customer_id,
    any_value(first_name) as first_name,
    any_value(last_name) as last_name,
    any_value(email) as email,
    any_value(phone) as phone,
    any_value(loyalty_tier) as loyalty_tier,
    any_value(city) as city,
    any_value(country) as country,
    any_value(unknown_attributes) as unknown_attributes,
    any_value(row_hash) as row_hash,
    max(if(is_change = 1, state_key, null)) as sk,
    min(changed_at) as effective_from,
    max(loaded_at) as loaded_at
  from (
    select *, sum(is_change) over (partition by customer_id order by changed_at, loaded_at rows between unbounded preceding and current row) as version_no
    from (
      select *, if(previous_hash is null or previous_hash != row_hash, 1, 0) as is_change
      from (
        select
          customer_id,
          state_key as state_key,
          first_name,
          last_name,
          email,
          phone,
          loyalty_tier,
          city,
          country,
          unknown_attributes,
          to_hex(sha256(concat(coalesce(cast(first_name as string), '(null)'), '|', coalesce(cast(last_name as string), '(null)'), '|', coalesce(cast(email as string), '(null)'), '|', coalesce(cast(phone as string), '(null)'), '|', coalesce(cast(loyalty_tier as string), '(null)'), '|', coalesce(cast(city as string), '(null)'), '|', coalesce(cast(country as string), '(null)'), if(array_length(unknown_attributes) > 0, concat('|', array_to_string(unknown_attributes, ',')), '')))) as row_hash,
          updated_at as changed_at,
          ingestion_ts as loaded_at,
          lag(to_hex(sha256(concat(coalesce(cast(first_name as string), '(null)'), '|', coalesce(cast(last_name as string), '(null)'), '|', coalesce(cast(email as string), '(null)'), '|', coalesce(cast(phone as string), '(null)'), '|', coalesce(cast(loyalty_tier as string), '(null)'), '|', coalesce(cast(city as string), '(null)'), '|', coalesce(cast(country as string), '(null)'), if(array_length(unknown_attributes) > 0, concat('|', array_to_string(unknown_attributes, ',')), ''))))) over (partition by customer_id order by updated_at, ingestion_ts) as previous_hash
        from (
          select * except (first_name, last_name, email, phone, loyalty_tier, city, country),
            (last_value(if('first_name' in unnest(absent_fields), null, struct(first_name as v)) ignore nulls) over (partition by customer_id order by updated_at, ingestion_ts rows between unbounded preceding and current row)).v as first_name,
            (last_value(if('last_name' in unnest(absent_fields), null, struct(last_name as v)) ignore nulls) over (partition by customer_id order by updated_at, ingestion_ts rows between unbounded preceding and current row)).v as last_name,
            (last_value(if('email' in unnest(absent_fields), null, struct(email as v)) ignore nulls) over (partition by customer_id order by updated_at, ingestion_ts rows between unbounded preceding and current row)).v as email,
            (last_value(if('phone' in unnest(absent_fields), null, struct(phone as v)) ignore nulls) over (partition by customer_id order by updated_at, ingestion_ts rows between unbounded preceding and current row)).v as phone,
            (last_value(if('loyalty_tier' in unnest(absent_fields), null, struct(loyalty_tier as v)) ignore nulls) over (partition by customer_id order by updated_at, ingestion_ts rows between unbounded preceding and current row)).v as loyalty_tier,
            (last_value(if('city' in unnest(absent_fields), null, struct(city as v)) ignore nulls) over (partition by customer_id order by updated_at, ingestion_ts rows between unbounded preceding and current row)).v as city,
            (last_value(if('country' in unnest(absent_fields), null, struct(country as v)) ignore nulls) over (partition by customer_id order by updated_at, ingestion_ts rows between unbounded preceding and current row)).v as country,
            array_concat(if(logical_or('first_name' not in unnest(absent_fields)) over (partition by customer_id order by updated_at, ingestion_ts rows between unbounded preceding and current row), [], ['first_name']), if(logical_or('last_name' not in unnest(absent_fields)) over (partition by customer_id order by updated_at, ingestion_ts rows between unbounded preceding and current row), [], ['last_name']), if(logical_or('email' not in unnest(absent_fields)) over (partition by customer_id order by updated_at, ingestion_ts rows between unbounded preceding and current row), [], ['email']), if(logical_or('phone' not in unnest(absent_fields)) over (partition by customer_id order by updated_at, ingestion_ts rows between unbounded preceding and current row), [], ['phone']), if(logical_or('loyalty_tier' not in unnest(absent_fields)) over (partition by customer_id order by updated_at, ingestion_ts rows between unbounded preceding and current row), [], ['loyalty_tier']), if(logical_or('city' not in unnest(absent_fields)) over (partition by customer_id order by updated_at, ingestion_ts rows between unbounded preceding and current row), [], ['city']), if(logical_or('country' not in unnest(absent_fields)) over (partition by customer_id order by updated_at, ingestion_ts rows between unbounded preceding and current row), [], ['country'])) as unknown_attributes
          from (
    select customer_id, state_key, first_name, last_name, email, phone, loyalty_tier, city, country, absent_fields, updated_at, ingestion_ts
    from `gigamart-dev.giga_curated.stg_crm_customers`
    where customer_id in (select distinct customer_id from `gigamart-dev.giga_curated.stg_crm_customers` where ingestion_ts > crm_watermark)
  )
        )
      ) as hashed_states
    ) as states
  ) as numbered
  group by customer_id, version_no
) as versions_of_states) as v);
commit transaction
