import type { CompiledGraph } from "../runner/dataform/compiled-graph";
import { ZetaSqlAnalyzer } from "./analyze";
import { checkGraph, type CheckReport } from "./check";
import { compareCorpus, type CorpusReport } from "./corpus";
import { compareGraph, type SemanticReport } from "./semantic";
import { startZetaSql } from "./zetasql/service";

export interface CheckResult {
  analysis: CheckReport;
  /** Only with `semantic`, and only when the analysis found no error (a query BigQuery rejects cannot be evaluated). */
  semantic?: SemanticReport;
  corpus?: CorpusReport;
}

/**
 * `gigamart check` without the printing: the ZetaSQL service starts while the project compiles (the two
 * slow steps overlap) and is stopped whatever happens.
 */
export async function checkProject(compile: () => Promise<CompiledGraph>, options: { semantic?: boolean } = {}): Promise<CheckResult> {
  const starting = startZetaSql();
  const compiling = compile();
  compiling.catch(() => undefined);
  const service = await starting;
  try {
    const graph = await compiling;
    const analyzer = new ZetaSqlAnalyzer(service);
    const analysis = await checkGraph(graph, analyzer);
    if (!options.semantic || analysis.errors.length > 0) return { analysis };
    const semantic = await compareGraph(graph, service, analyzer, { analysis });
    const corpus = await compareCorpus(service, analyzer);
    return { analysis, semantic, corpus };
  } finally {
    await service.stop();
  }
}
