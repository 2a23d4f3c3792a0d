import { CORPUS, type CorpusEntry, type CorpusValue } from "../runner/translate/corpus";
import { UntranslatableError } from "../runner/translate";
import type { ZetaSqlAnalyzer } from "./analyze";
import { TableCatalog } from "./catalog";
import { compareResults, type ResultSet } from "./compare";
import { LocalEngine, ReferenceEngine, type Evaluation } from "./engines";
import type { TypeProto } from "./zetasql/protos";
import type { ZetaSqlService } from "./zetasql/service";
import { parseType } from "./zetasql/types";
import { formatTimestamp, normalizeDecimal, parseTimestamp, type SqlValue } from "./zetasql/values";

export interface CorpusResult {
  name: string;
  status: "equal" | "different" | "refused by the translator" | "not evaluable by the reference engine";
  /** Reference vs DuckDB, and reference vs the corpus's own expected rows. */
  differences: string[];
}

export interface CorpusReport {
  entries: CorpusResult[];
  mismatches: CorpusResult[];
  refused: CorpusResult[];
  referenceGaps: CorpusResult[];
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err)).split("\n")[0];

/** The corpus's engine-neutral spelling of a value, read with the type the reference engine gave the column. */
export function fromCorpusValue(value: CorpusValue, type: TypeProto): SqlValue {
  if (value === null) return null;
  switch (type.type_kind) {
    case "TYPE_INT64":
      return BigInt(value as number | string);
    case "TYPE_NUMERIC":
    case "TYPE_BIGNUMERIC":
      return { numeric: normalizeDecimal(typeof value === "object" ? (value as { numeric: string }).numeric : String(value)) };
    case "TYPE_TIMESTAMP": {
      const { seconds, nanos } = parseTimestamp(String(value));
      return formatTimestamp(seconds, nanos);
    }
    case "TYPE_DATETIME":
    case "TYPE_TIME":
      return String(value).replace("T", " ").replace(/\.(\d*?)0*$/, (_m, d: string) => (d ? `.${d}` : ""));
    case "TYPE_ARRAY":
      return (value as CorpusValue[]).map((v) => fromCorpusValue(v, type.array_type!.element_type));
    case "TYPE_STRUCT": {
      const record = value as Record<string, CorpusValue>;
      return Object.fromEntries((type.struct_type?.field ?? []).map((f) => [f.field_name, fromCorpusValue(record[f.field_name] ?? null, f.field_type)]));
    }
    default:
      return value as SqlValue;
  }
}

function expectedResult(entry: CorpusEntry, reference: Evaluation): ResultSet {
  const types = reference.columns.map((c) => parseType(c.type));
  return {
    columns: reference.columns,
    rows: entry.expected.map((row) => reference.columns.map((c, i) => fromCorpusValue(row[c.name] ?? null, types[i]))),
  };
}

/**
 * Evaluates every corpus entry (the BigQuery functions and constructs the translator handles) on the
 * GoogleSQL reference engine and on DuckDB through the translator; rows compare in order.
 */
export async function compareCorpus(
  service: ZetaSqlService,
  analyzer: ZetaSqlAnalyzer,
  corpus: CorpusEntry[] = CORPUS,
): Promise<CorpusReport> {
  const now = new Date(Math.floor(Date.now() / 1000) * 1000);
  const reference = new ReferenceEngine(service, analyzer, "corpus", now);
  const local = await LocalEngine.create("corpus", now);
  const entries: CorpusResult[] = [];
  try {
    for (const entry of corpus) {
      // The two engines run in different processes: evaluate on both at once.
      // DuckDB's result in the analyzer's types, as `gigamart query` gives it
      const [analysis] = await analyzer.analyzeScript(entry.bigquery, new TableCatalog("corpus"));
      const [expected, actual] = await Promise.allSettled([reference.evaluate([], entry.bigquery), local.evaluate([], entry.bigquery, analysis?.columns)]);
      if (expected.status === "rejected") {
        entries.push({ name: entry.name, status: "not evaluable by the reference engine", differences: [message(expected.reason)] });
        continue;
      }
      if (actual.status === "rejected" && actual.reason instanceof UntranslatableError) {
        entries.push({ name: entry.name, status: "refused by the translator", differences: [message(actual.reason)] });
        continue;
      }
      const differences = compareResults(expected.value, expectedResult(entry, expected.value), true).map((d) => `corpus expectation: ${d}`);
      if (actual.status === "rejected") differences.push(`DuckDB: ${message(actual.reason)}`);
      else differences.push(...compareResults(expected.value, actual.value, true));
      entries.push({ name: entry.name, status: differences.length ? "different" : "equal", differences });
    }
  } finally {
    local.close();
  }
  return {
    entries,
    mismatches: entries.filter((e) => e.status === "different"),
    refused: entries.filter((e) => e.status === "refused by the translator"),
    referenceGaps: entries.filter((e) => e.status === "not evaluable by the reference engine"),
  };
}
