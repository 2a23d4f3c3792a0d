-- gigamart-dev.giga_curated.product_dim (table), definitions/silver/product_dim.sqlx
-- BigQuery jobs Dataform sends; written by `npm run golden:update`

-- ## every run
-- job 1 of 1
create or replace table `gigamart-dev.giga_curated.product_dim` cluster by category, product_id as 



select product_id, product_name, coalesce(category, 'Uncategorised') as category, subcategory, brand, unit_cost, list_price, is_active,
  unknown_attributes, false as is_special_member,
  ingestion_ts = (select max(ingestion_ts) from `gigamart-dev.giga_raw.raw_product_master` where dq_status != 'INVALID') as in_latest_extract
from (
  select product_id,
    (last_value(if('product_name' in unnest(absent_fields), null, struct(product_name as v)) ignore nulls) over (partition by product_id order by ingestion_ts, source_file, record_hash desc rows between unbounded preceding and current row)).v as product_name,
    (last_value(if('category' in unnest(absent_fields), null, struct(category as v)) ignore nulls) over (partition by product_id order by ingestion_ts, source_file, record_hash desc rows between unbounded preceding and current row)).v as category,
    (last_value(if('subcategory' in unnest(absent_fields), null, struct(subcategory as v)) ignore nulls) over (partition by product_id order by ingestion_ts, source_file, record_hash desc rows between unbounded preceding and current row)).v as subcategory,
    (last_value(if('brand' in unnest(absent_fields), null, struct(brand as v)) ignore nulls) over (partition by product_id order by ingestion_ts, source_file, record_hash desc rows between unbounded preceding and current row)).v as brand,
    (last_value(if('unit_cost' in unnest(absent_fields), null, struct(unit_cost as v)) ignore nulls) over (partition by product_id order by ingestion_ts, source_file, record_hash desc rows between unbounded preceding and current row)).v as unit_cost,
    (last_value(if('list_price' in unnest(absent_fields), null, struct(list_price as v)) ignore nulls) over (partition by product_id order by ingestion_ts, source_file, record_hash desc rows between unbounded preceding and current row)).v as list_price,
    (last_value(if('is_active' in unnest(absent_fields), null, struct(is_active as v)) ignore nulls) over (partition by product_id order by ingestion_ts, source_file, record_hash desc rows between unbounded preceding and current row)).v as is_active,
    array_concat(if(logical_or('product_name' not in unnest(absent_fields)) over (partition by product_id order by ingestion_ts, source_file, record_hash desc rows between unbounded preceding and current row), [], ['product_name']), if(logical_or('category' not in unnest(absent_fields)) over (partition by product_id order by ingestion_ts, source_file, record_hash desc rows between unbounded preceding and current row), [], ['category']), if(logical_or('subcategory' not in unnest(absent_fields)) over (partition by product_id order by ingestion_ts, source_file, record_hash desc rows between unbounded preceding and current row), [], ['subcategory']), if(logical_or('brand' not in unnest(absent_fields)) over (partition by product_id order by ingestion_ts, source_file, record_hash desc rows between unbounded preceding and current row), [], ['brand']), if(logical_or('unit_cost' not in unnest(absent_fields)) over (partition by product_id order by ingestion_ts, source_file, record_hash desc rows between unbounded preceding and current row), [], ['unit_cost']), if(logical_or('list_price' not in unnest(absent_fields)) over (partition by product_id order by ingestion_ts, source_file, record_hash desc rows between unbounded preceding and current row), [], ['list_price']), if(logical_or('is_active' not in unnest(absent_fields)) over (partition by product_id order by ingestion_ts, source_file, record_hash desc rows between unbounded preceding and current row), [], ['is_active'])) as unknown_attributes,
    ingestion_ts
  from `gigamart-dev.giga_raw.raw_product_master`
  where dq_status != 'INVALID'
  qualify row_number() over (partition by product_id order by ingestion_ts, source_file, record_hash desc) = count(*) over (partition by product_id)
) as p
union all
select 'UNKNOWN', 'Unknown product', 'Unknown', cast(null as string), cast(null as string), cast(null as numeric), cast(null as numeric), cast(null as bool), cast([] as array<string>), true, true
