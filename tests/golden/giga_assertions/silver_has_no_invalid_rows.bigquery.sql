-- gigamart-dev.giga_assertions.silver_has_no_invalid_rows (assertion), definitions/assertions/silver_has_no_invalid_rows.sqlx
-- BigQuery jobs Dataform sends; written by `npm run golden:update`

-- ## every run
-- job 1 of 2

      create or replace view `gigamart-dev.giga_assertions.silver_has_no_invalid_rows` as 

select 'stg_pos_transactions' as model, transaction_id as business_key from `gigamart-dev.giga_curated.stg_pos_transactions` where not (dq_status != 'INVALID')
union all
select 'stg_ecom_orders', order_id from `gigamart-dev.giga_curated.stg_ecom_orders` where not (dq_status != 'INVALID')
union all
select 'stg_crm_customers', customer_id from `gigamart-dev.giga_curated.stg_crm_customers` where not (dq_status != 'INVALID')
union all
select 'stg_inventory_snapshots', concat(store_id, '|', product_id) from `gigamart-dev.giga_curated.stg_inventory_snapshots` where not (dq_status != 'INVALID')


-- job 2 of 2: the assertion fails when row_count > 0
select sum(1) as row_count from `gigamart-dev.giga_assertions.silver_has_no_invalid_rows`
