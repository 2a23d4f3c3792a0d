// `npm run test:interleavings -- --count N [--seed S]`: the interleaving test of
// tests/models/overlap-and-crash.test.ts with a longer seeded sample than CI's.
import * as path from "node:path";
import { Command, InvalidArgumentError } from "commander";
import Mocha from "mocha";

const positive = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError("a positive whole number");
  return value;
};
const options = new Command("test:interleavings")
  .option("--count <n>", "interleavings to try", positive, "500")
  .option("--seed <n>", "seed of the sample", positive)
  .parse()
  .opts<{ count: string; seed?: string }>();
process.env.GIGAMART_INTERLEAVINGS = options.count;
if (options.seed) process.env.GIGAMART_INTERLEAVING_SEED = options.seed;
const mocha = new Mocha({ grep: "interleaving", timeout: 0 });
mocha.addFile(path.resolve(__dirname, "../models/overlap-and-crash.test.ts"));
mocha.run((failed) => {
  process.exitCode = failed > 0 ? 1 : 0;
});
