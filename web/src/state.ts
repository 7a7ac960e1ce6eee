// The page's whole state, kept in the URL query so a copied link reproduces the view.
import type { Metric } from "./scores";

export interface State {
  view: string; // a registered page (pages.ts); "explorer" by default
  setup: string;
  testSets: string[];
  minAccuracyPct: number;
  maxEnergyJ: number | null;
  metric: Metric;
  weight: number;
  axis: "log" | "linear";
  top: number;
}

export const defaults: State = {
  view: "explorer",
  setup: "",
  testSets: [],
  minAccuracyPct: 0,
  maxEnergyJ: null,
  metric: "manhattan",
  weight: 0.5,
  axis: "log",
  top: 10,
};

function clamp(value: number, min: number, max: number, fallback: number): number {
  return Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : fallback;
}

// Unknown or malformed values fall back to the defaults: a bad link still opens.
export function stateFromQuery(search: string): State {
  const q = new URLSearchParams(search);
  const number = (name: string) => (q.has(name) && q.get(name) !== "" ? Number(q.get(name)) : NaN);
  const maxEnergy = number("max_energy_j");
  return {
    view: q.get("view") || "explorer",
    setup: q.get("setup") ?? "",
    testSets: (q.get("test_sets") ?? "").split(",").filter((s) => s !== ""),
    minAccuracyPct: clamp(number("min_accuracy"), 0, 100, defaults.minAccuracyPct),
    maxEnergyJ: Number.isFinite(maxEnergy) && maxEnergy > 0 ? maxEnergy : null,
    // (out-of-range values in a link fall back; typed ones are flagged at the input)
    metric: q.get("metric") === "acc-per-joule" ? "acc-per-joule" : "manhattan",
    weight: clamp(number("weight"), 0, 1, defaults.weight),
    axis: q.get("axis") === "linear" ? "linear" : "log",
    top: Math.round(clamp(number("top"), 1, 100, defaults.top)),
  };
}

export function queryFromState(s: State): string {
  const q = new URLSearchParams();
  if (s.view !== "explorer") q.set("view", s.view);
  q.set("setup", s.setup);
  q.set("test_sets", s.testSets.join(","));
  q.set("metric", s.metric);
  q.set("weight", String(s.weight));
  q.set("min_accuracy", String(s.minAccuracyPct));
  if (s.maxEnergyJ !== null) q.set("max_energy_j", String(s.maxEnergyJ));
  q.set("axis", s.axis);
  q.set("top", String(s.top));
  return "?" + q.toString();
}

// The setup a page opens on when the link names none: Yang et al.'s headline setup.
export const preferredSetup = "A100_TRT";

// Checks of typed values: null when valid, else the message shown beside the input.
export function topError(text: string): string | null {
  const v = Number(text);
  return text.trim() !== "" && Number.isInteger(v) && v >= 1 && v <= 100 ? null
    : "a whole number from 1 to 100";
}

export function minAccuracyError(text: string): string | null {
  const v = Number(text);
  return text.trim() !== "" && Number.isFinite(v) && v >= 0 && v <= 100 ? null
    : "a percentage from 0 to 100";
}

export function maxEnergyError(text: string): string | null {
  if (text.trim() === "") return null; // no limit
  const v = Number(text);
  return Number.isFinite(v) && v > 0 ? null : "a positive energy in joules, or empty for none";
}
