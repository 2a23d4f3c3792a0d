import { expect } from "chai";
import fc from "fast-check";
import { formatInstant, localDate, parseDate, parseTimestamp } from "../../ingestion/udf/time";

describe("UDF calendar arithmetic", () => {
  it("agrees with JavaScript's Date on any instant from year 100 to 9999", () => {
    fc.assert(
      fc.property(fc.date({ min: new Date("0100-01-01T00:00:00Z"), max: new Date("9999-12-30T00:00:00Z"), noInvalidDate: true }), (d) => {
        const iso = d.toISOString();
        const instant = parseTimestamp(iso, 0)!;
        return (
          instant.seconds * 1000 + Number(instant.micros) / 1000 === d.getTime() &&
          formatInstant(instant) === iso.replace(/Z$/, "000Z") &&
          localDate(instant, 330) === new Date(d.getTime() + 330 * 60_000).toISOString().slice(0, 10)
        );
      }),
      { numRuns: 2000 },
    );
  });

  it("reads whole-second timestamps with Z or an offset as JavaScript's Date does", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date("1000-01-01T00:00:00Z"), max: new Date("9999-12-30T00:00:00Z"), noInvalidDate: true }),
        fc.integer({ min: -12 * 60, max: 14 * 60 }),
        (d, offset) => {
          const abs = Math.abs(offset);
          const zone = offset === 0 ? "Z" : `${offset < 0 ? "-" : "+"}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
          const text = new Date(d.getTime() + offset * 60_000).toISOString().slice(0, 19) + zone;
          const instant = parseTimestamp(text, 0)!;
          return instant.seconds * 1000 === Math.floor(d.getTime() / 1000) * 1000 && instant.micros === "000000";
        },
      ),
      { numRuns: 2000 },
    );
    for (const bad of ["2026-11-26T24:00:00Z", "2026-02-30T10:00:00Z", "2026-11-26T10:00:00+5:300", "2026-11-26T10:00:00*05:30", "2026-11-26T1a:00:00Z"]) {
      expect(parseTimestamp(bad, 0), bad).to.equal(null);
    }
  });

  it("reads a timestamp without offset in the given zone, and an explicit offset over it", () => {
    expect(formatInstant(parseTimestamp("2026-11-26 23:45", 330)!)).to.equal("2026-11-26T18:15:00.000000Z");
    expect(formatInstant(parseTimestamp("2026-11-26T23:45:00.1234567-08:00", 330)!)).to.equal("2026-11-27T07:45:00.123456Z");
  });

  it("refuses dates that do not exist", () => {
    expect(parseDate("2024-02-29")).to.equal("2024-02-29");
    for (const bad of ["2023-02-29", "2026-13-01", "2026-04-31", "0000-01-01", "26-11-2026"]) expect(parseDate(bad), bad).to.equal(null);
    expect(parseTimestamp("2026-11-26T24:00:00Z", 0)).to.equal(null);
  });
});
