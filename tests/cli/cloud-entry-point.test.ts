import { expect } from "chai";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LoopbackGoogle, serviceAccountKey, TOKEN_HOST, verifiedJwt } from "../support/loopback-google";

const ROOT = path.resolve(__dirname, "../..");
const JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";

/** `npx gigamart …` as a user types it in the repo (`--no`: never fetch a package of that name instead). */
function npxGigamart(args: string[], env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const { DEBUG: _debug, GOOGLE_APPLICATION_CREDENTIALS: _adc, ...inherited } = process.env;
  return new Promise((resolve, reject) => {
    const child = spawn("npx", ["--no", "gigamart", ...args], { cwd: ROOT, env: { ...inherited, ...env }, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stderr }));
  });
}

// The documented entry point with a service-account key present, up to its first request: the
// OAuth token exchange, which the loopback endpoint records and refuses. Nothing leaves 127.0.0.1.
describe("npx gigamart with Google credentials present", () => {
  let google: LoopbackGoogle;
  let dir: string;
  const key = serviceAccountKey("gigamart-dev");

  before(async () => {
    google = await LoopbackGoogle.start();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "gigamart-adc-"));
    fs.writeFileSync(path.join(dir, "key.json"), JSON.stringify(key.json));
  });
  after(async () => {
    await google.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    google.connects.length = 0;
    google.tokenRequests.length = 0;
  });

  const commands = [
    ["deploy", "--env", "dev", "--dry-run"],
    ["deploy", "--env", "prod"],
    ["run", "--target", "bigquery", "--env", "dev", "--tags", "daily"],
    ["ingest", "--target", "bigquery", "--env", "dev", "--from-bucket"],
  ];
  for (const args of commands) {
    it(`gigamart ${args.join(" ")} first asks for a token signed by the service account, then stops in one line when refused`, async () => {
      const keyFile = path.join(dir, "key.json");
      const { code, stderr } = await npxGigamart(args, { ...google.env(), GOOGLE_APPLICATION_CREDENTIALS: keyFile, CLOUDSDK_CONFIG: path.join(dir, "gcloud") });

      expect(google.connects, `every connection the command opened; its stderr: ${stderr}`).to.deep.equal([TOKEN_HOST]);
      expect(google.tokenRequests).to.have.length(1);
      const { grantType, assertion } = google.tokenRequests[0]!;
      expect(grantType).to.equal(JWT_BEARER);
      const { header, claims } = verifiedJwt(String(assertion), key.publicKey);
      expect(header).to.include({ alg: "RS256" });
      expect(claims).to.include({ iss: key.json.client_email, aud: "https://oauth2.googleapis.com/token", scope: "https://www.googleapis.com/auth/cloud-platform" });

      expect(code).to.equal(1);
      expect(stderr.trimEnd().split("\n"), stderr).to.deep.equal([`gigamart: Google credentials (${keyFile}) were refused: invalid_grant: refused by the test's token endpoint`]);
    });
  }
});
