import { expect } from "chai";
import { loadConfig } from "../../config/load";
import { PATH_FACTS, realtimeScheduleShare } from "../../ingestion/stream/cloud-latency";

describe("what the cloud adds to a streamed event's latency", () => {
  it("takes the realtime schedule's wait from the configured cron", () => {
    const config = loadConfig("prod");
    expect(realtimeScheduleShare(config)).to.deep.equal({ cron: "*/15 * * * *", interval_seconds: 900, mean_wait_seconds: 450, max_wait_seconds: 900 });
    expect(realtimeScheduleShare({ ...config, schedules: { ...config.schedules, realtime: "0,10 * * * *" } }).max_wait_seconds, "the longest gap, not the first").to.equal(50 * 60);
  });

  it("cites a Google page for every fact of both streaming paths", () => {
    for (const facts of Object.values(PATH_FACTS)) {
      expect(facts).to.not.be.empty;
      for (const f of facts) expect(f.source).to.match(/^https:\/\/cloud\.google\.com\//);
    }
  });
});
