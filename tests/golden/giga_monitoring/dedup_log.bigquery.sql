-- gigamart-dev.giga_monitoring.dedup_log (operation), definitions/monitoring/dedup_log.sqlx
-- BigQuery jobs Dataform sends; written by `npm run golden:update`

-- ## every run
-- job 1 of 1


create table if not exists `gigamart-dev.giga_monitoring.dedup_log` (
  source_table string,
  business_key string,
  record_hash string,
  reason string,
  partition_date date,
  line_count int64,
  source_file string,
  ingestion_ts timestamp,
  logged_at timestamp
)
partition by partition_date
cluster by source_table, business_key

