// The vocabulary every contract is written in. This file and sources.ts are pure data with no
// Node or ES2015+ library use: the UDF bundle (ES5, Nashorn) compiles them in.

/** BigQuery column types used by bronze. RECORD is a STRUCT; with mode REPEATED it is ARRAY<STRUCT>. */
export type BigQueryType = "STRING" | "BYTES" | "INT64" | "NUMERIC" | "FLOAT64" | "BOOL" | "DATE" | "TIMESTAMP" | "RECORD";
export type BigQueryMode = "NULLABLE" | "REQUIRED" | "REPEATED";

/** How a UDF cleans a value before typing it. */
export type Normalizer =
  | "trim" // surrounding white space removed (every string gets this)
  | "code" // trimmed and upper-cased: ids, enum values, ISO codes
  | "email" // trimmed and lower-cased; flagged BAD_FORMAT when not name@domain.tld
  | "name" // trimmed, inner white space collapsed, Title Case ("mary-jane o'brien" -> "Mary-Jane O'Brien")
  | "phone_in"; // E.164 with India (+91) as the home country; flagged BAD_FORMAT when it cannot be

/** A field of a source record, as landed. Bronze keeps every typed field NULLABLE (bad rows are kept). */
export interface FieldContract {
  readonly name: string;
  readonly type: BigQueryType;
  readonly description: string;
  /** Missing, null or empty makes the row INVALID (MISSING_REQUIRED_FIELD). For arrays: at least one element. */
  readonly required?: boolean;
  readonly repeated?: boolean;
  readonly normalize?: Normalizer;
  /** Allowed values after normalization; others are kept but flagged UNKNOWN_ENUM. */
  readonly enumValues?: readonly string[];
  /** Value used when the field is absent (e.g. a POS line discount). */
  readonly defaultValue?: number;
  /** Lower bounds: a money amount below 0 is NEGATIVE_PRICE; any other bound breach is OUT_OF_RANGE. */
  readonly min?: number;
  readonly exclusiveMin?: boolean;
  readonly negativeIsPrice?: boolean;
  /** Timestamps/dates later than the ingestion time are flagged FUTURE_TIMESTAMP. */
  readonly notInFuture?: boolean;
  /** A regular expression (source text) the normalized string must match, else BAD_TYPE. */
  readonly pattern?: string;
  readonly fields?: readonly FieldContract[];
}

/** A column computed by the UDF: the local calendar date of a timestamp field in the source time zone. */
export interface DerivedDateColumn {
  readonly name: string;
  readonly fromTimestamp: string;
  readonly description: string;
}

export type SourceName = "pos" | "ecom" | "crm" | "inventory" | "stores" | "products";

export interface SourceContract {
  readonly name: SourceName;
  readonly title: string;
  readonly description: string;
  /** Folder under the landing root (local folder or gs://giga-raw-<env>/), scanned recursively. */
  readonly landingFolder: string;
  readonly format: "jsonl" | "csv";
  readonly bronzeTable: string;
  /** Global function name in the UDF bundle. */
  readonly udfFunction: string;
  readonly fields: readonly FieldContract[];
  readonly derived: readonly DerivedDateColumn[];
  /** CSV only: unknown columns are schema drift, kept as a JSON object in raw_extra_attributes. */
  readonly keepExtraAttributes?: boolean;
  /** POS only: total_amount must equal sum(quantity * unit_price - discount) over lines within this. */
  readonly totalTolerance?: number;
  readonly partition?: { readonly column?: string; readonly expression?: string };
  readonly clusterBy: readonly string[];
}
