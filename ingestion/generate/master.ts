import { Faker, base, en, en_IN } from "@faker-js/faker";
import { addDays } from "./calendar";
import type { Rng } from "./rng";

export interface Store {
  store_id: string;
  store_name: string;
  city: string;
  state: string;
  region: string;
  format: string;
  opened_date: string;
  closed_date: string;
}

export interface Product {
  product_id: string;
  product_name: string;
  category: string;
  subcategory: string;
  brand: string;
  unitCostPaise: number;
  listPricePaise: number;
  is_active: boolean;
}

export type LoyaltyTier = "NONE" | "SILVER" | "GOLD" | "PLATINUM";
export const LOYALTY_TIERS: readonly LoyaltyTier[] = ["NONE", "SILVER", "GOLD", "PLATINUM"];

/** A customer's profile as the CRM currently holds it. */
export interface CustomerProfile {
  customer_id: string;
  first_name: string;
  last_name: string;
  email: string;
  phone: string;
  loyalty_tier: LoyaltyTier;
  city: string;
  country: string;
}

export const CITIES: ReadonlyArray<readonly [string, string, string]> = [
  ["Mumbai", "Maharashtra", "West"],
  ["Pune", "Maharashtra", "West"],
  ["Ahmedabad", "Gujarat", "West"],
  ["Delhi", "Delhi", "North"],
  ["Jaipur", "Rajasthan", "North"],
  ["Lucknow", "Uttar Pradesh", "North"],
  ["Chandigarh", "Punjab", "North"],
  ["Bengaluru", "Karnataka", "South"],
  ["Chennai", "Tamil Nadu", "South"],
  ["Hyderabad", "Telangana", "South"],
  ["Kochi", "Kerala", "South"],
  ["Kolkata", "West Bengal", "East"],
  ["Bhubaneswar", "Odisha", "East"],
  ["Guwahati", "Assam", "East"],
];

const CATALOGUE: ReadonlyArray<readonly [string, readonly string[], readonly string[]]> = [
  ["Grocery", ["Staples", "Snacks", "Beverages", "Dairy"], ["Tata", "Aashirvaad", "Amul", "Haldiram's", "GigaValue"]],
  ["Personal Care", ["Skin Care", "Hair Care", "Oral Care"], ["Himalaya", "Dabur", "Colgate", "GigaValue"]],
  ["Home", ["Kitchenware", "Cleaning", "Storage"], ["Prestige", "Milton", "Vim", "GigaHome"]],
  ["Electronics", ["Mobiles", "Accessories", "Appliances"], ["Samsung", "boAt", "Philips", "Bajaj"]],
  ["Apparel", ["Men", "Women", "Kids"], ["FabIndia", "Peter England", "GigaStyle"]],
];
const PRICE_BAND: Record<string, readonly [number, number]> = {
  Grocery: [2000, 90000],
  "Personal Care": [4000, 60000],
  Home: [15000, 350000],
  Electronics: [29900, 2499900],
  Apparel: [39900, 499900],
};

export function makeFaker(seed: number): Faker {
  const faker = new Faker({ locale: [en_IN, en, base] });
  faker.seed(seed);
  return faker;
}

export function makeStores(count: number, startDate: string, rng: Rng): Store[] {
  const perCity = new Map<string, number>();
  return Array.from({ length: count }, (_, i) => {
    const [city, state, region] = rng.pick(CITIES);
    const n = (perCity.get(city) ?? 0) + 1;
    perCity.set(city, n);
    return {
      store_id: `S${String(i + 1).padStart(3, "0")}`,
      store_name: `GigaMart ${city} ${n}`,
      city,
      state,
      region,
      format: rng.weighted([
        ["HYPERMARKET", 2],
        ["SUPERMARKET", 5],
        ["EXPRESS", 3],
      ]),
      opened_date: addDays(startDate, -rng.int(60, 3650)),
      closed_date: "",
    };
  });
}

export function makeProducts(count: number, rng: Rng, faker: Faker): Product[] {
  return Array.from({ length: count }, (_, i) => {
    const [category, subcategories, brands] = rng.pick(CATALOGUE);
    const [lo, hi] = PRICE_BAND[category]!;
    // Prices end in 00 or 50 paise, as shelf prices do.
    const listPricePaise = Math.round(rng.int(lo, hi) / 50) * 50;
    const brand = rng.pick(brands);
    return {
      product_id: `P${String(i + 1).padStart(5, "0")}`,
      product_name: `${brand} ${faker.commerce.productAdjective()} ${faker.commerce.product()}`,
      category,
      subcategory: rng.pick(subcategories),
      brand,
      unitCostPaise: Math.round((listPricePaise * rng.int(55, 80)) / 100),
      listPricePaise,
      is_active: !rng.chance(0.03),
    };
  });
}

function asciiLetters(s: string): string {
  return s.normalize("NFKD").replace(/[^A-Za-z]/g, "").toLowerCase() || "x";
}

export const EMAIL_DOMAINS = ["gmail.com", "yahoo.co.in", "outlook.com", "rediffmail.com", "gigamail.in"];

/** A unique, already-normalized address: lower case, no spaces. */
export function emailFor(first: string, last: string, serial: number, rng: Rng): string {
  return `${asciiLetters(first)}.${asciiLetters(last)}${serial}@${rng.pick(EMAIL_DOMAINS)}`;
}

export function makeCustomer(index: number, rng: Rng, faker: Faker): CustomerProfile {
  const first_name = faker.person.firstName();
  const last_name = faker.person.lastName();
  return {
    customer_id: `C${String(index + 1).padStart(7, "0")}`,
    first_name,
    last_name,
    email: emailFor(first_name, last_name, index + 1, rng),
    phone: `+91${rng.int(6, 9)}${String(rng.int(0, 999999999)).padStart(9, "0")}`,
    loyalty_tier: rng.weighted([
      ["NONE", 55],
      ["SILVER", 25],
      ["GOLD", 15],
      ["PLATINUM", 5],
    ]),
    city: rng.pick(CITIES)[0],
    country: "IN",
  };
}
