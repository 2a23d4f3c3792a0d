// Bronze table loaded by ingestion (local loader or Dataflow); docs come from ingestion/contracts.
const contract = bronze_contracts.table("raw_crm_customers");
declare({
  schema: names.raw(),
  name: "raw_crm_customers",
  description: contract.description,
  columns: contract.columns,
});
