// `npm run test:interleavings|test:batchings -- --count N [--seed S]`: a seeded sampling test of
// tests/models with a longer sample than CI's. Each sample names its test file, the tests to run and
// the environment variables that file reads its count and seed from.
import * as path from "node:path";
import { Command, InvalidArgumentError } from "commander";
import Mocha from "mocha";

const SAMPLES = {
  interleavings: { file: "overlap-and-crash.test.ts", grep: "interleaving", count: "GIGAMART_INTERLEAVINGS", seed: "GIGAMART_INTERLEAVING_SEED", default: "500" },
  batchings: { file: "batchings.property.test.ts", grep: "batching", count: "GIGAMART_BATCHINGS", seed: "GIGAMART_BATCHING_SEED", default: "50" },
} as const;

const positive = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError("a positive whole number");
  return value;
};
const command = new Command("run-sample")
  .argument("<sample>", `one of ${Object.keys(SAMPLES).join(", ")}`, (name) => {
    if (!(name in SAMPLES)) throw new InvalidArgumentError(`expected one of ${Object.keys(SAMPLES).join(", ")}`);
    return name as keyof typeof SAMPLES;
  })
  .option("--count <n>", "cases to try (default: interleavings 500, batchings 50)", positive)
  .option("--seed <n>", "seed of the sample", positive)
  .parse();
const sample = SAMPLES[command.processedArgs[0] as keyof typeof SAMPLES];
const options = command.opts<{ count?: string; seed?: string }>();
process.env[sample.count] = options.count ?? sample.default;
if (options.seed) process.env[sample.seed] = options.seed;
const mocha = new Mocha({ grep: sample.grep, timeout: 0 });
mocha.addFile(path.resolve(__dirname, "../models", sample.file));
mocha.run((failed) => {
  process.exitCode = failed > 0 ? 1 : 0;
});
