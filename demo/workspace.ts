// The demo's own folder: generated feeds, landing, warehouse and reports all live under it, so the
// demo never touches the warehouse `ingest`, `run` and `query` use by default. A marker file says the
// folder is the demo's; a folder without it is someone's data and is never deleted.
import * as fs from "node:fs";
import * as path from "node:path";

export const MARKER = ".gigamart-demo";

export interface DemoPaths {
  root: string;
  generated: string;
  landing: string;
  /** Today's POS messages, the live stretch's stream (a landing folder of its own). */
  stream: string;
  warehouse: string;
  reports: string;
  /** The docs site of the demo's warehouse (`gigamart docs`). */
  docs: string;
}

export function demoPaths(root: string): DemoPaths {
  return { root, generated: path.join(root, "generated"), landing: path.join(root, "landing"), stream: path.join(root, "stream"), warehouse: path.join(root, "warehouse.duckdb"), reports: path.join(root, "reports"), docs: path.join(root, "docs") };
}

export class DemoFolderError extends Error {
  override name = "DemoFolderError";
}

/** Empties a folder the demo made earlier (or makes it), marked; refuses any other existing folder. */
export function prepareDemoFolder(root: string): DemoPaths {
  if (fs.existsSync(root)) {
    const marker = path.join(root, MARKER);
    if (!fs.lstatSync(root).isDirectory() || !fs.existsSync(marker) || !fs.lstatSync(marker).isFile()) {
      throw new DemoFolderError(`${root} exists and was not made by the demo (no ${MARKER} in it); move it away or set GIGAMART_DEMO_DIR to another folder`);
    }
    fs.rmSync(root, { recursive: true, force: true });
  }
  fs.mkdirSync(root, { recursive: true });
  fs.writeFileSync(path.join(root, MARKER), "made by `npm run demo`, which empties this folder on its next run\n");
  return demoPaths(root);
}
