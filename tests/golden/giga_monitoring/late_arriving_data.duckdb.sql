-- gigamart-dev.giga_monitoring.late_arriving_data (operation), definitions/monitoring/late_arriving_data.sqlx
-- DuckDB statements the local target runs; written by `npm run golden:update`

-- ## every run
-- job 1 of 1
CREATE TABLE IF NOT EXISTS "gigamart-dev"."giga_monitoring"."late_arriving_data" (source_table TEXT, business_key TEXT, record_hash TEXT, event_date DATE, event_ts TIMESTAMPTZ, ingestion_ts TIMESTAMPTZ, days_late BIGINT, line_count BIGINT, handled_as TEXT, logged_at TIMESTAMPTZ);
