import * as fs from "node:fs";
import * as path from "node:path";
import { addDays } from "./calendar";
import { CrmFeed } from "./crm";
import { EcomFeed } from "./ecom";
import { InventoryFeed } from "./inventory";
import { makeCustomer, makeFaker, makeProducts, makeStores } from "./master";
import { writeMasterExtracts } from "./masterFiles";
import { resolveOptions, type GenerateInput } from "./options";
import { PosFeed } from "./pos";
import { Rng } from "./rng";
import { GroundTruth } from "./truth";
import type { World } from "./world";

export { DEFINITIONS } from "./truth";
export { SCALE_OPTIONS, generateOptionsSchema, messRatesSchema, resolveOptions } from "./options";
export type { GenerateInput, GenerateOptions, MessRates } from "./options";

/** The ground truth's file name, at the root of the output folder (outside every source folder). */
export const GROUND_TRUTH_FILE = "_ground_truth.json";

export interface GenerateProgress {
  day: number;
  days: number;
  date: string;
  /** Lines written so far, all feeds. */
  lines: number;
}

export interface GenerateResult {
  outDir: string;
  groundTruthFile: string;
  files: number;
  lines: number;
}

/**
 * Writes a landing folder of synthetic GigaMart feeds (DESIGN §3 formats and bucket layout) and
 * the ground truth of what it wrote. Deterministic for a seed: the same options give byte-identical
 * files. Refuses a non-empty output folder, so a ground truth never describes files it did not write.
 */
export async function generateLanding(input: GenerateInput, onProgress?: (p: GenerateProgress) => void): Promise<GenerateResult> {
  const opts = resolveOptions(input);
  if (fs.existsSync(opts.outDir) && fs.readdirSync(opts.outDir).length > 0) {
    throw new Error(`generate: output folder ${opts.outDir} is not empty; choose a new folder`);
  }
  fs.mkdirSync(opts.outDir, { recursive: true });

  const masterRng = new Rng(opts.seed, "master");
  const faker = makeFaker(opts.seed);
  const world: World = {
    opts,
    dates: Array.from({ length: opts.days }, (_, i) => addDays(opts.startDate, i)),
    stores: makeStores(opts.stores, opts.startDate, masterRng),
    products: makeProducts(opts.products, masterRng, faker),
    customers: Array.from({ length: opts.customers }, (_, i) => makeCustomer(i, masterRng, faker)),
    truth: new GroundTruth(),
  };

  await writeMasterExtracts(world);
  const pos = new PosFeed(world);
  const ecom = new EcomFeed(world);
  const crm = new CrmFeed(world);
  const inventory = new InventoryFeed(world);
  const linesSoFar = () => [...world.truth.files.values()].reduce((s, f) => s + f.lines, 0);
  for (let day = 0; day < opts.days; day++) {
    await pos.writeDay(day);
    await ecom.writeDay(day);
    await crm.writeDay(day);
    await inventory.writeDay(day, pos.soldToday);
    onProgress?.({ day: day + 1, days: opts.days, date: world.dates[day]!, lines: linesSoFar() });
  }

  world.truth.recordCurrentProfiles(world.customers);
  const { outDir: _outDir, rates, ...scale } = opts;
  const groundTruthFile = path.join(opts.outDir, GROUND_TRUTH_FILE);
  fs.writeFileSync(groundTruthFile, JSON.stringify(world.truth.toJSON({ options: scale, rates }), null, 1) + "\n");
  return { outDir: opts.outDir, groundTruthFile, files: world.truth.files.size, lines: linesSoFar() };
}
