-- gigamart-dev.giga_mart.pos_sales_today (view), definitions/gold/pos_sales_today.sqlx
-- BigQuery jobs Dataform sends; written by `npm run golden:update`

-- ## every run
-- job 1 of 1
create or replace view `gigamart-dev.giga_mart.pos_sales_today` as 

select
  t.event_date as sales_date,
  t.store_id,
  extract(hour from datetime(t.event_ts, 'Asia/Kolkata')) as sales_hour,
  count(distinct t.transaction_id) as transactions,
  sum(if(l.quantity > 0, l.quantity, 0)) as units,
  sum(l.quantity * l.unit_price - coalesce(l.discount, 0)) as net_sales,
  max(t.event_ts) as last_event_ts
from (
  select * from `gigamart-dev.giga_raw.raw_pos_transactions`
  where event_date = current_date('Asia/Kolkata') and dq_status != 'INVALID'
  qualify row_number() over (partition by transaction_id order by ingestion_ts, source_file, record_hash) = 1
) as t, unnest(t.lines) as l
group by sales_date, store_id, sales_hour
