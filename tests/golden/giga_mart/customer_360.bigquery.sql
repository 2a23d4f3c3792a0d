-- gigamart-dev.giga_mart.customer_360 (table), definitions/gold/customer_360.sqlx
-- BigQuery jobs Dataform sends; written by `npm run golden:update`

-- ## every run
-- job 1 of 1
create or replace table `gigamart-dev.giga_mart.customer_360` cluster by segment, loyalty_tier, customer_id as 

with current_profile as (
  select * from `gigamart-dev.giga_curated.customer_dim_scd2` where is_current
),
versions as (
  select customer_id, count(*) as profile_versions from `gigamart-dev.giga_curated.customer_dim_scd2` group by customer_id
),
purchases as (
  select
    customer_id,
    min(event_date) as first_purchase_date,
    max(event_date) as last_purchase_date,
    count(distinct concat(channel, '|', transaction_id)) as transactions,
    sum(net_amount) as lifetime_net_sales,
    string_agg(distinct channel, ',' order by channel) as channels
  from `gigamart-dev.giga_curated.sales_fact`
  where customer_id is not null and not is_cancelled
  group by customer_id
),
as_of as (
  select max(event_date) as as_of_date from `gigamart-dev.giga_curated.sales_fact`
),
measured as (
  select
    c.customer_id, c.customer_sk, c.first_name, c.last_name, c.email, c.loyalty_tier, c.city, c.country, c.unknown_attributes,
    v.profile_versions,
    p.first_purchase_date, p.last_purchase_date,
    coalesce(p.transactions, 0) as transactions,
    coalesce(p.lifetime_net_sales, cast(0 as numeric)) as lifetime_net_sales,
    p.channels,
    date_diff(a.as_of_date, p.last_purchase_date, day) as recency_days
  from current_profile as c
  join versions as v on v.customer_id = c.customer_id
  left join purchases as p on p.customer_id = c.customer_id
  cross join as_of as a
),
scored as (
  select
    *,
    if(transactions = 0, null, ntile(3) over (partition by transactions = 0 order by recency_days desc, customer_id)) as recency_score,
    if(transactions = 0, null, ntile(3) over (partition by transactions = 0 order by transactions, customer_id)) as frequency_score,
    if(transactions = 0, null, ntile(3) over (partition by transactions = 0 order by lifetime_net_sales, customer_id)) as monetary_score
  from measured
)
select
  *,
  transactions as frequency,
  lifetime_net_sales as monetary,
  case
    when transactions = 0 then 'NO_PURCHASE'
    when recency_score = 3 and frequency_score = 3 and monetary_score = 3 then 'CHAMPION'
    when recency_score >= 2 and frequency_score >= 2 then 'LOYAL'
    when monetary_score = 3 and recency_score >= 2 then 'BIG_SPENDER'
    when recency_score = 1 and frequency_score >= 2 then 'AT_RISK'
    when recency_score = 1 then 'LAPSED'
    else 'PROMISING'
  end as segment
from scored
