-- gigamart-dev.giga_mart.pos_sales_today (view), definitions/gold/pos_sales_today.sqlx
-- DuckDB statements the local target runs; written by `npm run golden:update`

-- ## every run
-- job 1 of 1
CREATE OR REPLACE VIEW "gigamart-dev"."giga_mart"."pos_sales_today" AS SELECT t.event_date AS sales_date, t.store_id, EXTRACT(HOUR FROM timezone('Asia/Kolkata', CAST(t.event_ts AS TIMESTAMPTZ))) AS sales_hour, COUNT(DISTINCT t.transaction_id) AS transactions, SUM(IF(l.quantity > 0, l.quantity, 0)) AS units, SUM(l.quantity * l.unit_price - COALESCE(l.discount, 0)) AS net_sales, MAX(t.event_ts) AS last_event_ts FROM (SELECT * FROM "gigamart-dev"."giga_raw"."raw_pos_transactions" WHERE event_date = CAST(CURRENT_TIMESTAMP AT TIME ZONE 'Asia/Kolkata' AS DATE) AND dq_status <> 'INVALID' QUALIFY ROW_NUMBER() OVER (PARTITION BY transaction_id ORDER BY ingestion_ts NULLS FIRST, source_file NULLS FIRST, record_hash NULLS FIRST) = 1) AS t CROSS JOIN (SELECT unnest(t.lines, max_depth => 2) AS "l") AS "l" GROUP BY sales_date, store_id, sales_hour;
