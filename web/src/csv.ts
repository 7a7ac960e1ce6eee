// The current ranking as CSV (the columns of GET /api/ranking?format=csv), after lines
// starting with '#' that record the view it was made under.
import type { Ranked } from "./scores";

function cell(value: string | number | null): string {
  if (value === null) return "";
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

// The view the ranking was made under, as "# key: value" lines before the CSV header.
export interface View {
  setup: string;
  testSets: string[];
  metric: string;
  weight: number;
  minAccuracyPct: number;
  maxEnergyJ: number | null;
}

export function viewLines(v: View, exportedAt: string): string[] {
  return [
    "# infergy explorer ranking",
    `# setup: ${v.setup}`,
    `# test_sets: ${v.testSets.join(";")}`,
    `# metric: ${v.metric}` + (v.metric === "manhattan" ? `, weight: ${v.weight}` : ""),
    `# min_accuracy_pct: ${v.minAccuracyPct}, max_energy_j: ${v.maxEnergyJ ?? "none"}`,
    `# exported: ${exportedAt}`,
  ];
}

export function rankingCsv(ranked: Ranked[], starsOf: (energyJ: number) => number,
                           view?: View, exportedAt = new Date().toISOString()): string {
  const lines = view ? viewLines(view, exportedAt) : [];
  lines.push("rank,model,family,input_px,accuracy_pct,energy_j,score,stars,url");
  ranked.forEach((e, i) => {
    const m = e.model;
    lines.push([i + 1, m.model, m.family, m.input_px, e.accuracyPct, m.energy_j, e.score,
      starsOf(m.energy_j), m.url].map(cell).join(","));
  });
  return lines.join("\n") + "\n";
}
