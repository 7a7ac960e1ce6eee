// The top-N bar chart, in plain HTML: it redraws in well under a millisecond, and
// hovering a bar highlights the model's point in the scatter.
import { sig } from "./format";
import type { Ranked } from "./scores";

export function drawBars(box: HTMLElement, top: Ranked[], unit: string,
                         onHover: (index: number | null) => void): void {
  const largest = Math.max(0, ...top.map((e) => e.score));
  box.replaceChildren(...top.map((e) => {
    const row = document.createElement("div");
    row.className = "bar-row";
    row.dataset.index = String(e.index);
    const label = document.createElement("span");
    label.className = "bar-label";
    label.textContent = `${e.model.model} · ${e.model.input_px} px`;
    const track = document.createElement("span");
    track.className = "bar-track";
    const bar = document.createElement("span");
    bar.className = "bar";
    bar.style.width = `${largest > 0 ? Math.max(0, (e.score / largest) * 100) : 0}%`;
    track.append(bar);
    const value = document.createElement("span");
    value.className = "bar-value";
    value.textContent = `${sig(e.score)} ${unit}`;
    row.append(label, track, value);
    row.addEventListener("mouseenter", () => onHover(e.index));
    row.addEventListener("mouseleave", () => onHover(null));
    return row;
  }));
}
