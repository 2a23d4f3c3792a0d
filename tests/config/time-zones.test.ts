import { expect } from "chai";
import { sourceTimeZoneProblem } from "../../config/rules";
import { ZetaSqlAnalyzer } from "../../fidelity/analyze";
import { ReferenceEngine } from "../../fidelity/engines";
import { startZetaSql, type ZetaSqlService } from "../../fidelity/zetasql/service";
import { parseTimestamp, zoneOffsetMinutes } from "../../ingestion/udf/time";

// The source zone is read twice: by the UDF (offset-less timestamps) and by BigQuery SQL (the
// source_time_zone var). Google's reference engine is the judge of the BigQuery side.
const CANDIDATES = [
  ...["Asia/Kolkata", "Asia/Calcutta", "UTC", "Etc/UTC", "GMT", "Europe/Berlin", "America/New_York", "utc", "IST", "Asia/Kolkatta"],
  ...["+05:30", "+0530", "-03:00", "-0300", "+5:30", "+14:00", "-14:00", "+14:01", "+15:00", "-15:00", "+05:60", "+25:00", "+99:99"],
];

describe("source time zones the config accepts", function () {
  this.timeout(180_000);
  let service: ZetaSqlService;
  let engine: ReferenceEngine;
  before(async () => {
    service = await startZetaSql();
    engine = new ReferenceEngine(service, new ZetaSqlAnalyzer(service), "gigamart-dev", new Date("2026-12-01T00:00:00Z"));
  });
  after(() => service.stop());

  /** Epoch seconds of an offset-less local time in the zone, per BigQuery and per the UDF; null where one cannot read it. */
  const readings = async (zone: string) => {
    const bigQuery = await engine
      .evaluate([], `SELECT UNIX_SECONDS(TIMESTAMP('2026-11-27 10:00:00', '${zone}')) AS s`)
      .then((r) => String(r.rows[0]![0]))
      .catch(() => null);
    const offset = zoneOffsetMinutes(zone);
    return { bigQuery, udf: offset === null ? null : String(parseTimestamp("2026-11-27T10:00:00", offset)!.seconds) };
  };

  for (const zone of CANDIDATES) {
    it(`${sourceTimeZoneProblem(zone) ? "refuses" : "accepts"} ${zone}: exactly when BigQuery and the UDF both read it, the same way`, async () => {
      const { bigQuery, udf } = await readings(zone);
      expect(sourceTimeZoneProblem(zone) === undefined, `BigQuery ${bigQuery}, UDF ${udf}`).to.equal(bigQuery !== null && bigQuery === udf);
    });
  }
});
