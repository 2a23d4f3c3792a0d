import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { REPO_ROOT } from "../../cli/project";
import { startZetaSql, type ZetaSqlService } from "../../fidelity/zetasql/service";
import { type Golden, generateGoldens, goldenChanges, goldenDiff, readGoldens } from "../support/golden-sql";

const REFRESH = "refresh with `npm run golden:update` and review the diff";

/** A copy of the repo's Dataform project (what `dataform compile` reads) in a temp folder. */
function copyProject(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gigamart-golden-"));
  for (const entry of ["workflow_settings.yaml", "definitions", "includes"]) {
    fs.cpSync(path.join(REPO_ROOT, entry), path.join(dir, entry), { recursive: true });
  }
  return dir;
}

describe("golden SQL of every action (tests/golden/)", () => {
  let service: ZetaSqlService;
  let goldens: Golden[];
  let changed: Golden[];
  const project = copyProject();
  const MODEL = "definitions/gold/daily_store_sales.sqlx";

  before(async () => {
    service = await startZetaSql();
    // A deliberate change: a LIMIT at the end of the model's query, which changes no column.
    fs.appendFileSync(path.join(project, MODEL), "\nlimit 1000000\n");
    [goldens, changed] = await Promise.all([generateGoldens(REPO_ROOT, service), generateGoldens(project, service)]);
  });
  after(async () => {
    await service?.stop();
    fs.rmSync(project, { recursive: true, force: true });
  });

  it("has a golden for each engine of every action, and none for an action that no longer exists", () => {
    const { added, removed } = goldenChanges(goldens, readGoldens());
    const problems = [...added.map((g) => `${g.action}: no golden ${g.file}`), ...removed.map((f) => `${f}: no action produces it any more`)];
    expect(problems, REFRESH).to.deep.equal([]);
    expect(goldens.filter((g) => g.file.endsWith(".bigquery.sql"))).to.have.length.greaterThan(40);
  });

  it("matches, for every action, the BigQuery jobs compiled and the DuckDB statements translated now", () => {
    const onDisk = readGoldens();
    const differing = goldenChanges(goldens, onDisk).changed.map((g) => `${g.action}: ${g.file} differs:\n${goldenDiff(g.file, onDisk.get(g.file)!, g.text)}`);
    if (differing.length > 0) expect.fail(`${differing.length} golden file(s) differ (${REFRESH}):\n\n${differing.join("\n\n")}`);
  });

  it("holds both scripts of every incremental table: its first run and its run into the existing table", () => {
    const incremental = goldens.filter((g) => g.kind === "incremental");
    expect(incremental.map((g) => g.file)).to.include.members(["giga_curated/sales_fact.bigquery.sql", "giga_curated/sales_fact.duckdb.sql"]);
    for (const g of incremental) {
      expect(g.text, g.file).to.match(/^-- ## first run[^]*^(create or replace table|CREATE OR REPLACE TABLE) [^]*^-- ## incremental run/m);
    }
    const salesFactMerge = goldens.find((g) => g.file === "giga_curated/sales_fact.duckdb.sql")!.text.split("-- ## incremental run")[1];
    expect(salesFactMerge).to.match(/^INSERT INTO "gigamart-dev"\."giga_curated"\."sales_fact" \("sales_line_id"/m);
  });

  it("changes exactly the goldens of a model whose SQL changed, on both engines", () => {
    const before = new Map(goldens.map((g) => [g.file, g.text]));
    const { changed: differ, added, removed } = goldenChanges(changed, before);
    expect({ added: added.map((g) => g.file), removed }).to.deep.equal({ added: [], removed: [] });
    expect(differ.map((g) => g.file)).to.deep.equal(["giga_mart/daily_store_sales.bigquery.sql", "giga_mart/daily_store_sales.duckdb.sql"]);
    for (const g of differ) {
      expect(goldenDiff(g.file, before.get(g.file)!, g.text)).to.match(/^\+.*limit 1000000/im);
    }
  });
});
