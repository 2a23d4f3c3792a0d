// Bronze table loaded by ingestion (local loader or Dataflow); docs come from ingestion/contracts.
const contract = bronze_contracts.table("ingest_manifest");
declare({
  schema: names.raw(),
  name: "ingest_manifest",
  description: contract.description,
  columns: contract.columns,
});
