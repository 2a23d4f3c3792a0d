import * as path from "node:path";
import { expect } from "chai";
import { dataformVars } from "../../config/dataform-vars";
import { loadConfig } from "../../config/load";
import { allBindings, desiredState } from "../../cloud/desired";
import { PIPELINE_TAGS } from "../../cloud/desired/dataform";
import { namesFor, type Names } from "../../cloud/desired/names";
import { scheduledIngestArgument, scheduledIngestSource } from "../../cloud/desired/scheduled-ingest";
import type { Binding, DesiredResource } from "../../cloud/resource";
import { grantUsed, missingPermissions, type Call } from "../../cloud/rules/calls";
import { ROLES } from "../../cloud/rules/roles";
import {
  analystCalls,
  bigQuerySubscriptionCalls,
  dataformActionCalls,
  dataformAgentCalls,
  deadLetterCalls,
  flexTemplateCalls,
  schedulerCalls,
  workflowStepCalls,
} from "../../cloud/rules/pipeline-calls";
import { ZetaSqlAnalyzer } from "../../fidelity/analyze";
import { checkGraph, type CheckReport } from "../../fidelity/check";
import { startZetaSql, type ZetaSqlService } from "../../fidelity/zetasql/service";
import { sources } from "../../ingestion/contracts";
import { graphActions, selectActions } from "../../runner/dataform/actions";
import { compileProject } from "../../runner/dataform/compile";
import type { CompiledGraph } from "../../runner/dataform/compiled-graph";
import { runWorkflow } from "../support/workflows-interpreter";

/**
 * Every call each pipeline makes, replayed against the grants the deploy plan creates and the
 * permissions Google documents for each role (cloud/rules). The Dataform calls come from the real
 * compiled graph of the environment, each statement's tables from Google's GoogleSQL analyzer.
 */

const REPO = path.join(__dirname, "..", "..");
const udfBundle = { from: "test", content: "function process_pos(line) { return line; }\n" };
// The streaming job is launched by whoever deploys; only what its workers do is the plan's concern.
const DEPLOYER = "user:deployer";

/** Runs the scheduled-ingest definition for one source over one landed file in its window, collecting its calls. */
async function scheduledIngestCalls(config: ReturnType<typeof loadConfig>, n: Names, source: (typeof sources)[number], cadence: "daily" | "hourly"): Promise<Call[]> {
  const at = new Date(cadence === "daily" ? "2026-11-27T01:00:07+05:30" : "2026-11-27T00:05:00+05:30");
  const name = `${source.landingFolder}/2026/11/26/part-0001.${source.format === "csv" ? "csv" : "json"}`;
  const content = Buffer.from(source.format === "csv" ? "id,value\n1,a\n" : '{"id":1}\n');
  const calls: Call[] = [];
  const call = async (fn: string, args: Record<string, any>): Promise<unknown> => { // eslint-disable-line @typescript-eslint/no-explicit-any
    calls.push(...workflowStepCalls(n, fn, args));
    switch (fn) {
      case "googleapis.storage.v1.objects.list":
        return args.prefix === `${source.landingFolder}/2026/11/26/`
          ? { items: [{ name, bucket: n.bucket, size: String(content.length), crc32c: "AAAAAA==", timeCreated: "2026-11-26T23:30:00+05:30" }] }
          : {};
      case "http.get":
        return { code: 206, headers: { "Content-Type": "text/csv" }, body: content };
      case "googleapis.storage.v1.objects.copy":
        return { name: args.destinationObject };
      case "http.post":
        return { code: 200, headers: {}, body: { name: args.query.name } };
      default:
        return { job: { id: "job-1" } };
    }
  };
  const argument = JSON.parse(JSON.stringify(scheduledIngestArgument(config, n, source, cadence)));
  await runWorkflow(scheduledIngestSource(), { argument, now: () => at.getTime() / 1000, call });
  expect(calls.map((c) => c.kind), `${source.name}: the workflow launched a job`).to.include("dataflow.flexTemplates.launch");
  expect(calls.map((c) => c.step), `${source.name}: the workflow counted the batch's lines`).to.satisfy((steps: string[]) => steps.some((s) => s.includes("line accounting")));
  return calls;
}

function dataformCalls(graph: CompiledGraph, report: CheckReport, n: Names, resources: readonly DesiredResource[]): Call[] {
  const planned = new Set(resources.filter((r) => r.kind === "bigquery.dataset").map((r) => r.id));
  const byName = new Map(report.actions.map((a) => [a.name, a]));
  expect(report.errors, "the analyzer resolves every statement").to.deep.equal([]);
  return PIPELINE_TAGS.flatMap((tag) =>
    selectActions(graphActions(graph), { tags: [tag] })
      .filter((a) => a.kind !== "declaration")
      .flatMap((a) => dataformActionCalls(`dataform ${tag}`, byName.get(a.name)!, `serviceAccount:${n.dataformSa}`, n.project, (d) => planned.has(d))),
  );
}

for (const env of ["dev", "prod"] as const) {
  describe(`permissions by Google's rules (${env})`, function () {
    this.timeout(300_000);
    const config = loadConfig(env);
    const n = namesFor(config, "42");
    const resources = desiredState(config, { udfBundle, projectNumber: "42" });
    const bindings = allBindings(resources);
    let service: ZetaSqlService;
    let calls: Call[];

    before(async () => {
      service = await startZetaSql();
      // The release configuration's compilation: the environment's project, dataset suffix and vars.
      const graph = await compileProject({ projectDir: REPO, defaultDatabase: n.project, schemaSuffix: config.dataform.schema_suffix, vars: dataformVars(config) });
      const report = await checkGraph(graph, new ZetaSqlAnalyzer(service, config.schedules.time_zone));
      const gold = report.actions.filter((a) => a.kind !== "assertion" && a.kind !== "declaration" && a.name.split(".")[1] === n.datasets.mart).map((a) => a.name);
      // The stream is the Dataflow job (its workers' calls) or BigQuery subscriptions (Pub/Sub's writes), per streaming.path.
      const streaming = resources.find((r) => r.kind === "dataflow.streamingJob");
      const subscriptionTables = resources.flatMap((r) => ((r.state.bigqueryConfig as { table?: string } | undefined)?.table ? [(r.state.bigqueryConfig as { table: string }).table] : []));
      expect(streaming ? "dataflow" : "bigquery_subscription", "the stream the config chose").to.equal(config.streaming.path);
      expect(subscriptionTables.length, "BigQuery subscriptions only on that path").to.equal(streaming ? 0 : 2);
      const secret = resources.find((r) => r.kind === "iam.policy" && r.id.includes("/secrets/"))!.id.replace(/#iamPolicy$/, "");
      const scheduled = [];
      for (const s of sources) scheduled.push(...(await scheduledIngestCalls(config, n, s, s.name === "ecom" ? "hourly" : "daily")));
      calls = [
        ...dataformCalls(graph, report, n, resources),
        ...scheduled,
        ...(streaming
          ? flexTemplateCalls("realtime stream", "streaming job", DEPLOYER, n, (streaming.create.request as { launchParameter: Record<string, unknown> }).launchParameter).filter((c) => c.member !== DEPLOYER)
          : []),
        ...bigQuerySubscriptionCalls(n, subscriptionTables),
        ...deadLetterCalls(n),
        ...resources
          .filter((r) => r.kind === "scheduler.job")
          .flatMap((r) => {
            const target = r.state.httpTarget as { uri: string; oauthToken: { serviceAccountEmail: string } };
            return schedulerCalls(r.id.split("/").pop()!, target.oauthToken.serviceAccountEmail, target.uri.replace(/^https:\/\/workflowexecutions\.googleapis\.com\/v1\//, "").replace(/\/executions$/, ""));
          }),
        ...dataformAgentCalls(n, secret),
        ...analystCalls(n, gold),
      ];
    });
    after(() => service?.stop());

    it("models every role the plan grants with its documented permissions, source and date", () => {
      for (const b of bindings) {
        expect(ROLES[b.role], b.role).to.not.equal(undefined);
        expect(ROLES[b.role]!.source).to.match(/^https:\/\/cloud\.google\.com\/iam\/docs\/roles-permissions\//);
        expect(ROLES[b.role]!.checked).to.equal("2026-12-01");
      }
    });

    it("replays every action of the four Dataform workflow configurations, pre-operations included", () => {
      const pipelines = new Set(calls.map((c) => c.pipeline));
      for (const tag of PIPELINE_TAGS) expect(pipelines, tag).to.include(`dataform ${tag}`);
      const dedup = `projects/${n.project}/datasets/${n.datasets.monitoring}/tables/dedup_log`;
      expect(calls.filter((c) => c.kind === "bigquery.dml" && c.resource === dedup && /stg_pos_transactions/.test(c.step)).length, "stg_* pre-operations insert into dedup_log").to.be.greaterThan(0);
    });

    it("lets every call of every pipeline through: Dataform, scheduled loads, the stream, Scheduler, service agents, analysts", () => {
      expect(missingPermissions(calls, bindings, n.project)).to.deep.equal([]);
    });

    it("creates every dataset a Dataform action writes", () => {
      expect(calls.filter((c) => c.kind === "bigquery.datasets.insert").map((c) => c.step)).to.deep.equal([]);
    });

    it("fails, naming the call, the permission and the pipeline step, when any one grant is removed", () => {
      const unused: Binding[] = [];
      for (const grant of bindings) {
        const rest = bindings.filter((b) => b !== grant);
        const failures = missingPermissions(calls, rest, n.project);
        if (failures.length === 0) unused.push(grant);
        for (const f of failures) expect(f).to.match(/^.+ \/ .+: [a-zA-Z.]+ needs [a-zA-Z.]+ on \S+ for \S+$/).and.contain(grant.member);
      }
      expect(unused.map((g) => `${g.member} ${g.role} on ${g.on}`), "grants no call needs").to.deep.equal([]);
      expect(bindings.every((g) => grantUsed(g, calls, n.project))).to.equal(true);
    });
  });
}
