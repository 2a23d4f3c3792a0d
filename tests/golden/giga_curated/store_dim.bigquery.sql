-- gigamart-dev.giga_curated.store_dim (table), definitions/silver/store_dim.sqlx
-- BigQuery jobs Dataform sends; written by `npm run golden:update`

-- ## every run
-- job 1 of 1
create or replace table `gigamart-dev.giga_curated.store_dim` cluster by store_id as 



select store_id, store_name, city, state, region, format, opened_date, closed_date, unknown_attributes, false as is_special_member,
  ingestion_ts = (select max(ingestion_ts) from `gigamart-dev.giga_raw.raw_store_master` where dq_status != 'INVALID') as in_latest_extract
from (
  select store_id,
    (last_value(if('store_name' in unnest(absent_fields), null, struct(store_name as v)) ignore nulls) over (partition by store_id order by ingestion_ts, source_file, record_hash desc rows between unbounded preceding and current row)).v as store_name,
    (last_value(if('city' in unnest(absent_fields), null, struct(city as v)) ignore nulls) over (partition by store_id order by ingestion_ts, source_file, record_hash desc rows between unbounded preceding and current row)).v as city,
    (last_value(if('state' in unnest(absent_fields), null, struct(state as v)) ignore nulls) over (partition by store_id order by ingestion_ts, source_file, record_hash desc rows between unbounded preceding and current row)).v as state,
    (last_value(if('region' in unnest(absent_fields), null, struct(region as v)) ignore nulls) over (partition by store_id order by ingestion_ts, source_file, record_hash desc rows between unbounded preceding and current row)).v as region,
    (last_value(if('format' in unnest(absent_fields), null, struct(format as v)) ignore nulls) over (partition by store_id order by ingestion_ts, source_file, record_hash desc rows between unbounded preceding and current row)).v as format,
    (last_value(if('opened_date' in unnest(absent_fields), null, struct(opened_date as v)) ignore nulls) over (partition by store_id order by ingestion_ts, source_file, record_hash desc rows between unbounded preceding and current row)).v as opened_date,
    (last_value(if('closed_date' in unnest(absent_fields), null, struct(closed_date as v)) ignore nulls) over (partition by store_id order by ingestion_ts, source_file, record_hash desc rows between unbounded preceding and current row)).v as closed_date,
    array_concat(if(logical_or('store_name' not in unnest(absent_fields)) over (partition by store_id order by ingestion_ts, source_file, record_hash desc rows between unbounded preceding and current row), [], ['store_name']), if(logical_or('city' not in unnest(absent_fields)) over (partition by store_id order by ingestion_ts, source_file, record_hash desc rows between unbounded preceding and current row), [], ['city']), if(logical_or('state' not in unnest(absent_fields)) over (partition by store_id order by ingestion_ts, source_file, record_hash desc rows between unbounded preceding and current row), [], ['state']), if(logical_or('region' not in unnest(absent_fields)) over (partition by store_id order by ingestion_ts, source_file, record_hash desc rows between unbounded preceding and current row), [], ['region']), if(logical_or('format' not in unnest(absent_fields)) over (partition by store_id order by ingestion_ts, source_file, record_hash desc rows between unbounded preceding and current row), [], ['format']), if(logical_or('opened_date' not in unnest(absent_fields)) over (partition by store_id order by ingestion_ts, source_file, record_hash desc rows between unbounded preceding and current row), [], ['opened_date']), if(logical_or('closed_date' not in unnest(absent_fields)) over (partition by store_id order by ingestion_ts, source_file, record_hash desc rows between unbounded preceding and current row), [], ['closed_date'])) as unknown_attributes,
    ingestion_ts
  from `gigamart-dev.giga_raw.raw_store_master`
  where dq_status != 'INVALID'
  qualify row_number() over (partition by store_id order by ingestion_ts, source_file, record_hash desc) = count(*) over (partition by store_id)
) as s
union all
select 'WAREHOUSE', 'Central warehouse (e-commerce)', cast(null as string), cast(null as string), cast(null as string), 'WAREHOUSE', cast(null as date), cast(null as date), cast([] as array<string>), true, true
union all
select 'UNKNOWN', 'Unknown store', cast(null as string), cast(null as string), cast(null as string), cast(null as string), cast(null as date), cast(null as date), cast([] as array<string>), true, true
