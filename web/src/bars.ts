// The top-N bar chart, in plain HTML: it redraws in well under a millisecond. Bars span
// the range of the scores shown (the lowest gets a stub, the highest the full track),
// since ten scores of 92.8-93.1 scaled from 0 would be ten identical bars. Hovering a bar
// highlights the model's point in the scatter; clicking it compares it across setups.
import { sig } from "./format";
import type { Ranked } from "./scores";

const stub = 6; // % of the track the lowest score shown gets

// The bar width in % for a score within [low, high].
export function barWidthPct(score: number, low: number, high: number): number {
  if (!(high > low)) return 100;
  return stub + ((100 - stub) * (score - low)) / (high - low);
}

export interface BarHandlers {
  hover: (index: number | null) => void;
  pick: (index: number) => void;
}

export function drawBars(box: HTMLElement, note: HTMLElement, top: Ranked[], unit: string,
                         handlers: BarHandlers): void {
  const scores = top.map((e) => e.score);
  const low = Math.min(...scores);
  const high = Math.max(...scores);
  note.textContent = top.length > 1
    ? `(bars from ${sig(low)} to ${sig(high)} ${unit}; hover: find the point, click: compare setups)`
    : "";
  box.replaceChildren(...top.map((e, i) => {
    const row = document.createElement("div");
    row.className = "bar-row";
    row.dataset.index = String(e.index);
    const label = document.createElement("span");
    label.className = "bar-label";
    label.textContent = `${i + 1}. ${e.model.model}`;
    label.title = `${e.model.model} · ${e.model.input_px || "?"} px · ${e.model.family}`;
    const track = document.createElement("span");
    track.className = "bar-track";
    const bar = document.createElement("span");
    bar.className = "bar";
    bar.style.width = `${barWidthPct(e.score, low, high).toFixed(2)}%`;
    track.append(bar);
    const value = document.createElement("span");
    value.className = "bar-value";
    value.textContent = `${sig(e.score)} ${unit}`;
    row.append(label, track, value);
    row.addEventListener("mouseenter", () => handlers.hover(e.index));
    row.addEventListener("mouseleave", () => handlers.hover(null));
    row.addEventListener("click", () => handlers.pick(e.index));
    return row;
  }));
}
