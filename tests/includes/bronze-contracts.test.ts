import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { bronzeTables } from "../../ingestion/contracts";
import { BRONZE_CONTRACTS_FILE, bronzeContractsSource } from "../../includes_src/generate/bronze-contracts";

const ROOT = path.resolve(__dirname, "../..");

describe("bronze contract docs for Dataform", () => {
  it("includes_src/bronze_contracts.ts is what ingestion/contracts generates today", () => {
    expect(fs.readFileSync(BRONZE_CONTRACTS_FILE, "utf8"), "stale: run npx tsx includes_src/generate/bronze-contracts.ts && npm run build:includes").to.equal(
      bronzeContractsSource(),
    );
  });

  it("declares every bronze table in its own definitions/sources/<table>.js", () => {
    const declared = fs.readdirSync(path.join(ROOT, "definitions/sources")).map((f) => f.replace(/\.js$/, ""));
    expect(declared.sort()).to.deep.equal(bronzeTables.map((t) => t.name).sort());
  });

  it("documents nested columns and names the known tables when asked for an unknown one", () => {
    const docs = require(path.join(ROOT, "includes", "bronze_contracts.js"));
    const lines = docs.table("raw_pos_transactions").columns.lines;
    expect(lines.columns).to.have.property("quantity");
    expect(() => docs.table("raw_nothing")).to.throw(/no bronze contract for 'raw_nothing' \(known: raw_store_master, /);
  });
});
