-- gigamart-dev.giga_mart.inventory_kpi (table), definitions/gold/inventory_kpi.sqlx
-- BigQuery jobs Dataform sends; written by `npm run golden:update`

-- ## every run
-- job 1 of 1
-- The earliest day any store's 28-day window reaches back to, as a constant: the window reads below
  -- keep only its partitions (each store's own window, in the query, keeps exactly the same rows).
  declare window_from date default (
    select date_sub(min(snapshot_date), interval 27 day)
    from (select max(snapshot_date) as snapshot_date from `gigamart-dev.giga_curated.inventory_snapshot_fact` group by store_id)
  );
create or replace table `gigamart-dev.giga_mart.inventory_kpi` partition by snapshot_date cluster by store_id, category, product_id as 



with latest as (
  select store_id, max(snapshot_date) as snapshot_date from `gigamart-dev.giga_curated.inventory_snapshot_fact` group by store_id
),
window_28d as (
  select f.*, l.snapshot_date as as_of_date
  from `gigamart-dev.giga_curated.inventory_snapshot_fact` as f
  join latest as l on l.store_id = f.store_id
  where f.snapshot_date >= window_from
    and f.snapshot_date > date_sub(l.snapshot_date, interval 28 day) and f.snapshot_date <= l.snapshot_date
),
sold as (
  select s.store_id, s.product_id, sum(s.units - s.returned_units) as units_sold_28d
  from `gigamart-dev.giga_curated.sales_fact` as s
  join latest as l on l.store_id = s.store_id
  where not s.is_cancelled and s.event_date >= window_from
    and s.event_date > date_sub(l.snapshot_date, interval 28 day) and s.event_date <= l.snapshot_date
  group by s.store_id, s.product_id
),
per_product as (
  select
    w.as_of_date as snapshot_date, w.store_id, w.product_id, any_value(w.category) as category,
    sum(if(w.snapshot_date = w.as_of_date, w.quantity_on_hand, 0)) as quantity_on_hand,
    sum(if(w.snapshot_date = w.as_of_date, w.stock_value, cast(0 as numeric))) as stock_value,
    max(if(w.snapshot_date = w.as_of_date and w.is_out_of_stock, 1, 0)) as out_of_stock_products,
    max(if(w.snapshot_date = w.as_of_date and w.is_below_reorder, 1, 0)) as below_reorder_products,
    countif(w.is_out_of_stock) as stock_out_days_28d
  from window_28d as w
  group by w.as_of_date, w.store_id, w.product_id
),
store_product as (
  select p.*, coalesce(s.units_sold_28d, 0) as units_sold_28d
  from per_product as p
  left join sold as s on s.store_id = p.store_id and s.product_id = p.product_id
)
select
  'STORE_PRODUCT' as level, snapshot_date, store_id, product_id, category, quantity_on_hand, stock_value,
  out_of_stock_products, below_reorder_products, stock_out_days_28d, units_sold_28d,
  round(safe_divide(quantity_on_hand * 28, units_sold_28d), 1) as days_of_supply
from store_product
union all
select
  'STORE', snapshot_date, store_id, cast(null as string), cast(null as string), sum(quantity_on_hand), sum(stock_value),
  sum(out_of_stock_products), sum(below_reorder_products), sum(stock_out_days_28d), sum(units_sold_28d),
  round(safe_divide(sum(quantity_on_hand) * 28, sum(units_sold_28d)), 1)
from store_product
group by snapshot_date, store_id
