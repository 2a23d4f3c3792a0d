// Bronze table loaded by ingestion (local loader or Dataflow); docs come from ingestion/contracts.
const contract = bronze_contracts.table("raw_pos_transactions");
declare({
  schema: names.raw(),
  name: "raw_pos_transactions",
  description: contract.description,
  columns: contract.columns,
});
