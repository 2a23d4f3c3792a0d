import { unsafeUniformIntDistribution, xoroshiro128plus, type RandomGenerator } from "pure-rand";

/**
 * A seeded random source. Each feed draws from its own stream (seed + feed name), so turning one
 * mess rate up does not reshuffle what the other feeds generate.
 */
export class Rng {
  private readonly gen: RandomGenerator;

  constructor(seed: number, stream: string) {
    let h = seed | 0;
    for (let i = 0; i < stream.length; i++) h = Math.imul(h ^ stream.charCodeAt(i), 0x9e3779b1);
    this.gen = xoroshiro128plus(h ^ (h >>> 16));
  }

  /** Uniform in [0, 1). */
  float(): number {
    return (this.gen.unsafeNext() >>> 0) / 4294967296;
  }

  /** Uniform integer in [min, max], both included. */
  int(min: number, max: number): number {
    return unsafeUniformIntDistribution(min, max, this.gen);
  }

  chance(probability: number): boolean {
    return probability > 0 && this.float() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)]!;
  }

  /** Picks by relative weight: `weighted([["GOLD", 1], ["NONE", 6]])`. */
  weighted<T>(choices: ReadonlyArray<readonly [T, number]>): T {
    const total = choices.reduce((s, [, w]) => s + w, 0);
    let x = this.float() * total;
    for (const [value, w] of choices) {
      if ((x -= w) < 0) return value;
    }
    return choices[choices.length - 1]![0];
  }

  /** Fisher–Yates, in place. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  }

  /** `count` distinct indexes out of [0, n). */
  sample(n: number, count: number): number[] {
    const chosen = new Set<number>();
    const k = Math.min(n, count);
    while (chosen.size < k) chosen.add(this.int(0, n - 1));
    return [...chosen].sort((a, b) => a - b);
  }
}
