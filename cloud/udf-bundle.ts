import * as fs from "node:fs";
import * as path from "node:path";
import { UDF_BUNDLE_PATH } from "../ingestion/udf/build";
import type { DeployInputs } from "./desired";

/** The committed UDF bundle (ingestion/udf/build.ts keeps it fresh); deploy uploads exactly these bytes. */
export function readUdfBundle(file = UDF_BUNDLE_PATH): DeployInputs["udfBundle"] {
  const from = path.relative(process.cwd(), file) || file;
  if (!fs.existsSync(file)) throw new Error(`${from}: UDF bundle missing; build it with \`npx tsx ingestion/udf/build.ts\``);
  return { from, content: fs.readFileSync(file, "utf8") };
}
