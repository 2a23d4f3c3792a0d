import * as path from "node:path";
import type { GigaMartConfig } from "../config/schema";

/** The local warehouse a command uses: `--warehouse`, else the config's `warehouse.local_file`. */
export function warehouseFile(flag: string | undefined, config: GigaMartConfig): string {
  return path.resolve(flag ?? config.warehouse.local_file);
}
