import { expect } from "chai";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { findCredentials, METADATA_SERVER } from "../../cloud/connect";

const ROOT = path.resolve(__dirname, "../..");

// `gigamart deploy` in its own process, as on a fresh clone: no Google credentials anywhere.
function deployCommand(args: string[]) {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "gigamart-home-"));
  const script = `
    const { Command } = require("commander");
    const { register } = require("./cli/commands/deploy");
    const { reportError } = require("./cli/errors");
    const program = new Command("gigamart");
    register(program);
    program.parseAsync(process.argv).catch(reportError);`;
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, CLOUDSDK_CONFIG: path.join(home, "gcloud") };
  delete env.GOOGLE_APPLICATION_CREDENTIALS;
  try {
    const r = spawnSync(process.execPath, ["--require", "tsx/cjs", "-e", script, "gigamart", "deploy", ...args], { cwd: ROOT, env, encoding: "utf8" });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}

describe("gigamart deploy", () => {
  it("prints the full prod plan as JSON without credentials, saying the state is unknown", () => {
    const { code, stdout } = deployCommand(["--env", "prod", "--dry-run", "--format", "json"]);
    expect(code).to.equal(0);
    const out = JSON.parse(stdout);
    expect(out).to.include({ env: "prod", project: "gigamart-prod", dryRun: true, stateKnown: false });
    expect(out.note).to.match(/no Google credentials found: current state is unknown and treated as empty/);
    expect(out.summary.update + out.summary.keep).to.equal(0);
    expect(out.plan).to.have.length(out.summary.create);
    expect(out.plan.every((e: { request?: { api: string } }) => e.request && e.request.api)).to.equal(true);
    const scheduler = out.plan.find((e: { kind: string }) => e.kind === "scheduler.job");
    // Bytes travel base64-encoded, as the REST API takes them.
    const argument = JSON.parse(JSON.parse(Buffer.from(scheduler.request.request.job.httpTarget.body, "base64").toString()).argument);
    expect(argument.launchParameter.containerSpecGcsPath).to.match(/GCS_Text_to_BigQuery_Flex$/);
  });

  it("prints a readable plan table by default", () => {
    const { code, stdout } = deployCommand(["--env", "dev", "--dry-run"]);
    expect(code).to.equal(0);
    expect(stdout).to.contain("project gigamart-dev, region asia-south1");
    expect(stdout).to.match(/create\s+dataform\.workflowConfig\s+projects\/gigamart-dev\/locations\/asia-south1\/repositories\/gigamart-retail-analytics\/workflowConfigs\/daily/);
    expect(stdout).to.match(/\d+ to create, 0 to update, 0 to keep\n$/);
  });

  it("refuses to apply without credentials, saying how to get them", () => {
    const { code, stderr } = deployCommand(["--env", "prod"]);
    expect(code).to.equal(1);
    expect(stderr.split("\n")[0]).to.equal(
      "gigamart: no Google credentials (Application Default Credentials): run `gcloud auth application-default login`, or see what would be sent with --dry-run",
    );
  });

  it("requires the environment to be named", () => {
    const { code, stderr } = deployCommand(["--dry-run"]);
    expect(code).to.equal(1);
    expect(stderr).to.contain("required option '--env <env>' not specified");
  });
});

describe("credential discovery", () => {
  it("finds Application Default Credentials from the environment variable or gcloud's folder", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gigamart-adc-"));
    try {
      const offline = () => false;
      expect(findCredentials({}, dir, offline)).to.equal(undefined);
      const adc = path.join(dir, ".config", "gcloud", "application_default_credentials.json");
      fs.mkdirSync(path.dirname(adc), { recursive: true });
      fs.writeFileSync(adc, "{}");
      expect(findCredentials({}, dir, offline)).to.equal(adc);
      expect(findCredentials({ GOOGLE_APPLICATION_CREDENTIALS: path.join(dir, "missing.json") }, path.join(dir, "nowhere"), offline)).to.equal(undefined);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("uses the metadata server on a Google Cloud machine without a key file, and a key file before it", () => {
    const nowhere = path.join(os.tmpdir(), "gigamart-no-home");
    expect(findCredentials({}, nowhere, () => true)).to.equal(METADATA_SERVER);
    const key = fs.mkdtempSync(path.join(os.tmpdir(), "gigamart-key-"));
    try {
      fs.writeFileSync(path.join(key, "sa.json"), "{}");
      expect(findCredentials({ GOOGLE_APPLICATION_CREDENTIALS: path.join(key, "sa.json") }, nowhere, () => true)).to.equal(path.join(key, "sa.json"));
    } finally {
      fs.rmSync(key, { recursive: true, force: true });
    }
  });
});
