// What PubSub_to_BigQuery_Flex does with a message it cannot load, read from the template's source
// (GoogleCloudPlatform/DataflowTemplates, checked 2026-12-02). The local replay implements each
// rule and tests/ingestion/stream-replay.test.ts holds it to this data.

const REPO = "https://github.com/GoogleCloudPlatform/DataflowTemplates/blob/main";
export const CONTRACT_CHECKED = "2026-12-02";

export const TEMPLATE_SOURCES = {
  pipeline: `${REPO}/v2/googlecloud-to-googlecloud/src/main/java/com/google/cloud/teleport/v2/templates/PubSubToBigQuery.java`,
  udf: `${REPO}/v2/common/src/main/java/com/google/cloud/teleport/v2/transforms/JavascriptTextTransformer.java`,
  jsonToRow: `${REPO}/v2/common/src/main/java/com/google/cloud/teleport/v2/transforms/BigQueryConverters.java`,
  errorRows: `${REPO}/v2/common/src/main/java/com/google/cloud/teleport/v2/transforms/ErrorConverters.java`,
  insertErrors: `${REPO}/v2/googlecloud-to-googlecloud/src/main/java/com/google/cloud/teleport/v2/templates/TextToBigQueryStreaming.java`,
  schema: `${REPO}/v2/common/src/main/resources/schema/pubsubmessage_deadletter_table_schema.json`,
} as const;

/** The dead-letter table's columns, in the template's schema file order. */
export const DEAD_LETTER_COLUMNS = ["timestamp", "payloadString", "payloadBytes", "attributes", "errorMessage", "stacktrace"] as const;

/** "yyyy-MM-dd HH:mm:ss.SSSSSS" in UTC, of the element's timestamp (a Pub/Sub read stamps the publish time). */
export const DEAD_LETTER_TIMESTAMP = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/;

export type FailureKind = "udf_threw" | "udf_returned_non_string" | "not_a_json_object" | "insert_rejected";

export interface FailureRule {
  readonly when: string;
  /** What lands in payloadString (payloadBytes holds the same text as UTF-8). */
  readonly payload: "message" | "row";
  /** errorMessage, with `<…>` for the variable part. */
  readonly errorMessage: string;
  readonly stacktrace: boolean;
  readonly source: string;
}

/**
 * Every way a message ends in the dead-letter table. A message's payload is its data as text, or,
 * when the data is empty, its attribute map as Java prints it (`{k=v}`); the template leaves
 * `attributes` empty. Failed messages are acked: nothing reaches Pub/Sub's dead-letter topic.
 */
export const FAILURES: Readonly<Record<FailureKind, FailureRule>> = {
  udf_threw: {
    when: "the UDF throws",
    payload: "message",
    errorMessage: "<the exception's message>",
    stacktrace: true,
    source: `${TEMPLATE_SOURCES.udf} (FailsafeJavascriptUdf: catch (Exception e) -> failureTag with e.getMessage() and its stack trace)`,
  },
  udf_returned_non_string: {
    when: "the UDF returns a value that is neither a string nor null/undefined",
    payload: "message",
    errorMessage: "UDF Function did not return a String. Instead got: <Java class>",
    stacktrace: true,
    source: `${TEMPLATE_SOURCES.udf} (JavascriptRuntime.invoke)`,
  },
  not_a_json_object: {
    when: "the UDF's string is not a JSON object",
    payload: "message",
    errorMessage: "Failed to serialize json to table row: <the UDF's string>",
    stacktrace: true,
    source: `${TEMPLATE_SOURCES.jsonToRow} (FailsafeJsonToTableRow, convertJsonToTableRow)`,
  },
  insert_rejected: {
    when: "BigQuery refuses the row (a field not in the table, a type it cannot convert, a required field missing, a row over the size limit)",
    payload: "row",
    errorMessage: "<the insert error as JSON: {\"errors\":[{reason, location, message}],\"index\":0}>",
    stacktrace: false,
    source: `${TEMPLATE_SOURCES.pipeline} (WriteSuccessfulRecords -> failed inserts) and ${TEMPLATE_SOURCES.insertErrors} (wrapBigQueryInsertError)`,
  },
};

/** What is neither loaded nor dead-lettered: FailsafeJavascriptUdf outputs nothing for an empty result. */
export const DROPPED = {
  when: "the UDF returns null, undefined or an empty string",
  source: `${TEMPLATE_SOURCES.udf} (if (!Strings.isNullOrEmpty(payloadStr)) context.output(...))`,
} as const;

/**
 * BigQuery's largest row, a documented limit the replay enforces like the insert would
 * (https://cloud.google.com/bigquery/quotas#streaming_inserts: maximum row size 10 MB).
 */
export const MAX_ROW_BYTES = 10 * 1024 * 1024;

/** The Java class name Nashorn gives a non-string UDF result, as the template's message prints it. */
export function javaClassOf(value: unknown): string {
  if (typeof value === "number") return Number.isInteger(value) ? "java.lang.Integer" : "java.lang.Double";
  if (typeof value === "boolean") return "java.lang.Boolean";
  return "jdk.nashorn.api.scripting.ScriptObjectMirror";
}
