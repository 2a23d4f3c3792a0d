import { expect } from "chai";
import { gigamart } from "../cli/gigamart";
import { PROJECT, TestWarehouse } from "../models/pipeline";

const STORES = [
  { store_id: "S001", store_name: "Chennai Central", city: "Chennai" },
  { store_id: "S002", store_name: "Kochi Marine Drive", city: null },
];

describe("gigamart lineage and gigamart cost, as a script calls them", function () {
  this.timeout(5 * 60_000);
  let warehouse: TestWarehouse;

  before(async () => {
    warehouse = await TestWarehouse.create(["raw_store_master"]);
    const loaded = { raw_payload: "{}", dq_status: "VALID", source_file: "stores/x.csv", ingestion_ts: new Date("2026-12-01T00:00:00Z") };
    await warehouse.insertBronze("raw_store_master", STORES.map((s, i) => ({ ...s, ...loaded, record_hash: `h${i}` })));
  });
  after(() => warehouse?.remove());

  it("cost --sql prints bytes_processed and bytes_billed of the query, from the warehouse's rows", () => {
    const run = gigamart(["cost", "--sql", "select store_id, city from giga_raw.raw_store_master", "--warehouse", warehouse.file, "--format", "json"]);
    expect(run.code, run.stderr).to.equal(0);
    const { statements } = JSON.parse(run.stdout);
    const text = (s: string | null) => (s === null ? 0 : 2 + Buffer.byteLength(s));
    expect(statements[0]).to.include({ bytes_processed: STORES.reduce((n, s) => n + text(s.store_id) + text(s.city), 0), bytes_billed: 10 * 2 ** 20 });
    expect(statements[0].reads[0]).to.include({ table: `${PROJECT}.giga_raw.raw_store_master`, pruning: "not partitioned" });
  });

  it("cost prints each workflow configuration by name with its run's bytes and its month", () => {
    const run = gigamart(["cost", "--warehouse", warehouse.file, "--format", "json"]);
    expect(run.code, run.stderr).to.equal(0);
    const { workflows, month } = JSON.parse(run.stdout);
    expect(workflows.map((w: { name: string }) => w.name)).to.deep.equal(["daily", "hourly", "realtime", "monitoring"]);
    for (const w of workflows) expect(w.bytes_billed, w.name).to.be.a("number").and.to.be.at.least(w.bytes_processed);
    expect(month.bytes_billed).to.equal(workflows.reduce((n: number, w: { bytes_billed_per_month: number }) => n + w.bytes_billed_per_month, 0));
  });

  it("lineage --format openlineage prints a column-lineage facet per dataset the actions write", () => {
    const run = gigamart(["lineage", "store_dim", "--format", "openlineage"]);
    expect(run.code, run.stderr).to.equal(0);
    const [dataset] = JSON.parse(run.stdout);
    expect(dataset.name).to.equal(`${PROJECT}.giga_curated.store_dim`);
    expect(dataset.facets.columnLineage.fields.store_id.inputFields[0]).to.include({ namespace: "bigquery", name: `${PROJECT}.giga_raw.raw_store_master`, field: "store_id" });
  });
});
