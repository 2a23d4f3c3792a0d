import * as fs from "node:fs";
import { getGCPResidency } from "gcp-metadata";
import * as os from "node:os";
import * as path from "node:path";
import type { GoogleCloudApi } from "./google-api";

/** Where Application Default Credentials would come from on a Google Cloud machine without a key file. */
export const METADATA_SERVER = "metadata server";

/**
 * Application Default Credentials, as the client libraries look for them: a key file, gcloud's
 * file, or (on Compute Engine, Cloud Run, Cloud Build, Cloud Shell) the metadata server. Google's
 * residency check reads environment variables and local system files only, so offline it answers
 * at once instead of waiting for a metadata request to time out.
 */
export function findCredentials(env = process.env, home = os.homedir(), onGoogleCloud: () => boolean = getGCPResidency): string | undefined {
  const candidates = [
    env.GOOGLE_APPLICATION_CREDENTIALS,
    path.join(env.CLOUDSDK_CONFIG ?? path.join(home, ".config", "gcloud"), "application_default_credentials.json"),
  ];
  return candidates.find((f): f is string => !!f && fs.existsSync(f)) ?? (onGoogleCloud() ? METADATA_SERVER : undefined);
}

export const NO_CREDENTIALS =
  "no Google credentials (Application Default Credentials): run `gcloud auth application-default login`, or see what would be sent with --dry-run";

/**
 * Exchanges the credentials for an access token once, before any API call. The gRPC clients sign
 * their own tokens from a service-account key and retry a refused or unreachable call for a minute
 * before failing with a page of errors; the exchange fails at once, in one line, when the key is
 * revoked or Google cannot be reached.
 */
export async function verifyCredentials(): Promise<void> {
  const { GoogleAuth } = await import("google-auth-library");
  try {
    await new GoogleAuth({ scopes: ["https://www.googleapis.com/auth/cloud-platform"] }).getAccessToken();
  } catch (e) {
    throw new Error(`Google credentials (${findCredentials() ?? "none found"}) were refused: ${(e instanceof Error ? e.message : String(e)).split("\n")[0]}`);
  }
}

/** The real Google APIs, or undefined without credentials (a dry run then plans from an unknown state). */
export async function googleCloudApiIfCredentials(): Promise<GoogleCloudApi | undefined> {
  if (!findCredentials()) return undefined;
  // The client libraries take seconds to load: only when there is something to talk to.
  const { GoogleCloudApi } = await import("./google-api");
  await verifyCredentials();
  return new GoogleCloudApi();
}

/** The real Google APIs; without credentials, an error saying how to get them. */
export async function googleCloudApi(): Promise<GoogleCloudApi> {
  const api = await googleCloudApiIfCredentials();
  if (!api) throw new Error(NO_CREDENTIALS);
  return api;
}
