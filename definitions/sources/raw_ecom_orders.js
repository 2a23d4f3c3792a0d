// Bronze table loaded by ingestion (local loader or Dataflow); docs come from ingestion/contracts.
const contract = bronze_contracts.table("raw_ecom_orders");
declare({
  schema: names.raw(),
  name: "raw_ecom_orders",
  description: contract.description,
  columns: contract.columns,
});
