import * as path from "node:path";

/** The committed UDF bundle: what Dataflow runs and what the local loader runs. */
export const UDF_BUNDLE_PATH = path.join(__dirname, "dist", "gigamart_udf.js");
