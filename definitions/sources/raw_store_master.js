// Bronze table loaded by ingestion (local loader or Dataflow); docs come from ingestion/contracts.
const contract = bronze_contracts.table("raw_store_master");
declare({
  schema: names.raw(),
  name: "raw_store_master",
  description: contract.description,
  columns: contract.columns,
});
