import { expect } from "chai";
import { devConfigDir, REFUSALS } from "../config/refusals.test";
import { gigamart } from "./gigamart";

// Every command that loads config, with arguments that would otherwise get past their own checks.
const COMMANDS: string[][] = [
  ["compile", "--json"],
  ["run", "--dry-run"],
  ["query", "select 1"],
  ["check"],
  ["test"],
  ["ingest", "--landing", "/nonexistent"],
  ["deploy", "--env", "dev", "--dry-run"],
];

describe("gigamart refuses config that cannot work", function () {
  this.timeout(120_000);

  it("every command that loads config refuses it in one line naming the key", () => {
    const cron = REFUSALS.find((r) => r.key === "schedules.daily_ingestion")!;
    const dir = devConfigDir(cron.from, cron.to);
    for (const args of COMMANDS) {
      const r = gigamart(args, { GIGAMART_CONFIG_DIR: dir });
      expect(r.code, args.join(" ")).to.equal(1);
      expect(r.firstErrorLine, args.join(" ")).to.match(/^gigamart: .*config_dev\.yaml: schedules\.daily_ingestion: '99 99 \* \* \*' does not parse/);
      expect(r.stderr.trim().split("\n"), args.join(" ")).to.have.length(1);
    }
  });

  for (const key of ["landing.source_time_zone", "schedules.time_zone", "gcp.region", "dataflow.temp_location"]) {
    it(`compile refuses a bad ${key}`, () => {
      const r0 = REFUSALS.find((r) => r.key === key)!;
      const r = gigamart(["compile", "--json"], { GIGAMART_CONFIG_DIR: devConfigDir(r0.from, r0.to) });
      expect(r.code).to.equal(1);
      expect(r.firstErrorLine).to.match(new RegExp(`^gigamart: .*config_dev\\.yaml: ${key.replace(".", "\\.")}: .*${r0.why.source}`));
    });
  }

  it("deploy --dry-run --format json refuses a Git URL with a token and never prints the token", () => {
    const r = gigamart(["deploy", "--env", "dev", "--dry-run", "--format", "json"], {
      GIGAMART_CONFIG_DIR: devConfigDir("https://github.com/", "https://x-access-token:ghp_TOKEN123@github.com/"),
    });
    expect(r.code).to.equal(1);
    expect(r.firstErrorLine).to.match(/^gigamart: .*config_dev\.yaml: dataform\.git_remote_url: carries credentials/);
    expect(r.stdout + r.stderr).to.not.include("ghp_TOKEN123");
  });
});
