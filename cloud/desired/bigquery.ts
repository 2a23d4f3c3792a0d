import type { GigaMartConfig } from "../../config/load";
import { bigQuerySchemaFile, type BronzeTable } from "../../ingestion/contracts";
import type { DesiredResource } from "../resource";
import { datasetResource, tableResource, type Names } from "./names";

const DATASET_PURPOSE = {
  raw: "Bronze: source records as landed, typed by the ingestion UDFs; nothing dropped. Written by ingestion only.",
  curated: "Silver: deduplicated, conformed dimensions and facts (SCD2 customers). Written by Dataform.",
  mart: "Gold: business-facing marts for analysts. Written by Dataform; analysts read here only.",
  monitoring: "Monitoring: dedup log, late data, data-quality and freshness/volume/error-rate checks. Written by Dataform.",
  assertions: "Dataform assertion views: a view returning rows is a failed check.",
} as const;

export type DatasetKey = keyof typeof DATASET_PURPOSE;

export function dataset(config: GigaMartConfig, n: Names, key: DatasetKey): DesiredResource {
  const datasetId = n.datasets[key];
  const fields = { location: n.region, description: DATASET_PURPOSE[key], labels: { ...config.gcp.labels, layer: key } };
  return {
    kind: "bigquery.dataset",
    id: datasetResource(n, datasetId),
    dependsOn: [],
    read: { api: "bigquery", method: "datasets.get", request: { projectId: n.project, datasetId } },
    state: fields,
    immutable: ["location"],
    create: {
      api: "bigquery",
      method: "datasets.insert",
      request: { projectId: n.project, body: { datasetReference: { projectId: n.project, datasetId }, ...fields } },
    },
    update: () => ({
      api: "bigquery",
      method: "datasets.patch",
      request: { projectId: n.project, datasetId, body: { description: fields.description, labels: fields.labels } },
    }),
  };
}

export interface TableFieldSchema {
  name: string;
  type: string;
  mode: string;
  description: string;
  fields?: TableFieldSchema[];
}

export interface TableSpec {
  readonly name: string;
  readonly description: string;
  readonly fields: readonly TableFieldSchema[];
  readonly partitionField?: string;
  readonly clusterBy: readonly string[];
}

/** Contracts say `DATE(ts)` or name a DATE column; BigQuery's DAY partitioning on the column is the same. */
export function bronzeTableSpec(table: BronzeTable): TableSpec {
  const p = table.partition;
  const partitionField = p ? (p.column ?? /^DATE\((\w+)\)$/i.exec(p.expression ?? "")?.[1]) : undefined;
  if (p && !partitionField) {
    throw new Error(`ingestion/contracts: bronze table ${table.name}: partition '${p.expression}' is neither DATE(column) nor a column`);
  }
  return { name: table.name, description: table.description, fields: bigQuerySchemaFile(table)["BigQuery Schema"], partitionField, clusterBy: table.clusterBy };
}

export function rawTable(config: GigaMartConfig, n: Names, table: TableSpec): DesiredResource {
  const datasetId = n.datasets.raw;
  const fields: Record<string, unknown> = {
    description: table.description,
    labels: { ...config.gcp.labels, layer: "raw" },
    schema: { fields: table.fields },
    ...(table.partitionField ? { timePartitioning: { type: "DAY", field: table.partitionField } } : {}),
    ...(table.clusterBy.length ? { clustering: { fields: [...table.clusterBy] } } : {}),
  };
  return {
    kind: "bigquery.table",
    id: tableResource(n, datasetId, table.name),
    dependsOn: [datasetResource(n, datasetId)],
    read: { api: "bigquery", method: "tables.get", request: { projectId: n.project, datasetId, tableId: table.name } },
    state: fields,
    // Partitioning cannot change in place (BigQuery also refuses a schema change that is not an added column).
    immutable: ["timePartitioning.type", "timePartitioning.field"],
    create: {
      api: "bigquery",
      method: "tables.insert",
      request: { projectId: n.project, datasetId, body: { tableReference: { projectId: n.project, datasetId, tableId: table.name }, ...fields } },
    },
    update: (changes) => {
      const touched = new Set(changes.map((c) => c.field.split(".")[0]!));
      const body = Object.fromEntries(Object.entries(fields).filter(([k]) => touched.has(k)));
      return { api: "bigquery", method: "tables.patch", request: { projectId: n.project, datasetId, tableId: table.name, body } };
    },
  };
}

