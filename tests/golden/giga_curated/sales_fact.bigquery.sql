-- gigamart-dev.giga_curated.sales_fact (incremental), definitions/silver/sales_fact.sqlx
-- BigQuery jobs Dataform sends; written by `npm run golden:update`

-- ## first run (the table does not exist, or --full-refresh)
-- job 1 of 1
declare pos_watermark timestamp default timestamp '1970-01-01 00:00:00+00';
declare ecom_watermark timestamp default timestamp '1970-01-01 00:00:00+00';
insert into `gigamart-dev.giga_monitoring.late_arriving_data` (source_table, business_key, record_hash, event_date, event_ts, ingestion_ts, days_late, line_count, handled_as, logged_at)
  select 'raw_pos_transactions', t.transaction_id, t.record_hash, t.event_date, t.event_ts, t.ingestion_ts,
    greatest(date_diff(date(t.ingestion_ts, 'Asia/Kolkata'), t.event_date, day) - 1, 0), array_length(t.lines), 'INSERTED_INTO_PAST_PARTITION', current_timestamp()
  from (
    select * from `gigamart-dev.giga_curated.stg_pos_transactions`
    where ingestion_ts > pos_watermark and event_date >= date_sub(date(pos_watermark, 'Asia/Kolkata'), interval 31 day)
  ) as t
  where greatest(date_diff(date(t.ingestion_ts, 'Asia/Kolkata'), t.event_date, day) - 1, 0) > 0
    and not exists (
      select 1 from `gigamart-dev.giga_monitoring.late_arriving_data` as l
      where l.source_table = 'raw_pos_transactions' and l.event_date = t.event_date and l.business_key = t.transaction_id
    );
create or replace table `gigamart-dev.giga_curated.sales_fact` partition by event_date cluster by store_key, product_key, channel as 





with lines as (
  select 'POS' as channel, t.transaction_id, l.line_no, t.event_ts, t.event_date, t.store_id, t.customer_id,
    t.payment_type, cast(null as string) as order_status, l.product_id, l.quantity, l.unit_price,
    coalesce(l.discount, 0) as discount, l.quantity < 0 as is_return, false as is_cancelled, t.currency,
    array_concat(if('customer_id' in unnest(t.absent_fields), ['customer_id'], []), if('payment_type' in unnest(t.absent_fields), ['payment_type'], [])) as unknown_attributes,
    t.ingestion_ts as source_ingestion_ts
  from (
    select * from `gigamart-dev.giga_curated.stg_pos_transactions`
    where ingestion_ts > pos_watermark and event_date >= date_sub(date(pos_watermark, 'Asia/Kolkata'), interval 31 day)
  ) as t, unnest(t.lines) as l
  union all
  select 'ECOM', o.order_id, i.line_no, o.order_ts, o.order_date, o.fulfillment_store_id, o.customer_id,
    cast(null as string), o.status, i.product_id, i.quantity, i.unit_price,
    coalesce(i.discount, 0), o.status = 'RETURNED', o.status = 'CANCELLED', o.currency,
    array_concat(if('fulfillment_store_id' in unnest(o.absent_fields), ['store_id'], [])),
    o.ingestion_ts
  from (
    select * from `gigamart-dev.giga_curated.stg_ecom_orders`
    where ingestion_ts > ecom_watermark and order_date >= date_sub(date(ecom_watermark, 'Asia/Kolkata'), interval 31 day)
  ) as o, unnest(o.items) as i
),
amounts as (
  select *,
    if(quantity > 0, quantity * unit_price, cast(0 as numeric)) as gross_amount,
    if(quantity > 0, discount, cast(0 as numeric)) as discount_amount,
    case
      when quantity < 0 then -(quantity * unit_price - discount)
      when is_return then quantity * unit_price - discount
      else cast(0 as numeric)
    end as return_amount,
    if(quantity > 0, quantity, 0) as units,
    case when quantity < 0 then -quantity when is_return then quantity else 0 end as returned_units
  from lines
)
select
  concat(a.channel, '|', a.transaction_id, '|', cast(a.line_no as string)) as sales_line_id,
  a.channel, a.transaction_id, a.line_no, a.event_ts, a.event_date,
  a.store_id,
  case
    when 'store_id' in unnest(a.unknown_attributes) then 'UNKNOWN'
    when a.store_id is null then 'WAREHOUSE'
    when s.store_id is null then 'UNKNOWN'
    else s.store_id
  end as store_key,
  a.product_id,
  coalesce(p.product_id, 'UNKNOWN') as product_key,
  a.customer_id,
  c.customer_sk,
  a.channel = 'POS' and a.customer_id is null and 'customer_id' not in unnest(a.unknown_attributes) as is_walk_in,
  a.payment_type, a.order_status, a.is_return, a.is_cancelled, a.quantity, a.unit_price, a.discount,
  a.gross_amount, a.discount_amount, a.return_amount,
  a.gross_amount - a.discount_amount - a.return_amount as net_amount,
  a.units, a.returned_units, a.currency, a.unknown_attributes, a.source_ingestion_ts,
  current_timestamp() as loaded_at
from amounts as a
left join `gigamart-dev.giga_curated.store_dim` as s on s.store_id = a.store_id and not s.is_special_member
left join `gigamart-dev.giga_curated.product_dim` as p on p.product_id = a.product_id and not p.is_special_member
left join `gigamart-dev.giga_curated.customer_dim_scd2` as c
  on c.customer_id = a.customer_id and a.event_ts >= c.effective_from and a.event_ts < c.effective_to

-- ## incremental run (into the table its first run created)
-- job 1 of 1
declare pos_watermark timestamp;
declare ecom_watermark timestamp;
declare pos_batch_from date;
declare ecom_batch_from date;
declare ecom_replaced_from date;
declare versions_from date;
declare repoint_from date;
create table if not exists `gigamart-dev.giga_curated.sales_fact_run_lock` as select current_timestamp() as claimed_at;
update `gigamart-dev.giga_curated.sales_fact_run_lock` set claimed_at = current_timestamp() where true;
begin transaction;
update `gigamart-dev.giga_curated.sales_fact_run_lock` set claimed_at = current_timestamp() where true;
set pos_watermark = (select coalesce(max(source_ingestion_ts), timestamp '1970-01-01 00:00:00+00') from `gigamart-dev.giga_curated.sales_fact` where channel = 'POS');
set ecom_watermark = (select coalesce(max(source_ingestion_ts), timestamp '1970-01-01 00:00:00+00') from `gigamart-dev.giga_curated.sales_fact` where channel = 'ECOM');
set pos_batch_from = (select min(event_date) from `gigamart-dev.giga_curated.stg_pos_transactions` where ingestion_ts > pos_watermark and event_date >= date_sub(date(pos_watermark, 'Asia/Kolkata'), interval 31 day));
set ecom_batch_from = (select min(order_date) from `gigamart-dev.giga_curated.stg_ecom_orders` where ingestion_ts > ecom_watermark and order_date >= date_sub(date(ecom_watermark, 'Asia/Kolkata'), interval 31 day));
set ecom_replaced_from = (select min(event_date) from `gigamart-dev.giga_curated.sales_fact` where channel = 'ECOM' and event_date >= date_sub(date(ecom_watermark, 'Asia/Kolkata'), interval 31 day)
    and transaction_id in (select order_id from (
    select * from `gigamart-dev.giga_curated.stg_ecom_orders`
    where ingestion_ts > ecom_watermark and order_date >= date_sub(date(ecom_watermark, 'Asia/Kolkata'), interval 31 day) and order_date >= ecom_batch_from
  )));
set versions_from = (select min(date(effective_from, 'Asia/Kolkata')) from `gigamart-dev.giga_curated.customer_dim_scd2` where last_updated_ts >= least(pos_watermark, ecom_watermark));
set repoint_from = (select min(f.event_date) from `gigamart-dev.giga_curated.sales_fact` as f join `gigamart-dev.giga_curated.customer_dim_scd2` as c on c.customer_id = f.customer_id and f.event_ts >= c.effective_from and f.event_ts < c.effective_to
    and c.last_updated_ts >= least(pos_watermark, ecom_watermark)
    and (f.customer_sk is null or f.customer_sk != c.customer_sk) where f.event_date >= versions_from);
insert into `gigamart-dev.giga_monitoring.late_arriving_data` (source_table, business_key, record_hash, event_date, event_ts, ingestion_ts, days_late, line_count, handled_as, logged_at)
  select 'raw_pos_transactions', t.transaction_id, t.record_hash, t.event_date, t.event_ts, t.ingestion_ts,
    greatest(date_diff(date(t.ingestion_ts, 'Asia/Kolkata'), t.event_date, day) - 1, 0), array_length(t.lines), 'INSERTED_INTO_PAST_PARTITION', current_timestamp()
  from (
    select * from `gigamart-dev.giga_curated.stg_pos_transactions`
    where ingestion_ts > pos_watermark and event_date >= date_sub(date(pos_watermark, 'Asia/Kolkata'), interval 31 day) and event_date >= pos_batch_from
  ) as t
  where greatest(date_diff(date(t.ingestion_ts, 'Asia/Kolkata'), t.event_date, day) - 1, 0) > 0
    and not exists (
      select 1 from `gigamart-dev.giga_monitoring.late_arriving_data` as l
      where l.source_table = 'raw_pos_transactions' and l.event_date = t.event_date and l.business_key = t.transaction_id
    );
-- A new version of an order replaces all of its rows.
  delete from `gigamart-dev.giga_curated.sales_fact`
  where channel = 'ECOM' and event_date >= date_sub(date(ecom_watermark, 'Asia/Kolkata'), interval 31 day)
    and transaction_id in (select order_id from (
    select * from `gigamart-dev.giga_curated.stg_ecom_orders`
    where ingestion_ts > ecom_watermark and order_date >= date_sub(date(ecom_watermark, 'Asia/Kolkata'), interval 31 day) and order_date >= ecom_batch_from
  )) and event_date >= ecom_replaced_from;
-- Late or out-of-order CRM updates move version boundaries: re-point the facts of customers whose
  -- versions changed since the last run to the version now valid at their event time.
  update `gigamart-dev.giga_curated.sales_fact` as f
  set customer_sk = c.customer_sk
  from `gigamart-dev.giga_curated.customer_dim_scd2` as c
  where c.customer_id = f.customer_id and f.event_ts >= c.effective_from and f.event_ts < c.effective_to
    and c.last_updated_ts >= least(pos_watermark, ecom_watermark)
    and (f.customer_sk is null or f.customer_sk != c.customer_sk) and f.event_date >= repoint_from;
insert into `gigamart-dev.giga_curated.sales_fact`	
(`sales_line_id`,`channel`,`transaction_id`,`line_no`,`event_ts`,`event_date`,`store_id`,`store_key`,`product_id`,`product_key`,`customer_id`,`customer_sk`,`is_walk_in`,`payment_type`,`order_status`,`is_return`,`is_cancelled`,`quantity`,`unit_price`,`discount`,`gross_amount`,`discount_amount`,`return_amount`,`net_amount`,`units`,`returned_units`,`currency`,`unknown_attributes`,`source_ingestion_ts`,`loaded_at`)	
select `sales_line_id`,`channel`,`transaction_id`,`line_no`,`event_ts`,`event_date`,`store_id`,`store_key`,`product_id`,`product_key`,`customer_id`,`customer_sk`,`is_walk_in`,`payment_type`,`order_status`,`is_return`,`is_cancelled`,`quantity`,`unit_price`,`discount`,`gross_amount`,`discount_amount`,`return_amount`,`net_amount`,`units`,`returned_units`,`currency`,`unknown_attributes`,`source_ingestion_ts`,`loaded_at`	
from (





with lines as (
  select 'POS' as channel, t.transaction_id, l.line_no, t.event_ts, t.event_date, t.store_id, t.customer_id,
    t.payment_type, cast(null as string) as order_status, l.product_id, l.quantity, l.unit_price,
    coalesce(l.discount, 0) as discount, l.quantity < 0 as is_return, false as is_cancelled, t.currency,
    array_concat(if('customer_id' in unnest(t.absent_fields), ['customer_id'], []), if('payment_type' in unnest(t.absent_fields), ['payment_type'], [])) as unknown_attributes,
    t.ingestion_ts as source_ingestion_ts
  from (
    select * from `gigamart-dev.giga_curated.stg_pos_transactions`
    where ingestion_ts > pos_watermark and event_date >= date_sub(date(pos_watermark, 'Asia/Kolkata'), interval 31 day) and event_date >= pos_batch_from
  ) as t, unnest(t.lines) as l
  union all
  select 'ECOM', o.order_id, i.line_no, o.order_ts, o.order_date, o.fulfillment_store_id, o.customer_id,
    cast(null as string), o.status, i.product_id, i.quantity, i.unit_price,
    coalesce(i.discount, 0), o.status = 'RETURNED', o.status = 'CANCELLED', o.currency,
    array_concat(if('fulfillment_store_id' in unnest(o.absent_fields), ['store_id'], [])),
    o.ingestion_ts
  from (
    select * from `gigamart-dev.giga_curated.stg_ecom_orders`
    where ingestion_ts > ecom_watermark and order_date >= date_sub(date(ecom_watermark, 'Asia/Kolkata'), interval 31 day) and order_date >= ecom_batch_from
  ) as o, unnest(o.items) as i
),
amounts as (
  select *,
    if(quantity > 0, quantity * unit_price, cast(0 as numeric)) as gross_amount,
    if(quantity > 0, discount, cast(0 as numeric)) as discount_amount,
    case
      when quantity < 0 then -(quantity * unit_price - discount)
      when is_return then quantity * unit_price - discount
      else cast(0 as numeric)
    end as return_amount,
    if(quantity > 0, quantity, 0) as units,
    case when quantity < 0 then -quantity when is_return then quantity else 0 end as returned_units
  from lines
)
select
  concat(a.channel, '|', a.transaction_id, '|', cast(a.line_no as string)) as sales_line_id,
  a.channel, a.transaction_id, a.line_no, a.event_ts, a.event_date,
  a.store_id,
  case
    when 'store_id' in unnest(a.unknown_attributes) then 'UNKNOWN'
    when a.store_id is null then 'WAREHOUSE'
    when s.store_id is null then 'UNKNOWN'
    else s.store_id
  end as store_key,
  a.product_id,
  coalesce(p.product_id, 'UNKNOWN') as product_key,
  a.customer_id,
  c.customer_sk,
  a.channel = 'POS' and a.customer_id is null and 'customer_id' not in unnest(a.unknown_attributes) as is_walk_in,
  a.payment_type, a.order_status, a.is_return, a.is_cancelled, a.quantity, a.unit_price, a.discount,
  a.gross_amount, a.discount_amount, a.return_amount,
  a.gross_amount - a.discount_amount - a.return_amount as net_amount,
  a.units, a.returned_units, a.currency, a.unknown_attributes, a.source_ingestion_ts,
  current_timestamp() as loaded_at
from amounts as a
left join `gigamart-dev.giga_curated.store_dim` as s on s.store_id = a.store_id and not s.is_special_member
left join `gigamart-dev.giga_curated.product_dim` as p on p.product_id = a.product_id and not p.is_special_member
left join `gigamart-dev.giga_curated.customer_dim_scd2` as c
  on c.customer_id = a.customer_id and a.event_ts >= c.effective_from and a.event_ts < c.effective_to


) as insertions;
commit transaction
