import { expect } from "chai";
import * as path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { initTranslator, translateScript } from "../../runner/translate";

const INCLUDES = path.resolve(__dirname, "../../includes");
const load = (name: string) => require(path.join(INCLUDES, `${name}.js`));

/** Evaluates one BigQuery expression on DuckDB through the project's translator. */
async function evaluate(expression: string): Promise<unknown> {
  await initTranslator();
  const connection = await (await DuckDBInstance.create(":memory:")).connect();
  const [statement] = translateScript(`select ${expression} as v`, { defaultProject: "p" });
  return (await connection.runAndReadAll(statement!.duckdb)).getRowObjectsJson()[0]!.v;
}

describe("model includes", () => {
  it("counts an event late only when it missed the next morning's batch in the source time zone", async () => {
    const lateness = load("lateness");
    const late = (eventDate: string, ingestedUtc: string) =>
      evaluate(lateness.daysLate(`date '${eventDate}'`, `timestamp '${ingestedUtc}'`, "Asia/Kolkata"));
    expect(await late("2026-11-01", "2026-11-01 21:00:00+00")).to.equal("0"); // 02:30 IST on the 2nd: on time
    expect(await late("2026-11-01", "2026-11-02 17:59:00+00")).to.equal("0"); // 23:29 IST on the 2nd: still the next day
    expect(await late("2026-11-01", "2026-11-02 18:31:00+00")).to.equal("1"); // 00:01 IST on the 3rd: a day late
    expect(await late("2026-11-05", "2026-11-01 10:00:00+00")).to.equal("0"); // never negative
  });

  it("hashes null and empty text differently, and equal parts equally", async () => {
    const hashing = load("hashing");
    const [a, b, c] = await Promise.all([
      evaluate(hashing.sha256Hex(["cast(null as string)", "'x'"])),
      evaluate(hashing.sha256Hex(["''", "'x'"])),
      evaluate(hashing.sha256Hex(["''", "'x'"])),
    ]);
    expect(a).to.match(/^[0-9a-f]{64}$/);
    expect(a).to.not.equal(b);
    expect(b).to.equal(c);
  });

  it("names the missing Dataform var instead of compiling an empty dataset name", () => {
    const names = load("names");
    (globalThis as { dataform?: unknown }).dataform = { projectConfig: { vars: { raw_dataset: "giga_raw", volume_min_ratio_warn: "half" } } };
    try {
      expect(names.raw()).to.equal("giga_raw");
      expect(() => names.mart()).to.throw("Dataform var 'mart_dataset' is not set");
      expect(() => names.threshold("volume_min_ratio_warn")).to.throw("Dataform var 'volume_min_ratio_warn' is not a number: 'half'");
    } finally {
      delete (globalThis as { dataform?: unknown }).dataform;
    }
  });
});
