-- gigamart-dev.giga_assertions.sales_fact_references_resolve (assertion), definitions/assertions/sales_fact_references_resolve.sqlx
-- BigQuery jobs Dataform sends; written by `npm run golden:update`

-- ## every run
-- job 1 of 2

      create or replace view `gigamart-dev.giga_assertions.sales_fact_references_resolve` as 

select 'sales_fact.store_key' as reference, f.store_key as value from `gigamart-dev.giga_curated.sales_fact` as f
left join `gigamart-dev.giga_curated.store_dim` as s on s.store_id = f.store_key where s.store_id is null
union all
select 'sales_fact.product_key', f.product_key from `gigamart-dev.giga_curated.sales_fact` as f
left join `gigamart-dev.giga_curated.product_dim` as p on p.product_id = f.product_key where p.product_id is null
union all
select 'sales_fact.customer_sk', f.customer_sk from `gigamart-dev.giga_curated.sales_fact` as f
left join `gigamart-dev.giga_curated.customer_dim_scd2` as c on c.customer_sk = f.customer_sk where f.customer_sk is not null and c.customer_sk is null
union all
select 'inventory_snapshot_fact.store_key', i.store_key from `gigamart-dev.giga_curated.inventory_snapshot_fact` as i
left join `gigamart-dev.giga_curated.store_dim` as s on s.store_id = i.store_key where s.store_id is null
union all
select 'inventory_snapshot_fact.product_key', i.product_key from `gigamart-dev.giga_curated.inventory_snapshot_fact` as i
left join `gigamart-dev.giga_curated.product_dim` as p on p.product_id = i.product_key where p.product_id is null


-- job 2 of 2: the assertion fails when row_count > 0
select sum(1) as row_count from `gigamart-dev.giga_assertions.sales_fact_references_resolve`
