import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { stringify } from "yaml";
import { ConfigError, configPath, loadConfig } from "../../config/load";
import { allBindings, desiredState } from "../../cloud/desired";
import { requestJson } from "../../cloud/api";
import { plan } from "../../cloud/plan";

const udfBundle = { from: "test", content: "function process_pos(line) { return line; }\n" };

// Roles that grant far more than any pipeline needs; project-wide data roles reach every dataset.
const OVER_BROAD = /^roles\/(owner|editor|viewer|iam\.securityAdmin|resourcemanager\.projectIamAdmin|storage\.admin|pubsub\.admin|dataflow\.admin|dataform\.admin|.*\.admin)$/;
const PROJECT_WIDE_FORBIDDEN = /^roles\/(bigquery\.(admin|dataOwner|dataEditor|dataViewer|user)|storage\.(objectAdmin|objectViewer|objectCreator)|pubsub\.(subscriber|publisher|editor))$/;

for (const env of ["dev", "prod"] as const) {
  describe(`least privilege (${env})`, () => {
    const config = loadConfig(env);
    const bindings = allBindings(desiredState(config, { udfBundle, projectNumber: "42" }));
    const project = `projects/${config.gcp.project}`;
    const ingestion = `serviceAccount:${config.service_accounts.ingestion}@${config.gcp.project}.iam.gserviceaccount.com`;
    const dataform = `serviceAccount:${config.service_accounts.dataform}@${config.gcp.project}.iam.gserviceaccount.com`;
    const analysts = `group:${config.service_accounts.analysts_group}`;
    const suffix = env === "dev" ? "_dev" : "";
    const dataflowStream = config.streaming.path === "dataflow";
    const grantsOf = (member: string) => bindings.filter((b) => b.member === member).map((b) => `${b.on.replace(`${project}/`, "")} ${b.role}`);

    it("grants no owner, editor, admin or other over-broad role, and no data role project-wide", () => {
      for (const b of bindings) {
        expect(b.role, `${b.member} on ${b.on}`).to.not.match(OVER_BROAD);
        if (b.on === project) expect(b.role, `${b.member} project-wide`).to.not.match(PROJECT_WIDE_FORBIDDEN);
      }
    });

    it(`lets ingestion write giga_raw only, read its landing bucket${dataflowStream ? " and subscription" : ""}, run Dataflow and start the scheduled-ingest workflow`, () => {
      expect(grantsOf(ingestion)).to.have.members([
        `${project} roles/bigquery.jobUser`,
        `${project} roles/dataflow.worker`,
        `${project} roles/dataflow.developer`,
        `${project} roles/workflows.invoker`,
        "datasets/giga_raw roles/bigquery.dataEditor",
        `projects/_/buckets/${config.landing.bucket} roles/storage.objectAdmin`,
        // Only the Dataflow job pulls the POS subscription.
        ...(dataflowStream ? ["subscriptions/pos-transactions-sub roles/pubsub.subscriber"] : []),
        `serviceAccounts/${ingestion.replace("serviceAccount:", "")} roles/iam.serviceAccountUser`,
      ]);
    });

    it("lets Dataform read bronze and write silver, gold, monitoring and assertions", () => {
      expect(grantsOf(dataform)).to.have.members([
        `${project} roles/bigquery.jobUser`,
        "datasets/giga_raw roles/bigquery.dataViewer",
        `datasets/giga_curated${suffix} roles/bigquery.dataEditor`,
        `datasets/giga_mart${suffix} roles/bigquery.dataEditor`,
        `datasets/giga_monitoring${suffix} roles/bigquery.dataEditor`,
        `datasets/giga_assertions${suffix} roles/bigquery.dataEditor`,
      ]);
    });

    it("gives Dataform no role that writes giga_raw: bronze is ingestion's alone", () => {
      const onRaw = bindings.filter((b) => b.member === dataform && b.on === `${project}/datasets/giga_raw`).map((b) => b.role);
      expect(onRaw).to.deep.equal(["roles/bigquery.dataViewer"]);
    });

    it("lets analysts read giga_mart only", () => {
      expect(grantsOf(analysts)).to.have.members([`${project} roles/bigquery.jobUser`, `datasets/giga_mart${suffix} roles/bigquery.dataViewer`]);
    });

    it("authorizes giga_mart's views on bronze and silver, so analysts query gold views without any grant below gold", () => {
      const resources = desiredState(config, { udfBundle, projectNumber: "42" });
      const authorized = resources
        .filter((r) => r.kind === "bigquery.datasetAccess")
        .flatMap((r) =>
          (r.state.access as { dataset?: { dataset: { datasetId: string }; targetTypes: string[] } }[])
            .filter((e) => e.dataset)
            .map((e) => `${r.id.replace(`${project}/`, "").replace("#access", "")} <- ${e.dataset!.dataset.datasetId} ${e.dataset!.targetTypes.join()}`),
        );
      expect(authorized).to.deep.equal([`datasets/giga_raw <- giga_mart${suffix} VIEWS`, `datasets/giga_curated${suffix} <- giga_mart${suffix} VIEWS`]);
    });

    it(`grants Google's service agents only what dead-lettering${dataflowStream ? "" : ", the BigQuery subscription's writes to bronze"} and Dataform's Git access need`, () => {
      const agents = bindings.filter((b) => b.member.includes("@gcp-sa-")).map((b) => `${b.on.replace(`${project}/`, "")} ${b.role} ${b.member.split("@")[1]}`);
      expect(agents).to.have.members([
        "subscriptions/pos-transactions-sub roles/pubsub.subscriber gcp-sa-pubsub.iam.gserviceaccount.com",
        "topics/pos-transactions-dead-letter roles/pubsub.publisher gcp-sa-pubsub.iam.gserviceaccount.com",
        ...(dataflowStream ? [] : ["datasets/giga_raw roles/bigquery.dataEditor gcp-sa-pubsub.iam.gserviceaccount.com"]),
        `serviceAccounts/${dataform.replace("serviceAccount:", "")} roles/iam.serviceAccountTokenCreator gcp-sa-dataform.iam.gserviceaccount.com`,
        "secrets/dataform-git-token roles/secretmanager.secretAccessor gcp-sa-dataform.iam.gserviceaccount.com",
      ]);
    });
  });
}

describe("datasets per environment", () => {
  it("suffixes the Dataform-written datasets in dev, as the release configuration's schemaSuffix does, but not bronze", () => {
    const ids = desiredState(loadConfig("dev"), { udfBundle })
      .filter((r) => r.kind === "bigquery.dataset")
      .map((r) => r.id.split("/").pop());
    expect(ids).to.deep.equal(["giga_raw", "giga_curated_dev", "giga_mart_dev", "giga_monitoring_dev", "giga_assertions_dev"]);
  });

  it("puts every dataset in asia-south1 with the environment's labels and a description", () => {
    for (const r of desiredState(loadConfig("prod"), { udfBundle }).filter((x) => x.kind === "bigquery.dataset")) {
      expect(r.state.location).to.equal("asia-south1");
      expect(r.state.labels).to.include({ app: "gigamart", env: "prod" });
      expect(r.state.description).to.be.a("string").and.not.equal("");
    }
  });
});

describe("secrets stay out of config", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "gigamart-cloud-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const write = (env: string, edit: (doc: Record<string, any>) => void) => {
    const doc = loadConfig(env);
    edit(doc as Record<string, any>);
    fs.writeFileSync(configPath(env, dir), stringify(doc));
  };

  it("refuses a Git token written into config, naming the key", () => {
    write("prod", (doc) => (doc.dataform.git_token = "ghp_0123456789abcdef"));
    expect(() => loadConfig("prod", dir)).to.throw(ConfigError, /dataform\.git_token: unknown key/);
  });

  it("refuses a token where the Secret Manager reference belongs", () => {
    write("prod", (doc) => (doc.dataform.git_token_secret_version = "ghp_0123456789abcdef"));
    expect(() => loadConfig("prod", dir)).to.throw(ConfigError, /dataform\.git_token_secret_version/);
  });

  it("plans without reading any secret value and leaves the config files untouched", () => {
    const before = ["dev", "prod"].map((e) => fs.readFileSync(configPath(e), "utf8"));
    const entries = plan(desiredState(loadConfig("prod"), { udfBundle }), new Map());
    const everything = requestJson(entries);
    expect(everything).to.not.match(/accessSecretVersion|secretmanager\.versions\.access/);
    expect(entries.filter((e) => e.request?.api === "secretmanager").map((e) => e.request!.method)).to.deep.equal(["projects.secrets.setIamPolicy"]);
    expect(["dev", "prod"].map((e) => fs.readFileSync(configPath(e), "utf8"))).to.deep.equal(before);
  });
});

describe("schedule order", () => {
  const config = loadConfig("prod");
  const withSchedules = (s: Partial<typeof config.schedules>) => ({ ...config, schedules: { ...config.schedules, ...s } });

  it("refuses an hourly workflow at or before the minute its ingestion starts, or on another cadence", () => {
    expect(() => desiredState(withSchedules({ hourly: "5 * * * *" }), { udfBundle })).to.throw(/schedules\.hourly: '5 \* \* \* \*' must run after schedules\.hourly_ingestion/);
    expect(() => desiredState(withSchedules({ hourly: "20 3 * * *" }), { udfBundle })).to.throw(/same cadence/);
  });

  it("accepts schedules it cannot compare (ranges, lists, weekdays) as written", () => {
    expect(() => desiredState(withSchedules({ daily: "30 2 * * 1-5" }), { udfBundle })).to.not.throw();
  });

  it("refuses a daily workflow that would run before the nightly ingestion it reads", () => {
    const config = loadConfig("prod");
    const early = { ...config, schedules: { ...config.schedules, daily: "30 0 * * *" } };
    expect(() => desiredState(early, { udfBundle })).to.throw(
      "config/config_prod.yaml: schedules.daily: '30 0 * * *' must run after schedules.daily_ingestion ('0 1 * * *') on the same cadence",
    );
  });
});
