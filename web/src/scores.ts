// The scores of Yang et al. §4.4, the same as compare::rank (src/compare/scores.cpp), so
// the page can rank 1,500 models on every control change without asking the server.
import type { Model } from "./types";

export type Metric = "manhattan" | "acc-per-joule";

export interface RankQuery {
  testSets: string[];
  metric: Metric;
  weight: number; // W in [0, 1]
  minAccuracyPct: number;
  maxEnergyJ: number | null;
}

export interface Ranked {
  index: number; // into the setup's models (names repeat across input sizes)
  model: Model;
  accuracyPct: number; // averaged over the query's test sets
  score: number;
}

// Mean accuracy over the test sets, or null when the model lacks one of them.
export function meanAccuracy(model: Model, testSets: string[]): number | null {
  if (testSets.length === 0) return null;
  let sum = 0;
  for (const set of testSets) {
    const value = model.accuracy_pct_by_test_set[set];
    if (value === undefined) return null;
    sum += value;
  }
  return sum / testSets.length;
}

// 100 − (W·(E/N·100) + (1−W)·(100−A)); N = largest energy among the models considered.
export function manhattanScore(accuracyPct: number, energyJ: number, largestEnergyJ: number,
                               weight: number): number {
  const energyPct = (energyJ / largestEnergyJ) * 100;
  return 100 - (weight * energyPct + (1 - weight) * (100 - accuracyPct));
}

export function accPerJoule(accuracyPct: number, energyJ: number): number {
  return accuracyPct / energyJ;
}

// Five equal bands of the setup's energy range; 5 stars = the lowest band.
export function stars(energyJ: number, minEnergyJ: number, maxEnergyJ: number): number {
  const width = maxEnergyJ - minEnergyJ;
  if (!(width > 0) || energyJ <= minEnergyJ) return 5;
  const band = Math.ceil(((energyJ - minEnergyJ) * 5) / width) - 1;
  return 5 - Math.min(4, Math.max(0, band));
}

export interface Split {
  kept: Ranked[]; // passing the thresholds, best first
  dropped: Ranked[]; // with a mean accuracy but below/above a threshold (score 0)
}

export function rankModels(models: Model[], query: RankQuery): Split {
  const kept: Ranked[] = [];
  const dropped: Ranked[] = [];
  models.forEach((model, index) => {
    const accuracyPct = meanAccuracy(model, query.testSets);
    if (accuracyPct === null) return;
    const entry = { index, model, accuracyPct, score: 0 };
    const passes = accuracyPct >= query.minAccuracyPct &&
      (query.maxEnergyJ === null || model.energy_j <= query.maxEnergyJ);
    (passes ? kept : dropped).push(entry);
  });
  const largest = Math.max(0, ...kept.map((e) => e.model.energy_j));
  for (const e of kept) {
    e.score = query.metric === "manhattan"
      ? manhattanScore(e.accuracyPct, e.model.energy_j, largest, query.weight)
      : accPerJoule(e.accuracyPct, e.model.energy_j);
  }
  // Stable: ties keep the server's order (by model name), as compare::rank does.
  kept.sort((a, b) => b.score - a.score);
  return { kept, dropped };
}

// Models no other beats on both accuracy and energy, by ascending energy.
export function paretoFront(entries: Ranked[]): Ranked[] {
  const sorted = [...entries].sort((a, b) =>
    a.model.energy_j - b.model.energy_j || b.accuracyPct - a.accuracyPct);
  const front: Ranked[] = [];
  for (const e of sorted) {
    if (front.length === 0 || e.accuracyPct > front[front.length - 1].accuracyPct) front.push(e);
  }
  return front;
}
