// Bronze table the POS stream's Dataflow template writes its failures to (created by `gigamart deploy`
// in the cloud and by the local loader); docs come from ingestion/contracts.
const contract = bronze_contracts.table("raw_pos_transactions_dead_letter");
declare({
  schema: names.raw(),
  name: "raw_pos_transactions_dead_letter",
  description: contract.description,
  columns: contract.columns,
});
