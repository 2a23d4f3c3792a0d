import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as vm from "node:vm";
import { expect } from "chai";
import { sources } from "../../ingestion/contracts";
import { UDF_BUNDLE_PATH } from "../../ingestion/udf/bundle_path";
import { contextScript } from "../../ingestion/udf/context_file";
import { hasRhino, tempDir } from "./helpers";

// Dataflow runs the bundle in Nashorn, a JVM engine. Nashorn is not packaged for Debian; Rhino (the
// other JVM JavaScript engine, `apt-get install rhino`) is, and runs the same ES5 file. Where it is
// installed this test proves the JVM gives byte-identical rows; elsewhere it is skipped.

const CONTEXT = { source_file: "crm-profiles/x.csv", header: "customer_id,first_name,email,phone,updated_at,quantity_on_hand,store_id,product_id,snapshot_date", run_id: "r", ingestion_ts: "2026-11-27T10:00:00Z" };
const LINES = [
  '{"transaction_id":"t1","store_id":"s1","event_ts":"2026-11-26T23:59:59","currency":"inr","lines":[{"line_no":1,"product_id":"p","quantity":3,"unit_price":0.1}],"total_amount":0.3}',
  '{"order_id":"o1","customer_id":"c1","order_ts":"2026-11-26T10:00:00+05:30","updated_at":"2026-11-26T10:00:00Z","status":"paid","currency":"INR","items":[{"line_no":1,"product_id":"p","quantity":1,"unit_price":1e-10}]}',
  'c1,"zoë, ANN",Ann@X.COM,098765 43210,2026-11-20 10:00,-1,s1,p1,2026-11-26',
  "customer_id,first_name,email,phone,updated_at,quantity_on_hand,store_id,product_id,snapshot_date",
  "\u0000 garbage ₹ 😀",
  '{"lines": [1, {"line_no": "x"}], "total_amount": 1e400}',
];

describe("UDF bundle on a JVM JavaScript engine", function () {
  before(function () {
    if (!hasRhino()) this.skip();
  });

  it("gives the same rows in Rhino as in V8", function () {
    const dir = tempDir("rhino");
    const script = path.join(dir, "run.js");
    const calls = sources.flatMap((s) => LINES.map((l) => `print(String(${s.udfFunction}(${JSON.stringify(l)})));`));
    fs.writeFileSync(script, `${contextScript(CONTEXT)}load(${JSON.stringify(UDF_BUNDLE_PATH)});\n${calls.join("\n")}\n`);
    const jvm = execFileSync("rhino", ["-version", "200", "-encoding", "UTF-8", script], { encoding: "utf8", timeout: 120_000 }).trimEnd().split("\n");

    const ctx = vm.createContext({});
    vm.runInContext(fs.readFileSync(UDF_BUNDLE_PATH, "utf8"), ctx);
    vm.runInContext(contextScript(CONTEXT), ctx);
    const v8 = sources.flatMap((s) => LINES.map((l) => String((ctx[s.udfFunction] as (line: string) => string | null)(l))));
    expect(jvm).to.deep.equal(v8);
  });
});
