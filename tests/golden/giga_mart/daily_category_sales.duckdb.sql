-- gigamart-dev.giga_mart.daily_category_sales (table), definitions/gold/daily_category_sales.sqlx
-- DuckDB statements the local target runs; written by `npm run golden:update`

-- ## every run
-- job 1 of 1
CREATE OR REPLACE TABLE "gigamart-dev"."giga_mart"."daily_category_sales" AS SELECT f.event_date AS sales_date, f.store_id, p.category, f.channel, SUM(f.gross_amount) AS gross_sales, SUM(f.discount_amount) AS discounts, SUM(f.return_amount) AS returns_amount, SUM(f.net_amount) AS net_sales, SUM(f.units) AS units, SUM(f.returned_units) AS returned_units, COUNT(DISTINCT f.transaction_id) AS transactions, COUNT(DISTINCT f.customer_id) AS customers FROM "gigamart-dev"."giga_curated"."sales_fact" AS f JOIN "gigamart-dev"."giga_curated"."product_dim" AS p ON p.product_id = f.product_key WHERE NOT f.is_cancelled GROUP BY f.event_date, f.store_id, p.category, f.channel;
