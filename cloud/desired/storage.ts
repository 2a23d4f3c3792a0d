import { createHash } from "node:crypto";
import type { GigaMartConfig } from "../../config/load";
import type { DesiredResource } from "../resource";
import { gcsObject, type Names } from "./names";

const bucketResource = (bucket: string) => `projects/_/buckets/${bucket}`;

/**
 * The landing bucket. Landed files expire after `landing.delete_after_days` (bronze keeps every
 * record, so the files are only a replay window); the UDF bundle and schemas never expire.
 */
export function landingBucket(config: GigaMartConfig, n: Names, expiringPrefixes: readonly string[]): DesiredResource {
  const fields = {
    location: n.region.toUpperCase(),
    storageClass: "STANDARD",
    labels: { ...config.gcp.labels },
    iamConfiguration: { uniformBucketLevelAccess: { enabled: true }, publicAccessPrevention: "enforced" },
    lifecycle: {
      rule: [{ action: { type: "Delete" }, condition: { age: config.landing.delete_after_days, matchesPrefix: [...expiringPrefixes] } }],
    },
  };
  return {
    kind: "storage.bucket",
    id: bucketResource(n.bucket),
    dependsOn: [],
    read: { api: "storage", method: "buckets.get", request: { bucket: n.bucket } },
    state: fields,
    immutable: ["location"],
    create: { api: "storage", method: "buckets.insert", request: { project: n.project, body: { name: n.bucket, ...fields } } },
    update: () => ({
      api: "storage",
      method: "buckets.patch",
      request: { bucket: n.bucket, body: { labels: fields.labels, iamConfiguration: fields.iamConfiguration, lifecycle: fields.lifecycle } },
    }),
  };
}

/** GCS reports an object's MD5 as base64; equal hashes mean the upload would change nothing. */
export function gcsMd5(content: Buffer | string): string {
  return createHash("md5").update(content).digest("base64");
}

export function uploadedObject(n: Names, gcsUri: string, content: Buffer | string, contentType: string, from: string): DesiredResource {
  const { bucket, name } = gcsObject(gcsUri);
  const md5Hash = gcsMd5(content);
  const upload = {
    api: "storage" as const,
    method: "objects.insert",
    request: { bucket, name, body: { contentType, md5Hash }, media: { from, bytes: Buffer.byteLength(content) }, content },
  };
  return {
    kind: "storage.object",
    id: `${bucketResource(bucket)}/objects/${name}`,
    dependsOn: bucket === n.bucket ? [bucketResource(bucket)] : [],
    read: { api: "storage", method: "objects.get", request: { bucket, object: name } },
    state: { md5Hash, contentType },
    create: upload,
    update: () => upload,
  };
}
