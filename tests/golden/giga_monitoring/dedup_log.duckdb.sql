-- gigamart-dev.giga_monitoring.dedup_log (operation), definitions/monitoring/dedup_log.sqlx
-- DuckDB statements the local target runs; written by `npm run golden:update`

-- ## every run
-- job 1 of 1
CREATE TABLE IF NOT EXISTS "gigamart-dev"."giga_monitoring"."dedup_log" (source_table TEXT, business_key TEXT, record_hash TEXT, reason TEXT, partition_date DATE, line_count BIGINT, source_file TEXT, ingestion_ts TIMESTAMPTZ, logged_at TIMESTAMPTZ);
