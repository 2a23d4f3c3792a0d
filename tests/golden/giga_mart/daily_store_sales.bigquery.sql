-- gigamart-dev.giga_mart.daily_store_sales (table), definitions/gold/daily_store_sales.sqlx
-- BigQuery jobs Dataform sends; written by `npm run golden:update`

-- ## every run
-- job 1 of 1
create or replace table `gigamart-dev.giga_mart.daily_store_sales` partition by sales_date cluster by store_id, channel as 

select
  f.event_date as sales_date,
  f.store_id,
  any_value(s.store_name) as store_name,
  any_value(s.region) as region,
  any_value(s.city) as city,
  f.channel,
  sum(f.gross_amount) as gross_sales,
  sum(f.discount_amount) as discounts,
  sum(f.return_amount) as returns_amount,
  sum(f.net_amount) as net_sales,
  sum(f.units) as units,
  sum(f.returned_units) as returned_units,
  count(distinct f.transaction_id) as transactions,
  count(distinct f.customer_id) as customers,
  count(distinct if(f.is_walk_in, f.transaction_id, null)) as walk_in_transactions,
  count(distinct if('customer_id' in unnest(f.unknown_attributes), f.transaction_id, null)) as unknown_customer_transactions,
  -- NUMERIC already in BigQuery; the cast keeps it money on the local engine too, where a division is a float
  cast(round(safe_divide(sum(f.net_amount), count(distinct f.transaction_id)), 2) as numeric) as average_basket
from `gigamart-dev.giga_curated.sales_fact` as f
left join `gigamart-dev.giga_curated.store_dim` as s on s.store_id = f.store_key
where not f.is_cancelled
group by f.event_date, f.store_id, f.channel
