// Local ingestion: `ingestLanding` loads a landing folder into DuckDB bronze with the shipped UDF bundle.
export { ingestLanding, describeOutcome, IngestError } from "./ingest";
export type { IngestOptions, IngestReport, FileOutcome, FileStatus } from "./ingest";
export { UdfSandbox } from "./udf_sandbox";
export { fileLines, UnreadableFileError, CsvRecordJoiner } from "./lines";
export { landingFiles } from "./landing";
