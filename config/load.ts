import * as fs from "node:fs";
import * as path from "node:path";
import { parseDocument } from "yaml";
import type { Environment } from "./environments";
import { configSchema, type GigaMartConfig } from "./schema";

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** The repo's config folder, unless GIGAMART_CONFIG_DIR points elsewhere (tests, other deployments). */
export const CONFIG_DIR = process.env.GIGAMART_CONFIG_DIR ?? __dirname;

export function configPath(env: string, dir = CONFIG_DIR): string {
  return path.join(dir, `config_${env}.yaml`);
}

/**
 * `${NAME}` or `${NAME:-default}` in a string value reads the environment, so facts such as the
 * alert address (EMAIL_ON_FAILURE) come from where the deployment keeps them.
 */
function interpolate(value: unknown, file: string, keyPath: string): unknown {
  if (typeof value === "string") {
    return value.replace(/\$\{([A-Z0-9_]+)(?::-([^}]*))?\}/g, (_m, name: string, fallback?: string) => {
      const found = process.env[name];
      if (found !== undefined && found !== "") return found;
      if (fallback !== undefined) return fallback;
      throw new ConfigError(`${file}: ${keyPath}: environment variable ${name} is not set`);
    });
  }
  if (Array.isArray(value)) return value.map((v, i) => interpolate(v, file, `${keyPath}[${i}]`));
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, interpolate(v, file, keyPath ? `${keyPath}.${k}` : k)]),
    );
  }
  return value;
}

export function loadConfig(env: string, dir = CONFIG_DIR): GigaMartConfig {
  const file = path.relative(process.cwd(), configPath(env, dir)) || configPath(env, dir);
  if (!fs.existsSync(configPath(env, dir))) {
    throw new ConfigError(`${file}: no config for environment '${env}'`);
  }
  const doc = parseDocument(fs.readFileSync(configPath(env, dir), "utf8"));
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    throw new ConfigError(`${file}:${e.linePos?.[0]?.line ?? "?"}: ${e.message.split("\n")[0]}`);
  }
  const parsed = configSchema.safeParse(interpolate(doc.toJS(), file, ""));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const keys = issue.code === "unrecognized_keys" ? issue.keys : [];
    const key = [...issue.path, ...keys.slice(0, 1)].join(".");
    const missing = issue.code === "invalid_type" && /received undefined/.test(issue.message);
    const what = issue.code === "unrecognized_keys" ? "unknown key" : missing ? `missing (${issue.message.replace(/, received undefined$/, "")})` : issue.message;
    throw new ConfigError(`${file}: ${key || "(root)"}: ${what}`);
  }
  if (parsed.data.env !== env) {
    throw new ConfigError(`${file}: env: is '${parsed.data.env}' but the file is for '${env}'`);
  }
  return parsed.data;
}

export type { Environment, GigaMartConfig };
