-- gigamart-dev.giga_curated.store_dim (table), definitions/silver/store_dim.sqlx
-- BigQuery jobs Dataform sends; written by `npm run golden:update`

-- ## every run
-- job 1 of 1
create or replace table `gigamart-dev.giga_curated.store_dim` cluster by store_id as 

select store_id, store_name, city, state, region, format, opened_date, closed_date, false as is_special_member,
  ingestion_ts = (select max(ingestion_ts) from `gigamart-dev.giga_raw.raw_store_master` where dq_status != 'INVALID') as in_latest_extract
from `gigamart-dev.giga_raw.raw_store_master`
where dq_status != 'INVALID'
qualify row_number() over (partition by store_id order by ingestion_ts desc, source_file desc, record_hash) = 1
union all
select 'WAREHOUSE', 'Central warehouse (e-commerce)', cast(null as string), cast(null as string), cast(null as string), 'WAREHOUSE', cast(null as date), cast(null as date), true, true
union all
select 'UNKNOWN', 'Unknown store', cast(null as string), cast(null as string), cast(null as string), cast(null as string), cast(null as date), cast(null as date), true, true
