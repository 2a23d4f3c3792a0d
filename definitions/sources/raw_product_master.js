// Bronze table loaded by ingestion (local loader or Dataflow); docs come from ingestion/contracts.
const contract = bronze_contracts.table("raw_product_master");
declare({
  schema: names.raw(),
  name: "raw_product_master",
  description: contract.description,
  columns: contract.columns,
});
