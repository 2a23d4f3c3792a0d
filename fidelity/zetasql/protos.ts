/**
 * The slices of ZetaSQL's protos (lib/zetasql/protos in @fivetrandevelopers/zetasql) that this project
 * sends and reads, as proto-loader delivers them with keepCase, enums and int64 as strings, bytes as Buffer.
 * The package's own generated types are camelCase and would not match what goes on the wire.
 */

export type TypeKind =
  | "TYPE_INT64"
  | "TYPE_BOOL"
  | "TYPE_DOUBLE"
  | "TYPE_STRING"
  | "TYPE_BYTES"
  | "TYPE_DATE"
  | "TYPE_TIMESTAMP"
  | "TYPE_TIME"
  | "TYPE_DATETIME"
  | "TYPE_GEOGRAPHY"
  | "TYPE_NUMERIC"
  | "TYPE_BIGNUMERIC"
  | "TYPE_JSON"
  | "TYPE_INTERVAL"
  | "TYPE_ARRAY"
  | "TYPE_STRUCT"
  | "TYPE_RANGE"
  // Kinds that exist only in PRODUCT_INTERNAL mode; BigQuery never produces them.
  | "TYPE_INT32"
  | "TYPE_UINT32"
  | "TYPE_UINT64"
  | "TYPE_FLOAT"
  | "TYPE_ENUM"
  | "TYPE_PROTO"
  | "TYPE_EXTENDED"
  | "TYPE_UNKNOWN";

export interface TypeProto {
  type_kind: TypeKind;
  array_type?: { element_type: TypeProto };
  struct_type?: { field: { field_name: string; field_type: TypeProto }[] };
  range_type?: { element_type: TypeProto };
}

export interface ValueProto {
  /** Which oneof member is set (proto-loader `oneofs`); absent for NULL. */
  value?: string;
  int64_value?: string;
  bool_value?: boolean;
  double_value?: number;
  string_value?: string;
  bytes_value?: Buffer;
  date_value?: number;
  array_value?: { element?: ValueProto[] };
  struct_value?: { field?: ValueProto[] };
  timestamp_value?: { seconds?: string; nanos?: number };
  datetime_value?: { bit_field_datetime_seconds?: string; nanos?: number };
  time_value?: string;
  numeric_value?: Buffer;
  bignumeric_value?: Buffer;
  json_value?: string;
  interval_value?: Buffer;
}

export type ResolvedNodeKind = string;

export interface LanguageOptionsProto {
  name_resolution_mode?: string;
  product_mode?: "PRODUCT_INTERNAL" | "PRODUCT_EXTERNAL";
  error_on_deprecated_syntax?: boolean;
  enabled_language_features?: string[];
  supported_statement_kinds?: ResolvedNodeKind[];
  reserved_keywords?: string[];
}

export interface SimpleColumnProto {
  name: string;
  type: TypeProto;
  is_pseudo_column?: boolean;
}

export interface SimpleTableProto {
  name: string;
  column: SimpleColumnProto[];
  serialization_id?: number;
  full_name?: string;
}

export interface SimpleCatalogProto {
  name?: string;
  table?: SimpleTableProto[];
  catalog?: SimpleCatalogProto[];
  builtin_function_options?: { language_options: LanguageOptionsProto };
  constant?: { name_path: string[]; type: TypeProto; value: ValueProto }[];
}

export interface QueryParameterProto {
  name: string;
  type: TypeProto;
}

export interface AnalyzerOptionsProto {
  language_options: LanguageOptionsProto;
  query_parameters?: QueryParameterProto[];
  error_message_mode?: "ERROR_MESSAGE_WITH_PAYLOAD" | "ERROR_MESSAGE_ONE_LINE" | "ERROR_MESSAGE_MULTI_LINE_WITH_CARET";
  default_timezone?: string;
  prune_unused_columns?: boolean;
  parse_location_record_type?: "PARSE_LOCATION_RECORD_NONE" | "PARSE_LOCATION_RECORD_FULL_NODE_SCOPE" | "PARSE_LOCATION_RECORD_CODE_SEARCH";
  target_column_types?: TypeProto[];
}

export interface AnalyzeRequest {
  options: AnalyzerOptionsProto;
  simple_catalog?: SimpleCatalogProto;
  registered_catalog_id?: string;
  sql_statement?: string;
  sql_expression?: string;
  parse_resume_location?: { input: string; byte_position: number; allow_resume?: boolean };
}

export interface ResolvedOutputColumnProto {
  name: string;
  column: { column_id: string; table_name?: string; name: string; type: TypeProto };
}

/** A resolved node seen generically: a oneof wrapper whose set member names the node kind. */
export interface AnyNode {
  node?: string;
  [member: string]: unknown;
}

export interface AnalyzeResponse {
  result?: "resolved_statement" | "resolved_expression";
  resolved_statement?: AnyNode;
  resolved_expression?: AnyNode;
  resume_byte_position?: number;
}

export interface TableContent {
  table_data: { row: { cell: ValueProto[] }[] };
}

export interface EvaluateQueryRequest {
  sql: string;
  options: AnalyzerOptionsProto;
  simple_catalog?: SimpleCatalogProto;
  table_content?: Record<string, TableContent>;
  params?: { name: string; value: ValueProto }[];
}

export interface EvaluateQueryResponse {
  content?: TableContent;
  prepared?: { columns?: SimpleColumnProto[] };
}

export interface ParseRequest {
  sql_statement: string;
  options: LanguageOptionsProto;
  allow_script?: boolean;
}

export interface ParseResponse {
  result?: "parsed_statement" | "parsed_script";
  parsed_statement?: AnyNode;
  parsed_script?: { statement_list_node?: { statement_list?: AnyNode[] } };
}
