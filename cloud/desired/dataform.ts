import { dataformVars } from "../../config/dataform-vars";
import type { GigaMartConfig } from "../../config/load";
import type { Selection } from "../../runner/dataform/actions";
import { standardResource, type DesiredResource } from "../resource";
import { namesFor, type Names } from "./names";

export const PIPELINE_TAGS = ["daily", "hourly", "realtime", "monitoring"] as const;
export type PipelineTag = (typeof PIPELINE_TAGS)[number];

export function repository(config: GigaMartConfig, n: Names): DesiredResource {
  const fields = {
    displayName: "GigaMart Retail Analytics",
    gitRemoteSettings: {
      url: config.dataform.git_remote_url,
      defaultBranch: config.dataform.default_branch,
      // A Secret Manager reference: the token itself is never read or written here.
      authenticationTokenSecretVersion: config.dataform.git_token_secret_version,
    },
    serviceAccount: n.dataformSa,
    labels: { ...config.gcp.labels },
  };
  return standardResource({
    kind: "dataform.repository",
    api: "dataform",
    type: "Repository",
    name: n.repository,
    parent: n.locationParent,
    resourceId: config.dataform.repository,
    fields,
    dependsOn: [],
  });
}

/** Compilation overrides that make the one repository build this environment. */
export function codeCompilationConfig(config: GigaMartConfig, n: Names): Record<string, unknown> {
  return {
    defaultDatabase: n.project,
    defaultSchema: config.datasets.curated,
    defaultLocation: n.region,
    assertionSchema: config.datasets.assertions,
    schemaSuffix: config.dataform.schema_suffix,
    // The same vars a local run compiles with: datasets, time zone, monitoring thresholds.
    vars: dataformVars(config),
  };
}

export function releaseConfig(config: GigaMartConfig, n: Names): DesiredResource {
  const fields = {
    gitCommitish: config.dataform.default_branch,
    codeCompilationConfig: codeCompilationConfig(config, n),
    // Workflow configurations run the release's latest compilation result.
    cronSchedule: config.schedules.release_compile,
    timeZone: config.schedules.time_zone,
  };
  return standardResource({
    kind: "dataform.releaseConfig",
    api: "dataform",
    type: "ReleaseConfig",
    name: n.releaseConfig,
    parent: n.repository,
    resourceId: config.dataform.release_config,
    fields,
    dependsOn: [n.repository],
  });
}

/** Minutes after midnight of a "M H * * *" or "M * * * *" cron's first run; undefined for other shapes. */
function firstRunMinute(cron: string): { minute: number; hourly: boolean } | undefined {
  const m = /^(\d+) (\d+|\*) \* \* \*$/.exec(cron.trim());
  if (!m) return undefined;
  return m[2] === "*" ? { minute: Number(m[1]), hourly: true } : { minute: Number(m[2]) * 60 + Number(m[1]), hourly: false };
}

/**
 * A transformation must start after the ingestion it reads, on the same cadence; a schedule that
 * breaks this is a config error, named by key. Other cron shapes cannot be compared and pass.
 */
export function checkOrderedAfter(config: GigaMartConfig, tag: "daily" | "hourly"): void {
  const ingestionKey = `${tag}_ingestion` as const;
  const ingestion = firstRunMinute(config.schedules[ingestionKey]);
  const workflow = firstRunMinute(config.schedules[tag]);
  if (!ingestion || !workflow) return;
  if (ingestion.hourly !== workflow.hourly || workflow.minute <= ingestion.minute) {
    throw new Error(
      `config/config_${config.env}.yaml: schedules.${tag}: '${config.schedules[tag]}' must run after schedules.${ingestionKey} ('${config.schedules[ingestionKey]}') on the same cadence`,
    );
  }
}

export function workflowConfig(config: GigaMartConfig, n: Names, tag: PipelineTag): DesiredResource {
  if (tag === "daily" || tag === "hourly") checkOrderedAfter(config, tag);
  const name = `${n.repository}/workflowConfigs/${tag}`;
  const fields = {
    releaseConfig: n.releaseConfig,
    invocationConfig: {
      includedTags: [tag],
      // Upstream tables belong to their own schedule; pulling them in would run them twice.
      transitiveDependenciesIncluded: false,
      transitiveDependentsIncluded: false,
      fullyRefreshIncrementalTablesEnabled: false,
      serviceAccount: n.dataformSa,
    },
    cronSchedule: config.schedules[tag],
    timeZone: config.schedules.time_zone,
  };
  return standardResource({
    kind: "dataform.workflowConfig",
    api: "dataform",
    type: "WorkflowConfig",
    name,
    parent: n.repository,
    resourceId: tag,
    fields,
    dependsOn: [n.releaseConfig],
  });
}

/** The actions a schedule's workflow configuration runs, as a runner selection (Dataform's selection rules). */
export function workflowSelection(config: GigaMartConfig, tag: PipelineTag): Selection {
  const invocation = workflowConfig(config, namesFor(config), tag).state.invocationConfig as Record<string, unknown>;
  return {
    tags: invocation.includedTags as string[],
    includeDependencies: invocation.transitiveDependenciesIncluded === true,
    includeDependents: invocation.transitiveDependentsIncluded === true,
  };
}
