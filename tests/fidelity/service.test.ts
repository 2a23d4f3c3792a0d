import { spawn } from "node:child_process";
import * as path from "node:path";
import { expect } from "chai";
import { startZetaSql } from "../../fidelity/zetasql/service";

function alive(processGroup: number): boolean {
  try {
    process.kill(-processGroup, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitUntilGone(processGroup: number, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (!alive(processGroup)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !alive(processGroup);
}

describe("ZetaSQL service", () => {
  it("starts on a free port, answers with BigQuery's statement kinds enabled, and stops", async () => {
    const service = await startZetaSql();
    try {
      expect(service.port).to.be.greaterThan(0);
      expect(service.languageOptions.enabled_language_features).to.include("FEATURE_V_1_3_QUALIFY");
      expect(service.languageOptions.supported_statement_kinds).to.include("RESOLVED_MERGE_STMT");
      const parsed = await service.client.parse({ sql_statement: "select 1", options: service.languageOptions });
      expect(parsed.result).to.equal("parsed_statement");
    } finally {
      await service.stop();
    }
    expect(await waitUntilGone(service.processGroup, 2000)).to.equal(true);
  });

  it("runs two services side by side on different ports", async () => {
    const [a, b] = await Promise.all([startZetaSql(), startZetaSql()]);
    try {
      expect(a.port).to.not.equal(b.port);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  it("fails with one line naming the binary when the server cannot start, or is missing", async () => {
    let error: Error | undefined;
    await startZetaSql({ binary: "/bin/false" }).catch((e: Error) => (error = e));
    expect(error?.message).to.match(/^ZetaSQL service: \/bin\/false exited before listening on port \d+ \(exit code 1\)$/);
    await startZetaSql({ binary: "/nonexistent/remote_server.so" }).catch((e: Error) => (error = e));
    expect(error?.message).to.match(/^ZetaSQL service: \/nonexistent\/remote_server\.so is missing/);
  });

  it("leaves no server behind when the process that started it is killed with SIGKILL", async () => {
    const helper = path.join(__dirname, "helpers", "hold-service.ts");
    const child = spawn(process.execPath, ["--require", require.resolve("tsx/cjs"), helper], { stdio: ["ignore", "pipe", "inherit"] });
    const processGroup = await new Promise<number>((resolve, reject) => {
      child.stdout.once("data", (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
      child.once("exit", () => reject(new Error("helper exited before starting the service")));
    });
    expect(alive(processGroup)).to.equal(true);
    child.kill("SIGKILL");
    expect(await waitUntilGone(processGroup, 5000)).to.equal(true);
  });
});
