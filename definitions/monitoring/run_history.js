// Written by the runner when a run ends (runner/history/), never by Dataform: declared so Dataform and the docs know it.
declare({
  schema: names.monitoring(),
  name: "run_history",
  description: run_history.tables.run_history.description,
  columns: run_history.columnDocs("run_history"),
});
