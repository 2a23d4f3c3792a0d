// The environments a config file exists for, apart from the schema so that a command's options can name
// them without loading the validation machinery (zod alone is about 14 MB of a process).
export const ENVIRONMENTS = ["dev", "prod"] as const;
export type Environment = (typeof ENVIRONMENTS)[number];
