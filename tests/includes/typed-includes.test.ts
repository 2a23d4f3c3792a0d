import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import { DuckDBInstance } from "@duckdb/node-api";
import { initTranslator, translateScript } from "../../runner/translate";

const ROOT = path.resolve(__dirname, "../..");
const SRC = path.join(ROOT, "includes_src");

/** Emits includes_src/*.ts in memory with its own tsconfig: what `npm run build:includes` writes. */
function emitIncludes(): Map<string, string> {
  const configFile = ts.readConfigFile(path.join(SRC, "tsconfig.json"), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(configFile.config, ts.sys, SRC);
  const program = ts.createProgram(parsed.fileNames, parsed.options);
  const diagnostics = ts.getPreEmitDiagnostics(program);
  if (diagnostics.length > 0) throw new Error(ts.formatDiagnostics(diagnostics, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => ROOT, getNewLine: () => "\n" }));
  const out = new Map<string, string>();
  program.emit(undefined, (file, text) => out.set(path.relative(ROOT, file), text));
  return out;
}

describe("typed includes", () => {
  it("the committed includes/*.js are exactly what includes_src/*.ts compiles to", () => {
    const emitted = emitIncludes();
    expect(emitted.size).to.be.greaterThan(0);
    for (const [file, text] of emitted) {
      expect(fs.existsSync(path.join(ROOT, file)), `${file} is missing: run npm run build:includes`).to.equal(true);
      expect(fs.readFileSync(path.join(ROOT, file), "utf8"), `${file} is stale: run npm run build:includes`).to.equal(text);
    }
    const committed = fs.readdirSync(path.join(ROOT, "includes")).filter((f) => f.endsWith(".js"));
    expect(committed.map((f) => `includes/${f}`).sort()).to.deep.equal([...emitted.keys()].sort());
  });

  it("computes the Indian fiscal year, quarter and month from April", async () => {
    const calendar = require(path.join(ROOT, "includes", "calendar.js"));
    await initTranslator();
    const connection = await (await DuckDBInstance.create(":memory:")).connect();
    const at = async (date: string) => {
      const d = `date '${date}'`;
      const sql = `select ${calendar.fiscalYearLabel(d)} as fy, ${calendar.fiscalQuarter(d)} as q, ${calendar.fiscalMonth(d)} as m`;
      const [statement] = translateScript(sql, { defaultProject: "p" });
      return (await connection.runAndReadAll(statement!.duckdb)).getRowObjectsJson()[0];
    };
    expect(await at("2026-04-01")).to.deep.equal({ fy: "FY2026-27", q: "1", m: "1" });
    expect(await at("2027-03-31")).to.deep.equal({ fy: "FY2026-27", q: "4", m: "12" });
    expect(await at("2026-10-15")).to.deep.equal({ fy: "FY2026-27", q: "3", m: "7" });
    expect(await at("2024-02-29")).to.deep.equal({ fy: "FY2023-24", q: "4", m: "11" });
  });
});
