// Bronze table loaded by ingestion (local loader or Dataflow); docs come from ingestion/contracts.
const contract = bronze_contracts.table("raw_inventory_snapshots");
declare({
  schema: names.raw(),
  name: "raw_inventory_snapshots",
  description: contract.description,
  columns: contract.columns,
});
