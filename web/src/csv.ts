// The current ranking as CSV (the columns of GET /api/ranking?format=csv).
import type { Ranked } from "./scores";

function cell(value: string | number | null): string {
  if (value === null) return "";
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function rankingCsv(ranked: Ranked[], starsOf: (energyJ: number) => number): string {
  const lines = ["rank,model,family,input_px,accuracy_pct,energy_j,score,stars,url"];
  ranked.forEach((e, i) => {
    const m = e.model;
    lines.push([i + 1, m.model, m.family, m.input_px, e.accuracyPct, m.energy_j, e.score,
      starsOf(m.energy_j), m.url].map(cell).join(","));
  });
  return lines.join("\n") + "\n";
}
