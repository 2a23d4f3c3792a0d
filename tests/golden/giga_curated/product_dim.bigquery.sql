-- gigamart-dev.giga_curated.product_dim (table), definitions/silver/product_dim.sqlx
-- BigQuery jobs Dataform sends; written by `npm run golden:update`

-- ## every run
-- job 1 of 1
create or replace table `gigamart-dev.giga_curated.product_dim` cluster by category, product_id as 

select product_id, product_name, coalesce(category, 'Uncategorised') as category, subcategory, brand, unit_cost, list_price, is_active,
  false as is_special_member,
  ingestion_ts = (select max(ingestion_ts) from `gigamart-dev.giga_raw.raw_product_master` where dq_status != 'INVALID') as in_latest_extract
from `gigamart-dev.giga_raw.raw_product_master`
where dq_status != 'INVALID'
qualify row_number() over (partition by product_id order by ingestion_ts desc, source_file desc, record_hash) = 1
union all
select 'UNKNOWN', 'Unknown product', 'Unknown', cast(null as string), cast(null as string), cast(null as numeric), cast(null as numeric), cast(null as bool), true, true
