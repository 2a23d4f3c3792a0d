-- gigamart-dev.giga_monitoring.late_arriving_data (operation), definitions/monitoring/late_arriving_data.sqlx
-- BigQuery jobs Dataform sends; written by `npm run golden:update`

-- ## every run
-- job 1 of 1


create table if not exists `gigamart-dev.giga_monitoring.late_arriving_data` (
  source_table string,
  business_key string,
  record_hash string,
  event_date date,
  event_ts timestamp,
  ingestion_ts timestamp,
  days_late int64,
  line_count int64,
  handled_as string,
  logged_at timestamp
)
partition by event_date
cluster by source_table

