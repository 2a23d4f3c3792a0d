import { SingleBar } from "cli-progress";
import { InvalidArgumentError, type Command } from "commander";
import { SCALE_OPTIONS, generateLanding, generateOptionsSchema, messRatesSchema, type GenerateInput } from "../../ingestion/generate";

const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const rateFlag = (key: string) => `rate${key[0]!.toUpperCase()}${key.slice(1)}`;

function wholeNumber(flag: string) {
  return (value: string): number => {
    if (!/^-?\d+$/.test(value.trim())) throw new InvalidArgumentError(`${flag} expects a whole number, got '${value}'`);
    return Number(value);
  };
}

function share(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === "" || !Number.isFinite(n) || n < 0 || n > 1) {
      throw new InvalidArgumentError(`${flag} expects a share between 0 and 1, got '${value}'`);
    }
    return n;
  };
}

/** `gigamart generate`: options, help texts and defaults all come from the generator's option schema. */
export function register(program: Command): void {
  const shape = generateOptionsSchema.shape;
  const command = program
    .command("generate")
    .description(
      "write synthetic GigaMart landing files (pos/, ecom-orders/, crm-profiles/, inventory/, stores/, products/) with " +
        "realistic mess, and _ground_truth.json at the root of --out (outside the source folders) with what they must add up to",
    )
    .requiredOption("--out <dir>", "output folder (must be new or empty)")
    .option("--start-date <date>", `${shape.startDate.description} (default ${shape.startDate.parse(undefined)})`);
  for (const key of SCALE_OPTIONS) {
    const flag = `--${kebab(key)}`;
    command.option(`${flag} <n>`, `${shape[key].description} (default ${shape[key].parse(undefined)})`, wholeNumber(flag));
  }
  for (const [key, schema] of Object.entries(messRatesSchema.shape)) {
    const flag = `--rate-${kebab(key)}`;
    command.option(`${flag} <share>`, `share of ${schema.description} (default ${schema.parse(undefined)})`, share(flag));
  }
  command.action(async (flags: Record<string, string | number | undefined>) => {
    const input: Record<string, unknown> = { outDir: flags.out, rates: {} };
    if (flags.startDate !== undefined) input.startDate = flags.startDate;
    for (const key of SCALE_OPTIONS) if (flags[key] !== undefined) input[key] = flags[key];
    for (const key of Object.keys(messRatesSchema.shape)) {
      if (flags[rateFlag(key)] !== undefined) (input.rates as Record<string, unknown>)[key] = flags[rateFlag(key)];
    }
    const days = (flags.days as number | undefined) ?? shape.days.parse(undefined);
    const bar = process.stderr.isTTY
      ? new SingleBar({ stream: process.stderr, format: "generate [{bar}] day {value}/{total} {date}  {lines} lines" })
      : undefined;
    bar?.start(days, 0, { date: "", lines: 0 });
    try {
      const result = await generateLanding(input as GenerateInput, (p) => bar?.update(p.day, { date: p.date, lines: p.lines }));
      bar?.stop();
      process.stdout.write(`wrote ${result.lines} lines in ${result.files} files under ${result.outDir}\nground truth: ${result.groundTruthFile}\n`);
    } finally {
      bar?.stop();
    }
  });
}
