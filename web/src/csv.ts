// The current ranking as CSV (the columns of GET /api/ranking?format=csv).
import type { Ranked } from "./scores";

function cell(value: string | number | null): string {
  if (value === null) return "";
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function rankingCsv(ranked: Ranked[]): string {
  const lines = ["rank,name,input_size_px,family,accuracy_pct,energy_j,score,url"];
  ranked.forEach((e, i) => {
    const m = e.model;
    lines.push([i + 1, m.name, m.input_size_px, m.family, e.accuracyPct, m.energy_j, e.score, m.url]
      .map(cell).join(","));
  });
  return lines.join("\n") + "\n";
}
