-- gigamart-dev.giga_assertions.customer_dim_scd2_one_current_version (assertion), definitions/assertions/customer_dim_scd2_one_current_version.sqlx
-- BigQuery jobs Dataform sends; written by `npm run golden:update`

-- ## every run
-- job 1 of 2

      create or replace view `gigamart-dev.giga_assertions.customer_dim_scd2_one_current_version` as 

select customer_id, countif(is_current) as current_versions, countif(effective_to = timestamp '9999-12-31 23:59:59.999999+00') as open_versions
from `gigamart-dev.giga_curated.customer_dim_scd2`
group by customer_id
having countif(is_current) != 1 or countif(effective_to = timestamp '9999-12-31 23:59:59.999999+00') != 1 or countif(is_current and effective_to != timestamp '9999-12-31 23:59:59.999999+00') > 0


-- job 2 of 2: the assertion fails when row_count > 0
select sum(1) as row_count from `gigamart-dev.giga_assertions.customer_dim_scd2_one_current_version`
