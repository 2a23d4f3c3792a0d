// Column lineage as OpenLineage dataset facets (ColumnLineageDatasetFacet 1-2-0,
// https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json, checked 2026-12-03), with
// OpenLineage's dataset naming for BigQuery: namespace `bigquery`, name `project.dataset.table`.
import type { ColumnLineage, Derivation } from "./types";

export const OPENLINEAGE_NAMESPACE = "bigquery";
const SCHEMA_URL = "https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json#/$defs/ColumnLineageDatasetFacet";
const PRODUCER = "https://github.com/gigamart/retail-analytics/tree/main/analyst/lineage";

const TRANSFORMATION: Record<Derivation, { type: "DIRECT"; subtype: "IDENTITY" | "TRANSFORMATION" }> = {
  copy: { type: "DIRECT", subtype: "IDENTITY" },
  transform: { type: "DIRECT", subtype: "TRANSFORMATION" },
};

export interface OpenLineageDataset {
  namespace: string;
  name: string;
  facets: {
    columnLineage: {
      _producer: string;
      _schemaURL: string;
      fields: Record<string, { inputFields: { namespace: string; name: string; field: string; transformations: { type: string; subtype: string; masking: boolean }[] }[] }>;
    };
  };
}

/** One output dataset per table written, its columns' direct input fields as the facet lists them. */
export function openLineageDatasets(lineage: ColumnLineage[]): OpenLineageDataset[] {
  const byTable = new Map<string, ColumnLineage[]>();
  for (const entry of lineage) byTable.set(entry.output.table, [...(byTable.get(entry.output.table) ?? []), entry]);
  return [...byTable].map(([table, entries]) => ({
    namespace: OPENLINEAGE_NAMESPACE,
    name: table,
    facets: {
      columnLineage: {
        _producer: PRODUCER,
        _schemaURL: SCHEMA_URL,
        fields: Object.fromEntries(
          entries.map((e) => [
            e.output.column,
            {
              inputFields: e.sources.map((s) => ({
                namespace: OPENLINEAGE_NAMESPACE,
                name: s.column.table,
                field: s.column.column,
                transformations: [{ ...TRANSFORMATION[s.derivation], masking: false }],
              })),
            },
          ]),
        ),
      },
    },
  }));
}
