-- gigamart-dev.giga_assertions.monitoring_error_checks (assertion), definitions/assertions/monitoring_error_checks.sqlx
-- BigQuery jobs Dataform sends; written by `npm run golden:update`

-- ## every run
-- job 1 of 2

      create or replace view `gigamart-dev.giga_assertions.monitoring_error_checks` as 

select check_name, table_name, observed_value, comparison, threshold, checked_at
from `gigamart-dev.giga_monitoring.dq_check_results`
where checked_at = (select max(checked_at) from `gigamart-dev.giga_monitoring.dq_check_results`)
  and severity = 'ERROR' and status = 'FAIL'


-- job 2 of 2: the assertion fails when row_count > 0
select sum(1) as row_count from `gigamart-dev.giga_assertions.monitoring_error_checks`
