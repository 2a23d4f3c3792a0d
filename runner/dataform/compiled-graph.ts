// The subset of Dataform's compiled graph (`dataform compile --json`, core 3.x) that the runner reads.
// Field names are Dataform's own, so a graph from the CLI or from the Dataform API fits unchanged.

export interface Target {
  database?: string;
  schema: string;
  name: string;
}

export interface ActionBase {
  target: Target;
  canonicalTarget?: Target;
  fileName: string;
  dependencyTargets?: Target[];
  tags?: string[];
  disabled?: boolean;
  hermeticity?: string;
  actionDescriptor?: {
    description?: string;
    columns?: { path: string[]; description?: string; bigqueryPolicyTags?: string[] }[];
    bigqueryLabels?: Record<string, string>;
  };
}

export interface BigQueryOptions {
  partitionBy?: string;
  clusterBy?: string[];
  partitionExpirationDays?: number;
  requirePartitionFilter?: boolean;
  updatePartitionFilter?: string;
  incrementalPredicates?: string[];
  additionalOptions?: Record<string, string>;
  labels?: Record<string, string>;
}

export type TableEnumType = "TABLE" | "VIEW" | "INCREMENTAL";

export interface CompiledTable extends ActionBase {
  type?: string;
  enumType: TableEnumType;
  query: string;
  incrementalQuery?: string;
  preOps?: string[];
  postOps?: string[];
  incrementalPreOps?: string[];
  incrementalPostOps?: string[];
  protected?: boolean;
  materialized?: boolean;
  uniqueKey?: string[];
  where?: string;
  bigquery?: BigQueryOptions;
  onSchemaChange?: "IGNORE" | "FAIL" | "EXTEND" | "SYNCHRONIZE";
  incrementalStrategy?: "INCREMENTAL_STRATEGY_UNSPECIFIED" | "MERGE" | "INSERT_OVERWRITE";
}

export interface CompiledOperation extends ActionBase {
  queries: string[];
  hasOutput?: boolean;
}

export interface CompiledAssertion extends ActionBase {
  query: string;
  parentAction?: Target;
}

export interface CompiledDeclaration extends ActionBase {}

/**
 * A `type: "test"` action. Dataform's core (core/actions/test.ts) compiles it into the tested table's or
 * view's query with each ref() replaced by its `input` block in parentheses, and the expected rows' query;
 * it is never part of a run, only of `dataform test` and `dataform run --run-tests`.
 */
export interface CompiledTest {
  name: string;
  fileName: string;
  testQuery: string;
  expectedOutputQuery: string;
}

export interface ProjectConfig {
  warehouse?: string;
  defaultDatabase?: string;
  defaultSchema: string;
  assertionSchema?: string;
  defaultLocation?: string;
  schemaSuffix?: string;
  tablePrefix?: string;
  vars?: Record<string, string>;
}

export interface CompilationError {
  fileName?: string;
  message: string;
  stack?: string;
  actionName?: string;
}

export interface CompiledGraph {
  projectConfig: ProjectConfig;
  tables?: CompiledTable[];
  operations?: CompiledOperation[];
  assertions?: CompiledAssertion[];
  declarations?: CompiledDeclaration[];
  tests?: CompiledTest[];
  graphErrors?: { compilationErrors?: CompilationError[] };
  dataformCoreVersion?: string;
}
