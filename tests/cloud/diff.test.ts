import { expect } from "chai";
import { diffFields, updateMaskPaths } from "../../cloud/resource";

describe("field-by-field comparison", () => {
  it("reads gRPC's int64 strings and omitted proto3 defaults as the numbers and defaults they are", () => {
    const desired = { retryPolicy: { minimumBackoff: { seconds: 10 } }, duration: { seconds: 0 }, enabled: false, tags: [] };
    expect(diffFields(desired, { retryPolicy: { minimumBackoff: { seconds: "10", nanos: 0 } } })).to.deep.equal([]);
  });

  it("ignores fields the API adds and labels set by others, but names each differing leaf by its path", () => {
    const desired = { labels: { env: "prod", app: "gigamart" }, schedule: "0 1 * * *" };
    const current = { name: "x", state: "ENABLED", labels: { env: "dev", app: "gigamart", owner: "ops" }, schedule: "0 1 * * *" };
    expect(diffFields(desired, current)).to.deep.equal([{ field: "labels.env", current: "dev", desired: "prod" }]);
  });

  it("compares lists whole, element by element, so a reordered or shorter list is a change", () => {
    expect(diffFields({ clustering: { fields: ["a", "b"] } }, { clustering: { fields: ["b", "a"] } })).to.have.length(1);
    expect(diffFields({ clustering: { fields: ["a", "b"] } }, { clustering: { fields: ["a"] } })).to.have.length(1);
  });

  it("compares bytes with the base64 text a REST API returns", () => {
    const body = Buffer.from('{"a":1}');
    expect(diffFields({ body }, { body: body.toString("base64") })).to.deep.equal([]);
    expect(diffFields({ body }, { body: Buffer.from('{"a":2}') })).to.have.length(1);
  });

  it("turns changed fields into proto update-mask paths", () => {
    expect(updateMaskPaths([
      { field: "cronSchedule", current: 1, desired: 2 },
      { field: "invocationConfig.includedTags", current: 1, desired: 2 },
      { field: "invocationConfig.serviceAccount", current: 1, desired: 2 },
    ])).to.deep.equal(["cron_schedule", "invocation_config"]);
  });
});
