-- gigamart-dev.giga_monitoring.source_schema_drift (table), definitions/monitoring/source_schema_drift.sqlx
-- BigQuery jobs Dataform sends; written by `npm run golden:update`

-- ## every run
-- job 1 of 1
create or replace table `gigamart-dev.giga_monitoring.source_schema_drift` cluster by source_table, drift as 



select *, current_timestamp() as computed_at
from (
  select 'raw_pos_transactions' as source_table, column_name, 'MISSING_COLUMN' as drift, cast(null as string) as kept_in, count(*) as rows_affected, min(ingestion_ts) as first_seen_ts, max(ingestion_ts) as last_seen_ts
  from (select field as column_name, ingestion_ts from `gigamart-dev.giga_raw.raw_pos_transactions`, unnest(absent_fields) as field where ingestion_ts >= timestamp_sub(current_timestamp(), interval 7 day) and (event_date is null or event_date >= date_sub(date(timestamp_sub(current_timestamp(), interval 7 day), 'Asia/Kolkata'), interval 31 day)))
  group by column_name
  union all
  select 'raw_pos_transactions' as source_table, column_name, 'NEW_COLUMN' as drift, 'raw_payload' as kept_in, count(*) as rows_affected, min(ingestion_ts) as first_seen_ts, max(ingestion_ts) as last_seen_ts
  from (select name as column_name, ingestion_ts from (select * from `gigamart-dev.giga_raw.raw_pos_transactions` where ingestion_ts >= timestamp_sub(current_timestamp(), interval 7 day) and (event_date is null or event_date >= date_sub(date(timestamp_sub(current_timestamp(), interval 7 day), 'Asia/Kolkata'), interval 31 day)) and 'UNKNOWN_COLUMN' in unnest(dq_errors)), unnest(regexp_extract_all(raw_payload, r'"((?:[^"\\]|\\.)*)"\s*:')) as name where name not in ('transaction_id', 'store_id', 'register_id', 'event_ts', 'customer_id', 'payment_type', 'currency', 'lines', 'total_amount', 'event_date', 'line_no', 'product_id', 'quantity', 'unit_price', 'discount'))
  group by column_name
  union all
  select 'raw_pos_transactions' as source_table, column_name, 'RETYPED_COLUMN' as drift, 'raw_payload' as kept_in, count(*) as rows_affected, min(ingestion_ts) as first_seen_ts, max(ingestion_ts) as last_seen_ts
  from (select field as column_name, ingestion_ts from (select * from `gigamart-dev.giga_raw.raw_pos_transactions` where ingestion_ts >= timestamp_sub(current_timestamp(), interval 7 day) and (event_date is null or event_date >= date_sub(date(timestamp_sub(current_timestamp(), interval 7 day), 'Asia/Kolkata'), interval 31 day)) and 'BAD_TYPE' in unnest(dq_errors)) as r, unnest(['transaction_id', 'store_id', 'register_id', 'event_ts', 'customer_id', 'payment_type', 'currency', 'total_amount', 'event_date']) as field
  where case field when 'transaction_id' then r.transaction_id is null and coalesce(json_query(r.raw_payload, '$.transaction_id'), 'null') != 'null' when 'store_id' then r.store_id is null and coalesce(json_query(r.raw_payload, '$.store_id'), 'null') != 'null' when 'register_id' then r.register_id is null and coalesce(json_query(r.raw_payload, '$.register_id'), 'null') != 'null' when 'event_ts' then r.event_ts is null and coalesce(json_query(r.raw_payload, '$.event_ts'), 'null') != 'null' when 'customer_id' then r.customer_id is null and coalesce(json_query(r.raw_payload, '$.customer_id'), 'null') != 'null' when 'payment_type' then r.payment_type is null and coalesce(json_query(r.raw_payload, '$.payment_type'), 'null') != 'null' when 'currency' then r.currency is null and coalesce(json_query(r.raw_payload, '$.currency'), 'null') != 'null' when 'total_amount' then r.total_amount is null and coalesce(json_query(r.raw_payload, '$.total_amount'), 'null') != 'null' when 'event_date' then r.event_date is null and coalesce(json_query(r.raw_payload, '$.event_date'), 'null') != 'null' end)
  group by column_name
  union all
  select 'raw_ecom_orders' as source_table, column_name, 'MISSING_COLUMN' as drift, cast(null as string) as kept_in, count(*) as rows_affected, min(ingestion_ts) as first_seen_ts, max(ingestion_ts) as last_seen_ts
  from (select field as column_name, ingestion_ts from `gigamart-dev.giga_raw.raw_ecom_orders`, unnest(absent_fields) as field where ingestion_ts >= timestamp_sub(current_timestamp(), interval 7 day) and (order_date is null or order_date >= date_sub(date(timestamp_sub(current_timestamp(), interval 7 day), 'Asia/Kolkata'), interval 31 day)))
  group by column_name
  union all
  select 'raw_ecom_orders' as source_table, column_name, 'NEW_COLUMN' as drift, 'raw_payload' as kept_in, count(*) as rows_affected, min(ingestion_ts) as first_seen_ts, max(ingestion_ts) as last_seen_ts
  from (select name as column_name, ingestion_ts from (select * from `gigamart-dev.giga_raw.raw_ecom_orders` where ingestion_ts >= timestamp_sub(current_timestamp(), interval 7 day) and (order_date is null or order_date >= date_sub(date(timestamp_sub(current_timestamp(), interval 7 day), 'Asia/Kolkata'), interval 31 day)) and 'UNKNOWN_COLUMN' in unnest(dq_errors)), unnest(regexp_extract_all(raw_payload, r'"((?:[^"\\]|\\.)*)"\s*:')) as name where name not in ('order_id', 'customer_id', 'order_ts', 'updated_at', 'status', 'currency', 'channel', 'fulfillment_store_id', 'items', 'shipping', 'order_date', 'line_no', 'product_id', 'quantity', 'unit_price', 'discount', 'city', 'state', 'postal_code', 'country'))
  group by column_name
  union all
  select 'raw_ecom_orders' as source_table, column_name, 'RETYPED_COLUMN' as drift, 'raw_payload' as kept_in, count(*) as rows_affected, min(ingestion_ts) as first_seen_ts, max(ingestion_ts) as last_seen_ts
  from (select field as column_name, ingestion_ts from (select * from `gigamart-dev.giga_raw.raw_ecom_orders` where ingestion_ts >= timestamp_sub(current_timestamp(), interval 7 day) and (order_date is null or order_date >= date_sub(date(timestamp_sub(current_timestamp(), interval 7 day), 'Asia/Kolkata'), interval 31 day)) and 'BAD_TYPE' in unnest(dq_errors)) as r, unnest(['order_id', 'customer_id', 'order_ts', 'updated_at', 'status', 'currency', 'channel', 'fulfillment_store_id', 'order_date']) as field
  where case field when 'order_id' then r.order_id is null and coalesce(json_query(r.raw_payload, '$.order_id'), 'null') != 'null' when 'customer_id' then r.customer_id is null and coalesce(json_query(r.raw_payload, '$.customer_id'), 'null') != 'null' when 'order_ts' then r.order_ts is null and coalesce(json_query(r.raw_payload, '$.order_ts'), 'null') != 'null' when 'updated_at' then r.updated_at is null and coalesce(json_query(r.raw_payload, '$.updated_at'), 'null') != 'null' when 'status' then r.status is null and coalesce(json_query(r.raw_payload, '$.status'), 'null') != 'null' when 'currency' then r.currency is null and coalesce(json_query(r.raw_payload, '$.currency'), 'null') != 'null' when 'channel' then r.channel is null and coalesce(json_query(r.raw_payload, '$.channel'), 'null') != 'null' when 'fulfillment_store_id' then r.fulfillment_store_id is null and coalesce(json_query(r.raw_payload, '$.fulfillment_store_id'), 'null') != 'null' when 'order_date' then r.order_date is null and coalesce(json_query(r.raw_payload, '$.order_date'), 'null') != 'null' end)
  group by column_name
  union all
  select 'raw_crm_customers' as source_table, column_name, 'MISSING_COLUMN' as drift, cast(null as string) as kept_in, count(*) as rows_affected, min(ingestion_ts) as first_seen_ts, max(ingestion_ts) as last_seen_ts
  from (select field as column_name, ingestion_ts from `gigamart-dev.giga_raw.raw_crm_customers`, unnest(absent_fields) as field where ingestion_ts >= timestamp_sub(current_timestamp(), interval 7 day))
  group by column_name
  union all
  select 'raw_crm_customers' as source_table, column_name, 'NEW_COLUMN' as drift, 'raw_extra_attributes' as kept_in, count(*) as rows_affected, min(ingestion_ts) as first_seen_ts, max(ingestion_ts) as last_seen_ts
  from (select name as column_name, ingestion_ts from `gigamart-dev.giga_raw.raw_crm_customers`, unnest(regexp_extract_all(raw_extra_attributes, r'"((?:[^"\\]|\\.)*)"\s*:')) as name where ingestion_ts >= timestamp_sub(current_timestamp(), interval 7 day) and raw_extra_attributes is not null)
  group by column_name
  union all
  select 'raw_crm_customers' as source_table, column_name, 'RETYPED_COLUMN' as drift, 'raw_payload' as kept_in, count(*) as rows_affected, min(ingestion_ts) as first_seen_ts, max(ingestion_ts) as last_seen_ts
  from (select cast(null as string) as column_name, ingestion_ts from (select * from `gigamart-dev.giga_raw.raw_crm_customers` where ingestion_ts >= timestamp_sub(current_timestamp(), interval 7 day) and 'BAD_TYPE' in unnest(dq_errors)))
  group by column_name
  union all
  select 'raw_inventory_snapshots' as source_table, column_name, 'MISSING_COLUMN' as drift, cast(null as string) as kept_in, count(*) as rows_affected, min(ingestion_ts) as first_seen_ts, max(ingestion_ts) as last_seen_ts
  from (select field as column_name, ingestion_ts from `gigamart-dev.giga_raw.raw_inventory_snapshots`, unnest(absent_fields) as field where ingestion_ts >= timestamp_sub(current_timestamp(), interval 7 day) and (snapshot_date is null or snapshot_date >= date_sub(date(timestamp_sub(current_timestamp(), interval 7 day), 'Asia/Kolkata'), interval 31 day)))
  group by column_name
  union all
  select 'raw_inventory_snapshots' as source_table, column_name, 'NEW_COLUMN' as drift, 'raw_payload' as kept_in, count(*) as rows_affected, min(ingestion_ts) as first_seen_ts, max(ingestion_ts) as last_seen_ts
  from (select cast(null as string) as column_name, ingestion_ts from (select * from `gigamart-dev.giga_raw.raw_inventory_snapshots` where ingestion_ts >= timestamp_sub(current_timestamp(), interval 7 day) and (snapshot_date is null or snapshot_date >= date_sub(date(timestamp_sub(current_timestamp(), interval 7 day), 'Asia/Kolkata'), interval 31 day)) and 'UNKNOWN_COLUMN' in unnest(dq_errors)))
  group by column_name
  union all
  select 'raw_inventory_snapshots' as source_table, column_name, 'RETYPED_COLUMN' as drift, 'raw_payload' as kept_in, count(*) as rows_affected, min(ingestion_ts) as first_seen_ts, max(ingestion_ts) as last_seen_ts
  from (select cast(null as string) as column_name, ingestion_ts from (select * from `gigamart-dev.giga_raw.raw_inventory_snapshots` where ingestion_ts >= timestamp_sub(current_timestamp(), interval 7 day) and (snapshot_date is null or snapshot_date >= date_sub(date(timestamp_sub(current_timestamp(), interval 7 day), 'Asia/Kolkata'), interval 31 day)) and 'BAD_TYPE' in unnest(dq_errors)))
  group by column_name
  union all
  select 'raw_store_master' as source_table, column_name, 'MISSING_COLUMN' as drift, cast(null as string) as kept_in, count(*) as rows_affected, min(ingestion_ts) as first_seen_ts, max(ingestion_ts) as last_seen_ts
  from (select field as column_name, ingestion_ts from `gigamart-dev.giga_raw.raw_store_master`, unnest(absent_fields) as field where ingestion_ts >= timestamp_sub(current_timestamp(), interval 7 day))
  group by column_name
  union all
  select 'raw_store_master' as source_table, column_name, 'NEW_COLUMN' as drift, 'raw_payload' as kept_in, count(*) as rows_affected, min(ingestion_ts) as first_seen_ts, max(ingestion_ts) as last_seen_ts
  from (select cast(null as string) as column_name, ingestion_ts from (select * from `gigamart-dev.giga_raw.raw_store_master` where ingestion_ts >= timestamp_sub(current_timestamp(), interval 7 day) and 'UNKNOWN_COLUMN' in unnest(dq_errors)))
  group by column_name
  union all
  select 'raw_store_master' as source_table, column_name, 'RETYPED_COLUMN' as drift, 'raw_payload' as kept_in, count(*) as rows_affected, min(ingestion_ts) as first_seen_ts, max(ingestion_ts) as last_seen_ts
  from (select cast(null as string) as column_name, ingestion_ts from (select * from `gigamart-dev.giga_raw.raw_store_master` where ingestion_ts >= timestamp_sub(current_timestamp(), interval 7 day) and 'BAD_TYPE' in unnest(dq_errors)))
  group by column_name
  union all
  select 'raw_product_master' as source_table, column_name, 'MISSING_COLUMN' as drift, cast(null as string) as kept_in, count(*) as rows_affected, min(ingestion_ts) as first_seen_ts, max(ingestion_ts) as last_seen_ts
  from (select field as column_name, ingestion_ts from `gigamart-dev.giga_raw.raw_product_master`, unnest(absent_fields) as field where ingestion_ts >= timestamp_sub(current_timestamp(), interval 7 day))
  group by column_name
  union all
  select 'raw_product_master' as source_table, column_name, 'NEW_COLUMN' as drift, 'raw_payload' as kept_in, count(*) as rows_affected, min(ingestion_ts) as first_seen_ts, max(ingestion_ts) as last_seen_ts
  from (select cast(null as string) as column_name, ingestion_ts from (select * from `gigamart-dev.giga_raw.raw_product_master` where ingestion_ts >= timestamp_sub(current_timestamp(), interval 7 day) and 'UNKNOWN_COLUMN' in unnest(dq_errors)))
  group by column_name
  union all
  select 'raw_product_master' as source_table, column_name, 'RETYPED_COLUMN' as drift, 'raw_payload' as kept_in, count(*) as rows_affected, min(ingestion_ts) as first_seen_ts, max(ingestion_ts) as last_seen_ts
  from (select cast(null as string) as column_name, ingestion_ts from (select * from `gigamart-dev.giga_raw.raw_product_master` where ingestion_ts >= timestamp_sub(current_timestamp(), interval 7 day) and 'BAD_TYPE' in unnest(dq_errors)))
  group by column_name
)
