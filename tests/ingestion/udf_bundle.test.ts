import * as fs from "node:fs";
import * as vm from "node:vm";
import * as acorn from "acorn";
import { expect } from "chai";
import fc from "fast-check";
import { sources } from "../../ingestion/contracts";
import * as udf from "../../ingestion/udf";
import { buildUdfBundle, UDF_BUNDLE_PATH } from "../../ingestion/udf/build";
import { contextScript } from "../../ingestion/udf/context_file";
import { clearUdfContext, setUdfContext } from "./helpers";

const bundle = fs.readFileSync(UDF_BUNDLE_PATH, "utf8");
type Udf = (line: string) => string | null;

function bareContext(contextFile?: string): vm.Context {
  const ctx = vm.createContext({});
  vm.runInContext(bundle, ctx);
  if (contextFile) vm.runInContext(contextFile, ctx);
  return ctx;
}

const CONTEXT = {
  source_file: "crm-profiles/2026-11-26/export.csv",
  header: "customer_id,first_name,last_name,email,phone,loyalty_tier,city,country,updated_at,store_id,quantity_on_hand,snapshot_date,product_id,store_name,product_name",
  run_id: "run-7",
  ingestion_ts: "2026-11-27T10:00:00Z",
};

const SAMPLE_LINES = [
  JSON.stringify({ transaction_id: "t1", store_id: "s1", event_ts: "2026-11-26T23:59:59", currency: "inr", lines: [{ line_no: 1, product_id: "p", quantity: 1, unit_price: 9.99 }], total_amount: 9.99 }),
  JSON.stringify({ order_id: "o1", customer_id: "c1", order_ts: "2026-11-26T10:00:00+05:30", updated_at: "2026-11-26T11:00:00Z", status: "paid", currency: "INR", items: [{ line_no: 1, product_id: "p", quantity: 2, unit_price: 5 }], shipping: { city: "pune", country: "in" } }),
  'c1,ANN,o\'neil,Ann@Mail.COM,98765 43210,gold,new delhi,in,2026-11-20 10:00,S1,-3,2026-11-26,P9,"Store, ""One""",Soap',
  "Zoë,₹,😀,\u2028",
  "",
  "\u0000\u0001garbage",
  '{"lines": "not an array", "total_amount": {"nested": true}}',
];

describe("UDF bundle (ingestion/udf/dist/gigamart_udf.js)", () => {
  it("is fresh: rebuilding from the TypeScript sources gives the committed file", () => {
    expect(buildUdfBundle() === bundle, "stale bundle: run npx tsx ingestion/udf/build.ts").to.equal(true);
  });

  it("parses as an ES5 script", () => {
    expect(() => acorn.parse(bundle, { ecmaVersion: 5, sourceType: "script" })).not.to.throw();
  });

  it("uses no require, module, exports or Node globals at the top level", () => {
    const ast = acorn.parse(bundle, { ecmaVersion: 5, sourceType: "script" }) as unknown as { body: { type: string; id?: { name: string }; declarations?: { id: { name: string } }[] }[] };
    const topLevel = ast.body.flatMap((n) => (n.type === "FunctionDeclaration" ? [n.id!.name] : n.type === "VariableDeclaration" ? n.declarations!.map((d) => d.id.name) : []));
    expect(topLevel).to.have.members(["GigaMartUdf", ...sources.map((s) => s.udfFunction)]);
    expect(bundle).not.to.match(/\brequire\(["']|\bprocess\.|\bBuffer\b|\bglobalThis\b/);
  });

  it("defines one global function per source in a bare vm context with no Node globals", () => {
    const ctx = bareContext();
    expect(vm.runInContext("typeof require + typeof process + typeof Buffer", ctx)).to.equal("undefinedundefinedundefined");
    for (const s of sources) expect(typeof ctx[s.udfFunction], s.udfFunction).to.equal("function");
  });

  it("gives byte-identical rows locally and in the bare context, for every source", () => {
    const ctx = bareContext(contextScript(CONTEXT));
    setUdfContext(CONTEXT);
    try {
      for (const s of sources) {
        const local = (udf as unknown as Record<string, Udf>)[s.udfFunction]!;
        for (const line of SAMPLE_LINES) expect((ctx[s.udfFunction] as Udf)(line), `${s.udfFunction}(${line.slice(0, 30)})`).to.equal(local(line));
      }
    } finally {
      clearUdfContext();
    }
  });

  it("never throws, and returns a row or a header null, for any line", () => {
    const ctx = bareContext(contextScript(CONTEXT));
    const fns = sources.map((s) => ctx[s.udfFunction] as Udf);
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: "binary" }), fc.json()), (line) => {
        for (const fn of fns) {
          const out = fn(line);
          if (out === null) continue;
          const row = JSON.parse(out);
          if (!["VALID", "WARN", "INVALID"].includes(row.dq_status) || !/^[0-9a-f]{64}$/.test(row.record_hash)) return false;
        }
        return true;
      }),
      { numRuns: 300 },
    );
  });

  it("reads the context at call time, so the context file may load before or after the bundle", () => {
    const ctx = vm.createContext({});
    vm.runInContext(contextScript({ ...CONTEXT, source_file: "pos/a.jsonl" }), ctx);
    vm.runInContext(bundle, ctx);
    expect(JSON.parse((ctx.process_pos as Udf)("x")!).source_file).to.equal("pos/a.jsonl");
    vm.runInContext(contextScript({ ...CONTEXT, source_file: "pos/b.jsonl" }), ctx);
    expect(JSON.parse((ctx.process_pos as Udf)("x")!).source_file).to.equal("pos/b.jsonl");
  });

  it("accepts any text in the context file, line separators included", () => {
    const ctx = bareContext(contextScript({ ...CONTEXT, source_file: "pos/odd\u2028name\u2029.jsonl" }));
    expect(JSON.parse((ctx.process_pos as Udf)("x")!).source_file).to.equal("pos/odd\u2028name\u2029.jsonl");
  });

  it("stamps the current time as ingestion_ts when the context has none (streaming)", () => {
    const ctx = bareContext();
    const before = Date.now();
    const row = JSON.parse((ctx.process_pos as Udf)("{}")!);
    expect(Date.parse(row.ingestion_ts)).to.be.within(before - 1000, Date.now() + 1000);
    expect(row.source_file).to.equal(null);
  });
});
