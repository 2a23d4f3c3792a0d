import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { ConfigError, loadConfig } from "../../config/load";
import locations from "../../config/service-locations.json";
import { tempDir } from "../runner/fixtures";

const DEV = fs.readFileSync(path.resolve(__dirname, "../../config/config_dev.yaml"), "utf8");

/** config_dev.yaml with one value replaced, in its own folder (for GIGAMART_CONFIG_DIR too). */
export function devConfigDir(from: string | RegExp, to: string): string {
  const edited = DEV.replace(from, to);
  if (edited === DEV) throw new Error(`test setup: ${from} not found in config_dev.yaml`);
  const dir = tempDir("gigamart-config-");
  fs.writeFileSync(path.join(dir, "config_dev.yaml"), edited);
  return dir;
}

/** Each config that cannot work, the key it must be refused by, and why. */
export const REFUSALS: { what: string; from: string | RegExp; to: string; key: string; why: RegExp }[] = [
  { what: "a source time zone the UDF cannot convert", from: "source_time_zone: Asia/Kolkata", to: "source_time_zone: Europe/Berlin", key: "landing.source_time_zone", why: /not a zone the UDF can convert/ },
  { what: "an offset beyond BigQuery's ±14:00", from: "source_time_zone: Asia/Kolkata", to: "source_time_zone: '+14:30'", key: "landing.source_time_zone", why: /not a time zone BigQuery reads/ },
  { what: "an offset no zone has", from: "source_time_zone: Asia/Kolkata", to: "source_time_zone: '+25:00'", key: "landing.source_time_zone", why: /not a time zone BigQuery reads/ },
  { what: "a schedule time zone that is not a tz name", from: "  time_zone: Asia/Kolkata", to: "  time_zone: '+05:30'", key: "schedules.time_zone", why: /not a tz database time zone name/ },
  { what: "a misspelled schedule time zone", from: "  time_zone: Asia/Kolkata", to: "  time_zone: Asia/Kolkatta", key: "schedules.time_zone", why: /not a tz database time zone name/ },
  { what: "an impossible cron", from: 'daily_ingestion: "0 1 * * *"', to: 'daily_ingestion: "99 99 * * *"', key: "schedules.daily_ingestion", why: /does not parse: .*0-59/ },
  { what: "a cron with syntax unix-cron lacks", from: 'monitoring: "45 * * * *"', to: 'monitoring: "45 * L * *"', key: "schedules.monitoring", why: /syntax unix-cron does not have/ },
  { what: "a six-field cron", from: 'release_compile: "0 * * * *"', to: 'release_compile: "0 0 * * * *"', key: "schedules.release_compile", why: /has 6 fields/ },
  { what: "a Git URL with a token", from: "https://github.com/", to: "https://x-access-token:ghp_TOKEN123@github.com/", key: "dataform.git_remote_url", why: /carries credentials/ },
  { what: "a Git URL with a token as its user", from: "https://github.com/", to: "https://ghp_TOKEN123@github.com/", key: "dataform.git_remote_url", why: /carries credentials/ },
  { what: "a Git URL with a token in its query", from: "retail-analytics.git", to: "retail-analytics.git?access_token=ghp_TOKEN123", key: "dataform.git_remote_url", why: /query or fragment/ },
  { what: "a region that does not exist", from: "region: asia-south1", to: "region: asia-south9", key: "gcp.region", why: /not a documented location of BigQuery, Dataform, Workflows/ },
  { what: "a region where Dataform is not offered", from: "region: asia-south1", to: "region: northamerica-south1", key: "gcp.region", why: /not a documented location of Dataform,/ },
  { what: "Dataflow temp files outside the landing bucket", from: "temp_location: gs://giga-raw-dev/", to: "temp_location: gs://elsewhere/", key: "dataflow.temp_location", why: /bucket 'elsewhere' is not landing\.bucket 'giga-raw-dev'/ },
  { what: "a late window of no days", from: "window_days: 30", to: "window_days: 0", key: "late_data.window_days", why: /expected number to be >=1/ },
  { what: "a late window in fractions of a day", from: "window_days: 30", to: "window_days: 1.5", key: "late_data.window_days", why: /expected int/ },
  { what: "an event on a day no calendar has", from: 'starts_on: "2026-11-07"', to: 'starts_on: "2026-13-01"', key: "monitoring.announced_events.0.starts_on", why: /expected a date 'YYYY-MM-DD'/ },
  { what: "an event that ends before it starts", from: 'ends_on: "2026-11-09"', to: 'ends_on: "2026-11-01"', key: "monitoring.announced_events.0.ends_on", why: /ends_on is before starts_on/ },
  { what: "an event name the Dataform var would split", from: "name: Diwali 2026", to: 'name: "Diwali; 2026"', key: "monitoring.announced_events.0.name", why: /without \| ; or ,/ },
  { what: "an ERROR band narrower than the WARN band", from: "error_mads: 6", to: "error_mads: 2", key: "monitoring.expectations.error_mads", why: /at least warn_mads/ },
  { what: "templates from another region's bucket", from: "dataflow-templates-asia-south1", to: "dataflow-templates-us-central1", key: "dataflow.template_root", why: /template bucket of gcp\.region/ },
];

describe("config that cannot work is refused at load", () => {
  for (const r of REFUSALS) {
    it(`refuses ${r.what}, naming ${r.key}`, () => {
      expect(() => loadConfig("dev", devConfigDir(r.from, r.to))).to.throw(ConfigError, new RegExp(`config_dev\\.yaml: ${r.key.replace(".", "\\.")}: .*${r.why.source}`));
    });
  }

  it("never repeats the token of a refused Git URL", () => {
    const error = (() => {
      try {
        loadConfig("dev", devConfigDir("https://github.com/", "https://oauth2:ghp_TOKEN123@github.com/"));
      } catch (e) {
        return (e as Error).message;
      }
    })();
    expect(error).to.match(/dataform\.git_remote_url/);
    expect(error).to.not.include("ghp_TOKEN123");
  });

  it("accepts the zones, crons and URLs that do work", () => {
    const ok = (from: string | RegExp, to: string) => expect(() => loadConfig("dev", devConfigDir(from, to))).to.not.throw();
    ok("source_time_zone: Asia/Kolkata", "source_time_zone: UTC");
    ok("source_time_zone: Asia/Kolkata", "source_time_zone: '+05:30'");
    ok('daily: "30 2 * * *"', 'daily: "30 2 * * MON-FRI"');
    ok('release_compile: "0 * * * *"', 'release_compile: "0 */2 1,15 JAN-JUN *"');
    ok("https://github.com/gigamart/retail-analytics.git", "ssh://git@github.com/gigamart/retail-analytics.git");
  });

  it("keeps every service's documented locations with its source and the date checked", () => {
    expect(locations.checked).to.equal("2026-12-01");
    expect(Object.keys(locations.services)).to.have.members(["BigQuery", "Dataform", "Workflows", "Cloud Scheduler", "Dataflow", "Pub/Sub", "Cloud Storage"]);
    for (const [name, s] of Object.entries(locations.services)) {
      expect(s.source, name).to.match(/^https:\/\/docs\.cloud\.google\.com\//);
      if (s.regions !== "any") expect(s.regions, name).to.include(loadConfig("prod").gcp.region);
    }
  });
});
