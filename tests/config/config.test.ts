import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { dataformVars } from "../../config/dataform-vars";
import { ConfigError, loadConfig } from "../../config/load";
import { tempDir } from "../runner/fixtures";

const REPO_CONFIG = path.resolve(__dirname, "../../config");

/** A copy of config_dev.yaml with one line changed, in a temp folder. */
function devConfigWith(edit: (text: string) => string): string {
  const dir = tempDir("gigamart-config-");
  fs.writeFileSync(path.join(dir, "config_dev.yaml"), edit(fs.readFileSync(path.join(REPO_CONFIG, "config_dev.yaml"), "utf8")));
  return dir;
}

describe("environment config", () => {
  it("loads and validates both environments shipped with the repo", () => {
    expect(loadConfig("dev").gcp).to.deep.include({ project: "gigamart-dev", region: "asia-south1" });
    expect(loadConfig("prod").gcp).to.deep.include({ project: "gigamart-prod", region: "asia-south1" });
    expect(loadConfig("prod").dataform.schema_suffix).to.equal("");
  });

  it("names an unknown key", () => {
    const dir = devConfigWith((t) => t.replace("  max_workers: 2", "  max_workers: 2\n  max_wrokers: 3"));
    expect(() => loadConfig("dev", dir)).to.throw(ConfigError, /config_dev\.yaml: dataflow\.max_wrokers: unknown key$/);
  });

  it("names a missing key", () => {
    const dir = devConfigWith((t) => t.replace(/^ {2}subscription: .*\n/m, ""));
    expect(() => loadConfig("dev", dir)).to.throw(ConfigError, /config_dev\.yaml: pubsub\.subscription: missing/);
  });

  it("names a key of the wrong type", () => {
    const dir = devConfigWith((t) => t.replace("max_workers: 2", "max_workers: two"));
    expect(() => loadConfig("dev", dir)).to.throw(ConfigError, /config_dev\.yaml: dataflow\.max_workers: .*number/);
  });

  it("reads the alert address from EMAIL_ON_FAILURE, with the file's fallback", () => {
    const saved = process.env.EMAIL_ON_FAILURE;
    try {
      process.env.EMAIL_ON_FAILURE = "oncall@gigamart.example";
      expect(loadConfig("dev").alerts.email_on_failure).to.equal("oncall@gigamart.example");
      delete process.env.EMAIL_ON_FAILURE;
      expect(loadConfig("dev").alerts.email_on_failure).to.equal("data-alerts-dev@gigamart.example");
    } finally {
      if (saved === undefined) delete process.env.EMAIL_ON_FAILURE;
      else process.env.EMAIL_ON_FAILURE = saved;
    }
  });

  it("points at the YAML line of a syntax error", () => {
    const dir = devConfigWith((t) => t.replace("env: dev", "env: [dev"));
    expect(() => loadConfig("dev", dir)).to.throw(ConfigError, /config_dev\.yaml:\d+: /);
  });

  it("refuses an environment that has no file", () => {
    expect(() => loadConfig("staging")).to.throw(ConfigError, "no config for environment 'staging'");
  });
});

describe("Dataform vars from config", () => {
  it("workflow_settings.yaml carries exactly the dev vars, so a bare `dataform compile` equals dev", () => {
    const settings = parse(fs.readFileSync(path.resolve(__dirname, "../../workflow_settings.yaml"), "utf8"));
    expect(settings.vars).to.deep.equal(dataformVars(loadConfig("dev")));
    expect(settings.defaultProject).to.equal(loadConfig("dev").gcp.project);
    expect(settings.defaultLocation).to.equal(loadConfig("dev").gcp.region);
  });

  it("lets config's dataform.vars override a derived var", () => {
    const config = loadConfig("prod");
    expect(dataformVars({ ...config, dataform: { ...config.dataform, vars: { mart_dataset: "giga_mart_v2" } } }).mart_dataset).to.equal("giga_mart_v2");
    expect(dataformVars(config).invalid_share_error).to.equal("0.1");
  });
});
