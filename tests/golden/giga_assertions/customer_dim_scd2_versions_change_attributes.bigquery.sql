-- gigamart-dev.giga_assertions.customer_dim_scd2_versions_change_attributes (assertion), definitions/assertions/customer_dim_scd2_versions_change_attributes.sqlx
-- BigQuery jobs Dataform sends; written by `npm run golden:update`

-- ## every run
-- job 1 of 2

      create or replace view `gigamart-dev.giga_assertions.customer_dim_scd2_versions_change_attributes` as 

select customer_id, customer_sk, effective_from
from (
  select *, lag(row_hash) over (partition by customer_id order by effective_from) as previous_hash
  from `gigamart-dev.giga_curated.customer_dim_scd2`
)
where previous_hash = row_hash


-- job 2 of 2: the assertion fails when row_count > 0
select sum(1) as row_count from `gigamart-dev.giga_assertions.customer_dim_scd2_versions_change_attributes`
