import { replaceRanges, resolvedColumns, ZetaSqlAnalyzer } from "../../fidelity/analyze";
import { TableCatalog, type Column } from "../../fidelity/catalog";
import type { ZetaSqlService } from "../../fidelity/zetasql/service";
import type { InformationSchema } from "./information-schema";
import type { WarehouseTable } from "./query-catalog";

export class QueryRefused extends Error {
  override name = "QueryRefused";
}

/**
 * Accepts exactly what BigQuery would run as one query, as Google's GoogleSQL analyzer decides it over
 * the warehouse's tables and BigQuery's INFORMATION_SCHEMA views; anything else is refused in one line.
 * Returns the query with each INFORMATION_SCHEMA path pointing at its local view, the views it needs, and
 * the query's columns as BigQuery types them.
 */
export async function checkQuery(
  sql: string,
  service: ZetaSqlService,
  tables: WarehouseTable[],
  informationSchema: InformationSchema,
): Promise<{ sql: string; views: NonNullable<ReturnType<InformationSchema["resolve"]>>[]; columns: Column[] }> {
  const analyzer = new ZetaSqlAnalyzer(service);
  const refuse = (why: string): never => {
    throw new QueryRefused(`query refused: ${why.split("\n")[0]}`);
  };
  const statements = await analyzer.splitScript(sql).catch((err: Error) => refuse(err.message));
  if (statements.length !== 1) refuse(`${statements.length} statements (${statements.map((s) => s.kind).join(", ")}); gigamart query runs one query`);
  if (statements[0]!.kind !== "QUERY") refuse(`a ${statements[0]!.kind} statement; gigamart query runs only a query (SELECT or WITH)`);

  const project = tables[0]?.project ?? "";
  const catalog = new TableCatalog(project);
  for (const t of tables) catalog.define(`${t.project}.${t.dataset}.${t.name}`, t.columns);
  const proto = catalog.toProto(analyzer.languageOptions, sql);
  informationSchema.addTo(proto);
  const response = await service.client
    .analyze({
      // Only a query statement: the analyzer itself refuses anything else, whatever the parse said.
      options: { ...analyzer.analyzerOptions(), language_options: { ...analyzer.languageOptions, supported_statement_kinds: ["RESOLVED_QUERY_STMT"] } },
      simple_catalog: proto,
      sql_statement: sql,
    })
    .catch((err: Error) => refuse(err.message));
  if (response.resolved_statement?.node !== "resolved_query_stmt_node") refuse(`the analyzer resolved a ${response.resolved_statement?.node ?? "nothing"}, not a query`);

  const views: NonNullable<ReturnType<InformationSchema["resolve"]>>[] = [];
  const replacements = (await analyzer.tablePaths(sql)).flatMap(({ range, parts }) => {
    const found = informationSchema.resolve(parts);
    if (!found) return [];
    views.push(found);
    return [{ range, name: informationSchema.localPath(found.scope, found.view) }];
  });
  return { sql: replaceRanges(sql, replacements), views, columns: resolvedColumns(response.resolved_statement!) ?? [] };
}
