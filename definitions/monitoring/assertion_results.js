// Written by the runner when a run ends (runner/history/), never by Dataform: declared so Dataform and the docs know it.
declare({
  schema: names.monitoring(),
  name: "assertion_results",
  description: run_history.tables.assertion_results.description,
  columns: run_history.columnDocs("assertion_results"),
});
