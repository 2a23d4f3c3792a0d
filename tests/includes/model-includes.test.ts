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
    (globalThis as { dataform?: unknown }).dataform = { projectConfig: { vars: { raw_dataset: "giga_raw", expectation_warn_mads: "half" } } };
    try {
      expect(names.raw()).to.equal("giga_raw");
      expect(() => names.mart()).to.throw("Dataform var 'mart_dataset' is not set");
      expect(() => names.threshold("expectation_warn_mads")).to.throw("Dataform var 'expectation_warn_mads' is not a number: 'half'");
    } finally {
      delete (globalThis as { dataform?: unknown }).dataform;
    }
  });

  it("reads the announced events back from their one Dataform var, and names a malformed entry", () => {
    const names = load("names");
    const withEvents = (announced_events: string) => ((globalThis as { dataform?: unknown }).dataform = { projectConfig: { vars: { announced_events } } });
    try {
      withEvents("Diwali 2026|2026-11-07|2026-11-09|2.5|pos ecom;Sale|2026-12-20|2026-12-20|1.5|ecom");
      expect(names.announcedEvents()).to.deep.equal([
        { name: "Diwali 2026", starts_on: "2026-11-07", ends_on: "2026-11-09", factor: 2.5, sources: ["pos", "ecom"] },
        { name: "Sale", starts_on: "2026-12-20", ends_on: "2026-12-20", factor: 1.5, sources: ["ecom"] },
      ]);
      withEvents("");
      expect(names.announcedEvents()).to.deep.equal([]);
      withEvents("Sale|2026-12-20|2026-12-20|lots|ecom");
      expect(() => names.announcedEvents()).to.throw("Dataform var 'announced_events': 'Sale|2026-12-20|2026-12-20|lots|ecom' is not name|starts_on|ends_on|factor|sources");
    } finally {
      delete (globalThis as { dataform?: unknown }).dataform;
    }
  });
});
