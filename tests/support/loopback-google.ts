import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as http from "node:http";
import * as https from "node:https";
import forge from "node-forge";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";

/** Google's OAuth token endpoint: the auth library sends service-account grants here, whatever the key's token_uri says. */
export const TOKEN_HOST = "oauth2.googleapis.com:443";

export interface TokenRequest {
  readonly grantType: string | null;
  readonly assertion: string | null;
}

/**
 * Everything a child process sends to Google, kept on 127.0.0.1. The child gets this server as
 * its HTTPS and gRPC proxy (both libraries honour the standard proxy variables), so each connection
 * it opens to a Google host arrives here as a CONNECT and goes no further. The token endpoint's
 * tunnel is answered with TLS under a certificate for that host from a CA made per run, which the
 * child trusts through NODE_EXTRA_CA_CERTS; the token request is recorded and refused.
 */
export class LoopbackGoogle {
  readonly connects: string[] = [];
  readonly tokenRequests: TokenRequest[] = [];
  private constructor(
    private readonly proxy: http.Server,
    private readonly dir: string,
    private readonly caFile: string,
  ) {}

  static async start(): Promise<LoopbackGoogle> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "loopback-google-"));
    const { caPem, cert, key } = tokenHostCertificate();
    const caFile = path.join(dir, "ca.pem");
    fs.writeFileSync(caFile, caPem);
    const proxy = http.createServer((_req, res) => res.writeHead(403).end());
    const google = new LoopbackGoogle(proxy, dir, caFile);
    const tokenEndpoint = https.createServer({ cert, key }, (req, res) => google.answerToken(req, res));
    proxy.on("connect", (req: http.IncomingMessage, socket) => {
      const target = String(req.url);
      google.connects.push(target);
      if (target !== TOKEN_HOST) return socket.end("HTTP/1.1 403 Forbidden\r\n\r\n");
      socket.write("HTTP/1.1 200 Connection Established\r\n\r\n", () => tokenEndpoint.emit("connection", socket));
    });
    await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
    return google;
  }

  private answerToken(req: http.IncomingMessage, res: http.ServerResponse): void {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      const form = new URLSearchParams(body);
      this.tokenRequests.push({ grantType: form.get("grant_type"), assertion: form.get("assertion") });
      res.writeHead(400, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: "invalid_grant", error_description: "refused by the test's token endpoint" }));
    });
  }

  /** The variables that send the child's traffic here and make it trust the token endpoint. */
  env(): Record<string, string> {
    const url = `http://127.0.0.1:${(this.proxy.address() as AddressInfo).port}`;
    const proxied = Object.fromEntries(["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "grpc_proxy"].map((k) => [k, url]));
    const direct = Object.fromEntries(["NO_PROXY", "no_proxy", "no_grpc_proxy"].map((k) => [k, ""]));
    return { ...proxied, ...direct, NODE_EXTRA_CA_CERTS: this.caFile, METADATA_SERVER_DETECTION: "none" };
  }

  async stop(): Promise<void> {
    this.proxy.closeAllConnections();
    await new Promise<void>((resolve) => this.proxy.close(() => resolve()));
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A fresh service-account key (RSA, as Google issues them) for a project, and its public half. */
export function serviceAccountKey(project: string): { json: Record<string, string>; publicKey: crypto.KeyObject } {
  const { privateKey, publicKey } = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
  const json = {
    type: "service_account",
    project_id: project,
    private_key_id: crypto.randomBytes(20).toString("hex"),
    private_key: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    client_email: `gigamart-test@${project}.iam.gserviceaccount.com`,
    client_id: "100000000000000000001",
    auth_uri: "https://accounts.google.com/o/oauth2/auth",
    token_uri: "https://oauth2.googleapis.com/token",
  };
  return { json, publicKey };
}

/** Header and claims of a JWT whose RS256 signature the key verifies; throws otherwise. */
export function verifiedJwt(jwt: string, key: crypto.KeyObject): { header: Record<string, unknown>; claims: Record<string, unknown> } {
  const [header, claims, signature] = jwt.split(".");
  if (!header || !claims || !signature) throw new Error("not a JWT");
  if (!crypto.verify("RSA-SHA256", Buffer.from(`${header}.${claims}`), key, Buffer.from(signature, "base64url"))) throw new Error("JWT signature does not verify");
  const decode = (part: string) => JSON.parse(Buffer.from(part, "base64url").toString()) as Record<string, unknown>;
  return { header: decode(header), claims: decode(claims) };
}

/** A CA made for this run, and a certificate it signs for the token endpoint's host. */
function tokenHostCertificate(): { caPem: string; cert: string; key: string } {
  const { pki } = forge;
  const issue = (subject: string, publicKey: forge.pki.PublicKey, signer: forge.pki.rsa.PrivateKey, issuer: forge.pki.Certificate | undefined, extensions: object[]) => {
    const cert = pki.createCertificate();
    cert.publicKey = publicKey;
    cert.serialNumber = `01${crypto.randomBytes(8).toString("hex")}`;
    cert.validity.notBefore = new Date(Date.now() - 60_000);
    cert.validity.notAfter = new Date(Date.now() + 24 * 3600_000);
    cert.setSubject([{ name: "commonName", value: subject }]);
    cert.setIssuer(issuer ? issuer.subject.attributes : [{ name: "commonName", value: subject }]);
    cert.setExtensions(extensions);
    cert.sign(signer, forge.md.sha256.create());
    return cert;
  };
  const caKeys = pki.rsa.generateKeyPair(2048);
  const ca = issue("gigamart test CA", caKeys.publicKey, caKeys.privateKey, undefined, [{ name: "basicConstraints", cA: true }, { name: "keyUsage", keyCertSign: true }]);
  const hostKeys = pki.rsa.generateKeyPair(2048);
  const host = TOKEN_HOST.split(":")[0]!;
  const cert = issue(host, hostKeys.publicKey, caKeys.privateKey, ca, [{ name: "subjectAltName", altNames: [{ type: 2, value: host }] }]);
  return { caPem: pki.certificateToPem(ca), cert: pki.certificateToPem(cert), key: pki.privateKeyToPem(hostKeys.privateKey) };
}
