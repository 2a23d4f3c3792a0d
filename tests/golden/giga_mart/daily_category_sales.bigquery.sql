-- gigamart-dev.giga_mart.daily_category_sales (table), definitions/gold/daily_category_sales.sqlx
-- BigQuery jobs Dataform sends; written by `npm run golden:update`

-- ## every run
-- job 1 of 1
create or replace table `gigamart-dev.giga_mart.daily_category_sales` partition by sales_date cluster by store_id, category, channel as 

select
  f.event_date as sales_date,
  f.store_id,
  p.category,
  f.channel,
  sum(f.gross_amount) as gross_sales,
  sum(f.discount_amount) as discounts,
  sum(f.return_amount) as returns_amount,
  sum(f.net_amount) as net_sales,
  sum(f.units) as units,
  sum(f.returned_units) as returned_units,
  count(distinct f.transaction_id) as transactions,
  count(distinct f.customer_id) as customers
from `gigamart-dev.giga_curated.sales_fact` as f
join `gigamart-dev.giga_curated.product_dim` as p on p.product_id = f.product_key
where not f.is_cancelled
group by f.event_date, f.store_id, p.category, f.channel
