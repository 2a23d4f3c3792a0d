import { dataformVars } from "../../config/dataform-vars";
import type { GigaMartConfig } from "../../config/load";
import { updateMaskPaths, type DesiredResource } from "../resource";
import type { Names } from "./names";

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
  return {
    kind: "dataform.repository",
    id: n.repository,
    dependsOn: [],
    read: { api: "dataform", method: "getRepository", request: { name: n.repository } },
    state: fields,
    create: {
      api: "dataform",
      method: "createRepository",
      request: { parent: n.locationParent, repositoryId: config.dataform.repository, repository: fields },
    },
    update: (changes) => ({
      api: "dataform",
      method: "updateRepository",
      request: { repository: { name: n.repository, ...fields }, updateMask: { paths: updateMaskPaths(changes) } },
    }),
  };
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
  return {
    kind: "dataform.releaseConfig",
    id: n.releaseConfig,
    dependsOn: [n.repository],
    read: { api: "dataform", method: "getReleaseConfig", request: { name: n.releaseConfig } },
    state: fields,
    create: {
      api: "dataform",
      method: "createReleaseConfig",
      request: { parent: n.repository, releaseConfigId: config.dataform.release_config, releaseConfig: fields },
    },
    update: (changes) => ({
      api: "dataform",
      method: "updateReleaseConfig",
      request: { releaseConfig: { name: n.releaseConfig, ...fields }, updateMask: { paths: updateMaskPaths(changes) } },
    }),
  };
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
  return {
    kind: "dataform.workflowConfig",
    id: name,
    dependsOn: [n.releaseConfig],
    read: { api: "dataform", method: "getWorkflowConfig", request: { name } },
    state: fields,
    create: { api: "dataform", method: "createWorkflowConfig", request: { parent: n.repository, workflowConfigId: tag, workflowConfig: fields } },
    update: (changes) => ({
      api: "dataform",
      method: "updateWorkflowConfig",
      request: { workflowConfig: { name, ...fields }, updateMask: { paths: updateMaskPaths(changes) } },
    }),
  };
}
