// Charts on uPlot (small, fast, canvas): time series with an optional expected band, and bars over
// categories. Each chart sizes itself to its container.
import uPlot from "uplot";
import { h } from "./dom";

export const PALETTE = ["#2563eb", "#dc2626", "#16a34a", "#d97706", "#7c3aed", "#0891b2", "#db2777", "#65a30d", "#9333ea", "#475569"];

export interface Series {
  label: string;
  values: (number | null)[];
  color?: string;
  dash?: number[];
  /** draw points only (e.g. observations against a band) */
  points?: boolean;
}

interface ChartOptions {
  title: string;
  /** x values: epoch seconds for a time axis, else indices into `categories` */
  x: number[];
  series: Series[];
  /** fill between two series (indices into `series`) */
  band?: [number, number];
  categories?: string[];
  bars?: boolean;
  height?: number;
  yLabel?: string;
}

/** A chart in a figure element; the element is returned for the page to place. */
export function chart(options: ChartOptions): HTMLElement {
  const figure = h("figure", { class: "chart" }, h("figcaption", {}, options.title));
  const width = () => Math.max(320, (figure.parentElement?.clientWidth ?? 800) - 24);
  // Several bar series at one x are nested, each narrower than the one before, so none hides another.
  const bars = (i: number) => uPlot.paths.bars!({ size: [Math.max(0.2, 0.8 - 0.25 * i), Math.max(16, 80 - 25 * i)] });
  const config: uPlot.Options = {
    width: 800,
    height: options.height ?? 240,
    // Categories sit at 0…n-1: half a slot of room each side keeps the outer bars whole.
    scales: { x: options.categories ? { time: false, range: () => [-0.5, options.categories!.length - 0.5] } : { time: true } },
    axes: [
      options.categories
        ? { values: (_u, splits) => splits.map((s) => options.categories![s] ?? ""), splits: () => options.categories!.map((_, i) => i), gap: 4 }
        : {},
      { label: options.yLabel, size: 60 },
    ],
    series: [
      {},
      ...options.series.map((s, i) => ({
        label: s.label,
        stroke: s.color ?? PALETTE[i % PALETTE.length],
        dash: s.dash,
        width: s.points ? 0 : 2,
        points: { show: s.points ?? false, size: 6, fill: s.color ?? PALETTE[i % PALETTE.length] },
        ...(options.bars && { paths: bars(i), fill: (s.color ?? PALETTE[i % PALETTE.length]) + "cc", points: { show: false } }),
      })),
    ],
    ...(options.band && { bands: [{ series: [options.band[1] + 1, options.band[0] + 1] as [number, number], fill: "rgba(37, 99, 235, 0.12)" }] }),
  };
  const data = [options.x, ...options.series.map((s) => s.values)] as uPlot.AlignedData;
  // Drawn once in the document, so the width is the container's.
  requestAnimationFrame(() => {
    const plot = new uPlot({ ...config, width: width() }, data, figure);
    window.addEventListener("resize", () => plot.setSize({ width: width(), height: config.height }));
  });
  return figure;
}

/** Days `YYYY-MM-DD` as epoch seconds (UTC midnight), uPlot's time axis. */
export const daySeconds = (day: string) => Date.parse(`${day}T00:00:00Z`) / 1000;
