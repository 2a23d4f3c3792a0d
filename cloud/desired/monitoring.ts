import type { GigaMartConfig } from "../../config/load";
import { updateMaskPaths, type DesiredResource } from "../resource";
import type { Names } from "./names";
import { SCHEDULED_INGEST_WORKFLOW } from "./scheduled-ingest";

export const CHANNEL_PLACEHOLDER = "{notificationChannel:failure-email}";
const CHANNEL_NAME = "GigaMart failure e-mail";
const ONE_HOUR = { seconds: 3600 };

// Monitoring assigns the ids; ours are found by display name.
const channelId = (n: Names) => `${n.projectResource}/notificationChannels[displayName="${CHANNEL_NAME}"]`;

function firstMatch(field: string, value: string) {
  return (items: unknown) => {
    if (items === undefined) return undefined;
    // Misreading the list would create a duplicate channel or policy on every deploy.
    if (!Array.isArray(items)) throw new Error(`monitoring: expected a list looking for ${field} "${value}"`);
    return items.find((i: Record<string, unknown>) => i[field] === value);
  };
}

/** Server-assigned names: found by display name, referenced by a placeholder until created. */
export function failureEmailChannel(config: GigaMartConfig, n: Names): DesiredResource {
  const fields = { type: "email", displayName: CHANNEL_NAME, labels: { email_address: config.alerts.email_on_failure }, userLabels: { ...config.gcp.labels } };
  return {
    kind: "monitoring.notificationChannel",
    id: channelId(n),
    dependsOn: [],
    read: { api: "monitoring", method: "listNotificationChannels", request: { name: n.projectResource, filter: `type="email"` } },
    pick: firstMatch("displayName", CHANNEL_NAME),
    state: fields,
    placeholder: CHANNEL_PLACEHOLDER,
    create: { api: "monitoring", method: "createNotificationChannel", request: { name: n.projectResource, notificationChannel: fields } },
    update: (changes, current) => ({
      api: "monitoring",
      method: "updateNotificationChannel",
      request: { notificationChannel: { name: current.name, ...fields }, updateMask: { paths: updateMaskPaths(changes) } },
    }),
  };
}

function alertPolicy(config: GigaMartConfig, n: Names, displayName: string, doc: string, condition: Record<string, unknown>): DesiredResource {
  const logMatch = "conditionMatchedLog" in condition;
  const fields = {
    displayName,
    documentation: { content: doc, mimeType: "text/markdown" },
    userLabels: { ...config.gcp.labels },
    conditions: [{ displayName, ...condition }],
    combiner: "OR",
    severity: "ERROR",
    notificationChannels: [CHANNEL_PLACEHOLDER],
    // Log-match conditions require a notification rate limit.
    alertStrategy: { ...(logMatch ? { notificationRateLimit: { period: ONE_HOUR } } : {}), autoClose: { seconds: 7 * 24 * 3600 } },
  };
  return {
    kind: "monitoring.alertPolicy",
    id: `${n.projectResource}/alertPolicies[displayName="${displayName}"]`,
    dependsOn: [channelId(n)],
    read: { api: "monitoring", method: "listAlertPolicies", request: { name: n.projectResource, filter: `display_name="${displayName}"` } },
    pick: firstMatch("displayName", displayName),
    state: fields,
    create: { api: "monitoring", method: "createAlertPolicy", request: { name: n.projectResource, alertPolicy: fields } },
    update: (changes, current) => ({
      api: "monitoring",
      method: "updateAlertPolicy",
      request: { alertPolicy: { name: current.name, ...fields }, updateMask: { paths: updateMaskPaths(changes) } },
    }),
  };
}

const dataformFailures = (n: Names, extra = "") =>
  [
    `resource.type="dataform.googleapis.com/Repository"`,
    `resource.labels.repository_id="${n.repository.split("/").pop()}"`,
    `jsonPayload.@type="type.googleapis.com/google.cloud.dataform.logging.v1.WorkflowInvocationCompletionLogEntry"`,
    `jsonPayload.terminalState="FAILED"`,
    extra,
  ]
    .filter(Boolean)
    .join(" AND ");

export function alertPolicies(config: GigaMartConfig, n: Names): DesiredResource[] {
  const streamJob = `resource.type="dataflow_job" AND resource.labels.job_name="${config.dataflow.streaming_job_name}"`;
  const stalledAfter = config.monitoring.freshness_minutes.pos.error * 60;
  // The Dataflow job's lag, or how long the BigQuery subscription's oldest message has waited.
  const stalledWhat = config.streaming.path === "dataflow" ? "The POS streaming job's system lag" : "The age of the POS subscription's oldest unacked message";
  const stalledFilter =
    config.streaming.path === "dataflow"
      ? `${streamJob} AND metric.type="dataflow.googleapis.com/job/system_lag"`
      : `resource.type="pubsub_subscription" AND resource.labels.subscription_id="${config.pubsub.subscription}" AND metric.type="pubsub.googleapis.com/subscription/oldest_unacked_message_age"`;
  return [
    alertPolicy(config, n, "GigaMart: Dataform workflow failed", "A scheduled Dataform workflow invocation (daily, hourly or realtime) failed. Open the invocation in Dataform for the failing action.", {
      conditionMatchedLog: { filter: dataformFailures(n, `-jsonPayload.workflowConfigId="monitoring"`) },
    }),
    alertPolicy(config, n, "GigaMart: monitoring check ERROR", `A monitoring check (freshness, volume or error rate) breached its ERROR threshold: its assertion failed the \`monitoring\` workflow. See ${n.datasets.monitoring}.dq_check_results.`, {
      conditionMatchedLog: { filter: dataformFailures(n, `jsonPayload.workflowConfigId="monitoring"`) },
    }),
    alertPolicy(config, n, "GigaMart: Dataflow job failed", "A GigaMart Dataflow job (POS stream or a batch load) failed.", {
      conditionThreshold: {
        filter: `resource.type="dataflow_job" AND metric.type="dataflow.googleapis.com/job/is_failed" AND resource.labels.job_name=starts_with("gigamart-")`,
        comparison: "COMPARISON_GT",
        thresholdValue: 0,
        duration: { seconds: 0 },
        aggregations: [{ alignmentPeriod: { seconds: 300 }, perSeriesAligner: "ALIGN_MAX" }],
        trigger: { count: 1 },
      },
    }),
    alertPolicy(config, n, "GigaMart: scheduled load failed", `An execution of the ${SCHEDULED_INGEST_WORKFLOW} workflow failed, so its window's files were not launched. Its error names the file or request; re-run the window with \`gigamart ingest --target bigquery --scheduled <cadence> --at <execution start>\`.`, {
      conditionThreshold: {
        filter: `resource.type="workflows.googleapis.com/Workflow" AND resource.labels.workflow_id="${SCHEDULED_INGEST_WORKFLOW}" AND metric.type="workflows.googleapis.com/finished_execution_count" AND metric.labels.status="FAILED"`,
        comparison: "COMPARISON_GT",
        thresholdValue: 0,
        duration: { seconds: 0 },
        aggregations: [{ alignmentPeriod: { seconds: 300 }, perSeriesAligner: "ALIGN_SUM" }],
        trigger: { count: 1 },
      },
    }),
    alertPolicy(config, n, "GigaMart: POS stream stalled", `${stalledWhat} exceeded ${stalledAfter} s (monitoring.freshness_minutes.pos.error) for 10 minutes.`, {
      conditionThreshold: {
        filter: stalledFilter,
        comparison: "COMPARISON_GT",
        thresholdValue: stalledAfter,
        duration: { seconds: 600 },
        aggregations: [{ alignmentPeriod: { seconds: 300 }, perSeriesAligner: "ALIGN_MAX" }],
        trigger: { count: 1 },
      },
    }),
  ];
}
