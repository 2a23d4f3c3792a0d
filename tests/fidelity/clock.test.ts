import { expect } from "chai";
import { pinClock } from "../../fidelity/clock";

describe("pinning both engines' clock to one instant", () => {
  const now = new Date("2026-11-27T18:45:00Z");

  it("replaces CURRENT_TIMESTAMP and the zoned CURRENT_DATE/DATETIME with the same instant", () => {
    expect(pinClock("select current_timestamp() as t, CURRENT_DATE('Asia/Kolkata') as d, current_datetime ( 'UTC' ) as dt, current_date as u", now)).to.equal(
      "select TIMESTAMP '2026-11-27 18:45:00.000+00' as t, DATE(TIMESTAMP '2026-11-27 18:45:00.000+00', 'Asia/Kolkata') as d, " +
        "DATETIME(TIMESTAMP '2026-11-27 18:45:00.000+00', 'UTC') as dt, DATE(TIMESTAMP '2026-11-27 18:45:00.000+00') as u",
    );
  });

  it("leaves strings, quoted names, comments and column paths alone", () => {
    const sql = "select 'current_timestamp()' as s, `current_date` as q, x.current_date from t as x -- current_time()";
    expect(pinClock(sql, now)).to.equal(sql);
  });
});
