import type { GigaMartConfig } from "../../config/load";
import { updateMaskPaths, type DesiredResource } from "../resource";
import type { Names } from "./names";

const SEVEN_DAYS = { seconds: 7 * 24 * 3600 };

export function topic(config: GigaMartConfig, name: string, purpose: string): DesiredResource {
  const fields = { labels: { ...config.gcp.labels, purpose } };
  return {
    kind: "pubsub.topic",
    id: name,
    dependsOn: [],
    read: { api: "pubsub", method: "getTopic", request: { topic: name } },
    state: fields,
    create: { api: "pubsub", method: "createTopic", request: { name, ...fields } },
    update: (changes) => ({ api: "pubsub", method: "updateTopic", request: { topic: { name, ...fields }, updateMask: { paths: updateMaskPaths(changes) } } }),
  };
}

function subscription(name: string, dependsOn: string[], fields: Record<string, unknown>): DesiredResource {
  return {
    kind: "pubsub.subscription",
    id: name,
    dependsOn,
    read: { api: "pubsub", method: "getSubscription", request: { subscription: name } },
    state: fields,
    immutable: ["topic"],
    create: { api: "pubsub", method: "createSubscription", request: { name, ...fields } },
    update: (changes) => ({
      api: "pubsub",
      method: "updateSubscription",
      request: { subscription: { name, ...fields }, updateMask: { paths: updateMaskPaths(changes) } },
    }),
  };
}

/**
 * A BigQuery subscription's delivery: Pub/Sub writes each message's data, after the SMT, as a row
 * of `table` whose columns are the JSON's keys (useTableSchema), nothing else (no metadata columns).
 */
export interface BigQueryDelivery {
  /** `project.dataset.table`, as BigQueryConfig.table takes it. */
  readonly table: string;
  readonly functionName: string;
  readonly code: string;
  /** Resources that must exist first: the table, and the grant that lets Pub/Sub write it. */
  readonly dependsOn: readonly string[];
}

function delivery(d: BigQueryDelivery | undefined): Record<string, unknown> {
  if (!d) return {};
  return {
    bigqueryConfig: { table: d.table, useTableSchema: true, writeMetadata: false, dropUnknownFields: false },
    messageTransforms: [{ javascriptUdf: { functionName: d.functionName, code: d.code } }],
  };
}

/**
 * The POS stream's subscription: a message that keeps failing goes to the dead-letter topic after
 * `max_delivery_attempts`, redelivered with exponential backoff in between; it never expires.
 * Pulled by the Dataflow job, or, with a delivery, a BigQuery subscription writing bronze itself.
 */
export function posSubscription(config: GigaMartConfig, n: Names, bigQuery?: BigQueryDelivery): DesiredResource {
  const p = config.pubsub;
  return subscription(n.subscription, [n.topic, n.deadLetterTopic, ...(bigQuery?.dependsOn ?? [])], {
    topic: n.topic,
    labels: { ...config.gcp.labels },
    ackDeadlineSeconds: p.ack_deadline_seconds,
    messageRetentionDuration: SEVEN_DAYS,
    expirationPolicy: {},
    deadLetterPolicy: { deadLetterTopic: n.deadLetterTopic, maxDeliveryAttempts: p.max_delivery_attempts },
    retryPolicy: { minimumBackoff: { seconds: p.min_backoff_seconds }, maximumBackoff: { seconds: p.max_backoff_seconds } },
    ...delivery(bigQuery),
  });
}

/**
 * Without a subscription, messages published to the dead-letter topic would be dropped. With a
 * delivery it writes them to the dead-letter table; a message even that fails stays in its backlog.
 */
export function deadLetterSubscription(config: GigaMartConfig, n: Names, bigQuery?: BigQueryDelivery): DesiredResource {
  return subscription(n.deadLetterSubscription, [n.deadLetterTopic, ...(bigQuery?.dependsOn ?? [])], {
    topic: n.deadLetterTopic,
    labels: { ...config.gcp.labels },
    ackDeadlineSeconds: config.pubsub.ack_deadline_seconds,
    messageRetentionDuration: SEVEN_DAYS,
    retainAckedMessages: true,
    expirationPolicy: {},
    ...delivery(bigQuery),
  });
}
