-- gigamart-dev.giga_curated.date_dim (view), definitions/silver/date_dim.sqlx
-- BigQuery jobs Dataform sends; written by `npm run golden:update`

-- ## every run
-- job 1 of 1
create or replace view `gigamart-dev.giga_curated.date_dim` as 

select
  date_day,
  cast(format_date('%Y%m%d', date_day) as int64) as date_id,
  extract(year from date_day) as calendar_year,
  extract(quarter from date_day) as calendar_quarter,
  extract(month from date_day) as calendar_month,
  format_date('%B', date_day) as month_name,
  extract(day from date_day) as day_of_month,
  extract(dayofweek from date_day) as day_of_week,
  format_date('%A', date_day) as day_name,
  extract(isoyear from date_day) as iso_year,
  extract(isoweek from date_day) as iso_week,
  extract(dayofweek from date_day) in (1, 7) as is_weekend,
  (extract(year from date_day) - if(extract(month from date_day) < 4, 1, 0)) as fiscal_year_start,
  concat('FY', cast((extract(year from date_day) - if(extract(month from date_day) < 4, 1, 0)) as string), '-', substr(cast((extract(year from date_day) - if(extract(month from date_day) < 4, 1, 0)) + 1 as string), 3, 2)) as fiscal_year,
  (div(mod(extract(month from date_day) + 8, 12), 3) + 1) as fiscal_quarter,
  (mod(extract(month from date_day) + 8, 12) + 1) as fiscal_month
from unnest(generate_date_array('2015-01-01', '2035-12-31')) as date_day
