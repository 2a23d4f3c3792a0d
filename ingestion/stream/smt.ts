// The POS transform as a Pub/Sub single-message transform (SMT) for a BigQuery subscription: the
// same shipped bundle and run context the Dataflow job loads, plus an adapter to the SMT signature
// `function (message, metadata)` returning `{ data, attributes }` or null
// (https://cloud.google.com/pubsub/docs/smts/udfs-overview, checked 2026-12-02). A second SMT turns
// what reaches the dead-letter topic into a row of raw_pos_transactions_dead_letter, so both
// streaming paths leave their failures in the same table, with the template's columns.
import { contextScript, type RunContext } from "../udf/context_file";

export const BRONZE_SMT_FUNCTION = "gigamart_pos_to_bronze";
export const DEAD_LETTER_SMT_FUNCTION = "gigamart_dead_letter_row";

const BRONZE_ADAPTER = `
/** SMT: the message's data through process_pos; its attributes are kept. */
function ${BRONZE_SMT_FUNCTION}(message, metadata) {
  var row = process_pos(message.data);
  return row === null ? null : { data: row, attributes: message.attributes };
}
`;

/** The SMT code of the POS subscription: bundle, run context, adapter. */
export function bronzeSmtCode(bundle: string, context: RunContext): string {
  return `${bundle}\n${contextScript(context)}${BRONZE_ADAPTER}`;
}

/**
 * Pub/Sub forwards an undeliverable message with attributes naming where it failed
 * (CloudPubSubDeadLetterSource*: https://cloud.google.com/pubsub/docs/handling-failures); no error
 * text travels with it, so errorMessage says what is known and stacktrace stays null.
 */
export const DEAD_LETTER_SMT_CODE = `
var GIGAMART_BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** The UTF-8 bytes of text as base64 (BigQuery takes BYTES in JSON as base64); null for text that is not Unicode. */
function gigamart_base64(text) {
  var bytes;
  try {
    bytes = unescape(encodeURIComponent(text));
  } catch (e) {
    return null;
  }
  var out = "";
  for (var i = 0; i < bytes.length; i += 3) {
    var n = (bytes.charCodeAt(i) << 16) | ((bytes.charCodeAt(i + 1) | 0) << 8) | (bytes.charCodeAt(i + 2) | 0);
    out += GIGAMART_BASE64.charAt((n >> 18) & 63) + GIGAMART_BASE64.charAt((n >> 12) & 63);
    out += i + 1 < bytes.length ? GIGAMART_BASE64.charAt((n >> 6) & 63) : "=";
    out += i + 2 < bytes.length ? GIGAMART_BASE64.charAt(n & 63) : "=";
  }
  return out;
}

/** SMT: a dead-lettered message as a row of raw_pos_transactions_dead_letter. */
function ${DEAD_LETTER_SMT_FUNCTION}(message, metadata) {
  var a = message.attributes || {};
  var attributes = [];
  for (var key in a) if (Object.prototype.hasOwnProperty.call(a, key)) attributes.push({ key: key, value: a[key] });
  return {
    data: JSON.stringify({
      timestamp: metadata.publish_time,
      payloadString: message.data,
      payloadBytes: gigamart_base64(message.data),
      attributes: attributes,
      errorMessage: "Pub/Sub could not write the message to BigQuery in " + (a.CloudPubSubDeadLetterSourceDeliveryCount || "its") +
        " delivery attempts (subscription " + (a.CloudPubSubDeadLetterSourceSubscription || "unknown") + ")",
      stacktrace: null
    }),
    attributes: {}
  };
}
`;
