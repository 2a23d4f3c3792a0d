-- gigamart-dev.giga_monitoring.volume_expectations (table), definitions/monitoring/volume_expectations.sqlx
-- BigQuery jobs Dataform sends; written by `npm run golden:update`

-- ## every run
-- job 1 of 1
create or replace table `gigamart-dev.giga_monitoring.volume_expectations` partition by business_date cluster by source as 



with counted as (
  select 'pos' as source, event_date as business_date, count(*) as row_count from `gigamart-dev.giga_raw.raw_pos_transactions`
  where event_date >= date_sub(current_date('Asia/Kolkata'), interval 77 day) and event_date < current_date('Asia/Kolkata') group by event_date
  union all
  select 'ecom' as source, order_date as business_date, count(*) as row_count from `gigamart-dev.giga_raw.raw_ecom_orders`
  where order_date >= date_sub(current_date('Asia/Kolkata'), interval 77 day) and order_date < current_date('Asia/Kolkata') group by order_date
  union all
  select 'inventory' as source, snapshot_date as business_date, count(*) as row_count from `gigamart-dev.giga_raw.raw_inventory_snapshots`
  where snapshot_date >= date_sub(current_date('Asia/Kolkata'), interval 77 day) and snapshot_date < current_date('Asia/Kolkata') group by snapshot_date
),
-- Every day from a source's first counted day: a day without rows is 0, which is what a drop to nothing looks like.
days as (
  select f.source, day as business_date, coalesce(c.row_count, 0) as row_count
  from (select source, min(business_date) as first_day from counted group by source) as f
  cross join unnest(generate_date_array(f.first_day, date_sub(current_date('Asia/Kolkata'), interval 1 day))) as day
  left join counted as c on c.source = f.source and c.business_date = day
),
events as (
  select 'pos' as source, 'Diwali 2026' as event_name, date '2026-11-07' as starts_on, date '2026-11-09' as ends_on, cast(2.5 as float64) as factor
  union all
  select 'ecom' as source, 'Diwali 2026' as event_name, date '2026-11-07' as starts_on, date '2026-11-09' as ends_on, cast(2.5 as float64) as factor
),
adjusted as (
  select d.source, d.business_date, d.row_count, ev.event_name, coalesce(ev.factor, 1.0) as factor,
    d.row_count / coalesce(ev.factor, 1.0) as usual_count
  from days as d
  left join events as ev on ev.source = d.source and d.business_date between ev.starts_on and ev.ends_on
  -- Overlapping events: the one expecting most.
  qualify row_number() over (partition by d.source, d.business_date order by ev.factor desc) = 1
),
training as (
  select a.source, a.business_date, h.usual_count as value
  from adjusted as a
  join adjusted as h on h.source = a.source
    and h.business_date < a.business_date
    and h.business_date >= date_sub(a.business_date, interval 42 day)
    and mod(date_diff(a.business_date, h.business_date, day), 7) = 0
),
medians as (
  select source, business_date, avg(value) as median, max(n) as points from (
    select source, business_date, value, row_number() over (partition by source, business_date order by value) as rk, count(*) over (partition by source, business_date) as n
    from training
  ) where 2 * rk between n and n + 2 group by source, business_date
),
deviations as (
  select t.source, t.business_date, abs(t.value - m.median) as value
  from training as t join medians as m on m.source = t.source and m.business_date = t.business_date
),
mads as (
  select source, business_date, avg(value) as median, max(n) as points from (
    select source, business_date, value, row_number() over (partition by source, business_date order by value) as rk, count(*) over (partition by source, business_date) as n
    from deviations
  ) where 2 * rk between n and n + 2 group by source, business_date
),
banded as (
  select a.source, a.business_date, a.row_count, a.event_name, a.factor, m.points, m.median, d.median as mad,
    greatest(1.4826 * d.median, 0.1 * m.median) as spread
  from adjusted as a
  left join medians as m on m.source = a.source and m.business_date = a.business_date
  left join mads as d on d.source = a.source and d.business_date = a.business_date
  where a.business_date >= date_sub(current_date('Asia/Kolkata'), interval 35 day)
),
bounds as (
  select *,
    greatest(0, (median - 3 * spread) * factor) as lower_warn,
    (median + 3 * spread) * factor as upper_warn,
    greatest(0, (median - 6 * spread) * factor) as lower_error
  from banded
)
select
  source,
  case source when 'pos' then 'raw_pos_transactions' when 'ecom' then 'raw_ecom_orders' when 'inventory' then 'raw_inventory_snapshots' end as table_name,
  business_date,
  extract(dayofweek from business_date) as weekday,
  row_count as observed_rows,
  event_name,
  factor as event_factor,
  coalesce(points, 0) as training_weeks,
  median * factor as expected_rows,
  mad * factor as mad_rows,
  lower_warn, upper_warn, lower_error,
  case
    when coalesce(points, 0) < 3 then 'NO_DATA'
    when row_count < lower_error then 'ERROR'
    when row_count < lower_warn or row_count > upper_warn then 'WARN'
    else 'PASS'
  end as status,
  current_timestamp() as computed_at
from bounds
