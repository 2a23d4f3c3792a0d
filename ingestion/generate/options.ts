import { z } from "zod";
import { parseDate } from "./calendar";

const share = z.number().min(0).max(1);

/** How often each kind of mess appears; each is a share of the records it applies to. */
export const messRatesSchema = z
  .object({
    duplicatePos: share.default(0.02).describe("POS transactions sent a second time, byte for byte (same day's file or the next)"),
    latePos: share.default(0.02).describe("POS transactions that land 1..maxLateDays days after their event date"),
    malformed: share.default(0.005).describe("extra unparseable / contract-breaking lines, per line written, in every feed"),
    unknownStore: share.default(0.005).describe("POS transactions whose store id is in no store extract"),
    unknownProduct: share.default(0.005).describe("POS lines and e-commerce items whose product id is in no product extract"),
    posReturn: share.default(0.03).describe("POS transactions that are returns (negative quantities)"),
    crmChange: share.default(0.02).describe("customers whose profile changes on a given day"),
    crmMultiChange: share.default(0.25).describe("of the changing customers, those changing two or three times within one export"),
    crmRepeat: share.default(0.01).describe("customers repeated unchanged (newer updated_at, same attributes) in a day's export"),
    crmLate: share.default(0.03).describe("CRM change rows held back to a later day's export, older than versions already landed"),
    messyEmail: share.default(0.05).describe("CRM rows whose e-mail is written with stray capitals and spaces (same address once normalized)"),
    ecomCancel: share.default(0.08).describe("e-commerce orders that end CANCELLED"),
    ecomReturn: share.default(0.06).describe("delivered e-commerce orders that are then RETURNED"),
    stockOut: share.default(0.01).describe("store × product snapshots forced to zero stock on a day (on top of selling out)"),
    missingOffset: share.default(0.2).describe("timestamps written without a UTC offset (read in Asia/Kolkata)"),
  })
  .strict();

export const generateOptionsSchema = z
  .object({
    outDir: z.string().min(1),
    days: z.number().int().min(1).max(3660).default(7).describe("number of days to generate"),
    startDate: z
      .string()
      .default("2026-11-01")
      .refine((d) => {
        try {
          parseDate(d);
          return true;
        } catch {
          return false;
        }
      }, "expected a calendar date YYYY-MM-DD")
      .describe("first business date, YYYY-MM-DD"),
    seed: z.number().int().default(1).describe("random seed: the same seed and options give byte-identical files"),
    stores: z.number().int().min(1).max(899).default(8).describe("number of stores"),
    products: z.number().int().min(1).max(89999).default(120).describe("number of products"),
    customers: z.number().int().min(1).max(8999999).default(1000).describe("number of CRM customers"),
    transactionsPerStoreDay: z.number().int().min(0).default(150).describe("POS transactions per store and day (±20%, weekends +30%)"),
    ordersPerDay: z.number().int().min(0).default(200).describe("e-commerce orders placed per day"),
    maxLinesPerFile: z.number().int().min(1).default(100000).describe("lines per POS / e-commerce part file before it rolls to the next"),
    maxLateDays: z.number().int().min(1).max(30).default(3).describe("latest a late POS event may land, in days after its event"),
    rates: messRatesSchema.default(messRatesSchema.parse({})),
  })
  .strict();

/** The whole-number options that set the size of a run. */
export const SCALE_OPTIONS = ["days", "seed", "stores", "products", "customers", "transactionsPerStoreDay", "ordersPerDay", "maxLinesPerFile", "maxLateDays"] as const;

export type MessRates = z.infer<typeof messRatesSchema>;
export type GenerateOptions = z.infer<typeof generateOptionsSchema>;
export type GenerateInput = z.input<typeof generateOptionsSchema>;

/** Validates options, naming the first bad one: `generate: rates.latePos: …`. */
export function resolveOptions(input: GenerateInput): GenerateOptions {
  const parsed = generateOptionsSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const keys = issue.code === "unrecognized_keys" ? issue.keys : [];
    const key = [...issue.path, ...keys.slice(0, 1)].join(".") || "(options)";
    throw new Error(`generate: ${key}: ${issue.code === "unrecognized_keys" ? "unknown option" : issue.message}`);
  }
  return parsed.data;
}
