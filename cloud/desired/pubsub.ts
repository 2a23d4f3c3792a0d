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
 * The POS stream's subscription: a message that keeps failing goes to the dead-letter topic after
 * `max_delivery_attempts`, redelivered with exponential backoff in between; it never expires.
 */
export function posSubscription(config: GigaMartConfig, n: Names): DesiredResource {
  const p = config.pubsub;
  return subscription(n.subscription, [n.topic, n.deadLetterTopic], {
    topic: n.topic,
    labels: { ...config.gcp.labels },
    ackDeadlineSeconds: p.ack_deadline_seconds,
    messageRetentionDuration: SEVEN_DAYS,
    expirationPolicy: {},
    deadLetterPolicy: { deadLetterTopic: n.deadLetterTopic, maxDeliveryAttempts: p.max_delivery_attempts },
    retryPolicy: { minimumBackoff: { seconds: p.min_backoff_seconds }, maximumBackoff: { seconds: p.max_backoff_seconds } },
  });
}

/** Without a subscription, messages published to the dead-letter topic would be dropped. */
export function deadLetterSubscription(config: GigaMartConfig, n: Names): DesiredResource {
  return subscription(n.deadLetterSubscription, [n.deadLetterTopic], {
    topic: n.deadLetterTopic,
    labels: { ...config.gcp.labels },
    ackDeadlineSeconds: config.pubsub.ack_deadline_seconds,
    messageRetentionDuration: SEVEN_DAYS,
    retainAckedMessages: true,
    expirationPolicy: {},
  });
}
