import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { loadConfig } from "../../config/load";
import { DemoFolderError, MARKER, demoPaths, prepareDemoFolder } from "../../demo/workspace";
import { tempDir } from "../runner/fixtures";

describe("the demo's own folder", () => {
  it("makes a marked folder and keeps everything it writes inside it, apart from the default warehouse", () => {
    const root = path.join(tempDir("gigamart-demo-"), "demo");
    const paths = prepareDemoFolder(root);
    expect(fs.existsSync(path.join(root, MARKER))).to.equal(true);
    for (const p of [paths.generated, paths.landing, paths.stream, paths.warehouse, paths.reports]) expect(path.relative(root, p)).to.not.match(/^\.\./);
    expect(path.resolve(demoPaths(path.resolve(".gigamart/demo")).warehouse)).to.not.equal(path.resolve(loadConfig("dev").warehouse.local_file));
  });

  it("empties a folder it made on an earlier run", () => {
    const root = path.join(tempDir("gigamart-demo-"), "demo");
    const first = prepareDemoFolder(root);
    fs.writeFileSync(first.warehouse, "old run");
    prepareDemoFolder(root);
    expect(fs.readdirSync(root)).to.deep.equal([MARKER]);
  });

  it("refuses an existing folder it did not make and leaves every byte of it", () => {
    const root = tempDir("gigamart-demo-");
    fs.writeFileSync(path.join(root, "warehouse.duckdb"), "someone's data");
    expect(() => prepareDemoFolder(root)).to.throw(DemoFolderError, /exists and was not made by the demo \(no \.gigamart-demo in it\)/);
    expect(fs.readdirSync(root)).to.deep.equal(["warehouse.duckdb"]);
    expect(fs.readFileSync(path.join(root, "warehouse.duckdb"), "utf8")).to.equal("someone's data");
  });

  it("does not take a folder named like the marker for the marker", () => {
    const root = tempDir("gigamart-demo-");
    fs.mkdirSync(path.join(root, MARKER));
    expect(() => prepareDemoFolder(root)).to.throw(DemoFolderError);
    expect(fs.existsSync(path.join(root, MARKER))).to.equal(true);
  });
});
