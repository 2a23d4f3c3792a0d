-- gigamart-dev.giga_curated.inventory_snapshot_fact (incremental), definitions/silver/inventory_snapshot_fact.sqlx
-- BigQuery jobs Dataform sends; written by `npm run golden:update`

-- ## first run (the table does not exist, or --full-refresh)
-- job 1 of 1
declare inventory_watermark timestamp default timestamp '1970-01-01 00:00:00+00';
create or replace table `gigamart-dev.giga_curated.inventory_snapshot_fact` partition by snapshot_date cluster by store_key, product_key as 





select
  i.snapshot_date, i.store_id,
  coalesce(s.store_id, 'UNKNOWN') as store_key,
  i.product_id,
  coalesce(p.product_id, 'UNKNOWN') as product_key,
  coalesce(p.category, 'Unknown') as category,
  i.quantity_on_hand, i.reorder_point, i.unit_cost,
  i.quantity_on_hand * i.unit_cost as stock_value,
  i.quantity_on_hand <= 0 as is_out_of_stock,
  i.quantity_on_hand < i.reorder_point as is_below_reorder,
  array_concat(if('reorder_point' in unnest(i.absent_fields), ['reorder_point'], []), if('unit_cost' in unnest(i.absent_fields), ['unit_cost'], [])) as unknown_attributes,
  i.ingestion_ts as source_ingestion_ts,
  current_timestamp() as loaded_at
from `gigamart-dev.giga_curated.stg_inventory_snapshots` as i
left join `gigamart-dev.giga_curated.store_dim` as s on s.store_id = i.store_id and not s.is_special_member
left join `gigamart-dev.giga_curated.product_dim` as p on p.product_id = i.product_id and not p.is_special_member
where i.ingestion_ts > inventory_watermark and i.snapshot_date >= date_sub(date(inventory_watermark, 'Asia/Kolkata'), interval 31 day)

-- ## incremental run (into the table its first run created)
-- job 1 of 1
declare inventory_watermark timestamp;
declare inventory_batch_from date;
create table if not exists `gigamart-dev.giga_curated.inventory_snapshot_fact_run_lock` as select current_timestamp() as claimed_at;
update `gigamart-dev.giga_curated.inventory_snapshot_fact_run_lock` set claimed_at = current_timestamp() where true;
begin transaction;
update `gigamart-dev.giga_curated.inventory_snapshot_fact_run_lock` set claimed_at = current_timestamp() where true;
set inventory_watermark = (select coalesce(max(source_ingestion_ts), timestamp '1970-01-01 00:00:00+00') from `gigamart-dev.giga_curated.inventory_snapshot_fact`);
set inventory_batch_from = (select min(snapshot_date) from `gigamart-dev.giga_curated.stg_inventory_snapshots` where ingestion_ts > inventory_watermark and snapshot_date >= date_sub(date(inventory_watermark, 'Asia/Kolkata'), interval 31 day));
insert into `gigamart-dev.giga_curated.inventory_snapshot_fact`	
(`snapshot_date`,`store_id`,`store_key`,`product_id`,`product_key`,`category`,`quantity_on_hand`,`reorder_point`,`unit_cost`,`stock_value`,`is_out_of_stock`,`is_below_reorder`,`unknown_attributes`,`source_ingestion_ts`,`loaded_at`)	
select `snapshot_date`,`store_id`,`store_key`,`product_id`,`product_key`,`category`,`quantity_on_hand`,`reorder_point`,`unit_cost`,`stock_value`,`is_out_of_stock`,`is_below_reorder`,`unknown_attributes`,`source_ingestion_ts`,`loaded_at`	
from (





select
  i.snapshot_date, i.store_id,
  coalesce(s.store_id, 'UNKNOWN') as store_key,
  i.product_id,
  coalesce(p.product_id, 'UNKNOWN') as product_key,
  coalesce(p.category, 'Unknown') as category,
  i.quantity_on_hand, i.reorder_point, i.unit_cost,
  i.quantity_on_hand * i.unit_cost as stock_value,
  i.quantity_on_hand <= 0 as is_out_of_stock,
  i.quantity_on_hand < i.reorder_point as is_below_reorder,
  array_concat(if('reorder_point' in unnest(i.absent_fields), ['reorder_point'], []), if('unit_cost' in unnest(i.absent_fields), ['unit_cost'], [])) as unknown_attributes,
  i.ingestion_ts as source_ingestion_ts,
  current_timestamp() as loaded_at
from `gigamart-dev.giga_curated.stg_inventory_snapshots` as i
left join `gigamart-dev.giga_curated.store_dim` as s on s.store_id = i.store_id and not s.is_special_member
left join `gigamart-dev.giga_curated.product_dim` as p on p.product_id = i.product_id and not p.is_special_member
where i.ingestion_ts > inventory_watermark and i.snapshot_date >= date_sub(date(inventory_watermark, 'Asia/Kolkata'), interval 31 day) and i.snapshot_date >= inventory_batch_from


) as insertions;
commit transaction
