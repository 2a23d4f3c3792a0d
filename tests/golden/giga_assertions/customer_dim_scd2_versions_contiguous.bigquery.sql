-- gigamart-dev.giga_assertions.customer_dim_scd2_versions_contiguous (assertion), definitions/assertions/customer_dim_scd2_versions_contiguous.sqlx
-- BigQuery jobs Dataform sends; written by `npm run golden:update`

-- ## every run
-- job 1 of 2

      create or replace view `gigamart-dev.giga_assertions.customer_dim_scd2_versions_contiguous` as 

select customer_id, customer_sk, 'gap or overlap' as problem
from (
  select *, lead(effective_from) over (partition by customer_id order by effective_from) as next_from
  from `gigamart-dev.giga_curated.customer_dim_scd2`
)
where (next_from is not null and next_from != effective_to) or effective_from >= effective_to
union all
select any_value(customer_id), customer_sk, 'duplicate customer_sk' from `gigamart-dev.giga_curated.customer_dim_scd2` group by customer_sk having count(*) > 1


-- job 2 of 2: the assertion fails when row_count > 0
select sum(1) as row_count from `gigamart-dev.giga_assertions.customer_dim_scd2_versions_contiguous`
