// The figures: accuracy-vs-energy scatter over a score contour, and the top-N bars.
import Plotly from "plotly.js-dist-min";
import { hoverText, sig } from "./format";
import { accPerJoule, manhattanScore, paretoFront, type Ranked, type Split } from "./scores";
import type { State } from "./state";

const palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
  "#17becf", "#bcbd22", "#393b79", "#637939", "#843c39"];
const otherColour = "#7f7f7f";
const gridSize = 60;

// The largest families get their own colour; the rest share "other".
export function familyColours(entries: Ranked[]): Map<string, string> {
  const counts = new Map<string, number>();
  for (const e of entries) counts.set(e.model.family, (counts.get(e.model.family) ?? 0) + 1);
  const largest = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return new Map(largest.slice(0, palette.length).map(([family], i) => [family, palette[i]]));
}

function pointTrace(entries: Ranked[], name: string, colour: string, opacity: number): object {
  return {
    type: "scatter", mode: "markers", name,
    x: entries.map((e) => e.model.energy_j),
    y: entries.map((e) => e.accuracyPct),
    customdata: entries.map((e) => e.model.name),
    hovertext: entries.map((e) => hoverText({
      name: e.model.name, inputSizePx: e.model.input_size_px, accuracyPct: e.accuracyPct,
      energyJ: e.model.energy_j, throughput: e.model.throughput_items_per_s,
      latencyS: e.model.latency_s, flopCount: e.model.flop_count,
      parameterCount: e.model.parameter_count,
    })),
    hovertemplate: "%{hovertext}<extra></extra>",
    marker: { color: colour, size: 7, opacity, line: { width: 0.5, color: "#fff" } },
  };
}

function range(values: number[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  return [lo, hi];
}

function steps(lo: number, hi: number, log: boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < gridSize; i++) {
    const t = i / (gridSize - 1);
    out.push(log ? lo * Math.pow(hi / lo, t) : lo + (hi - lo) * t);
  }
  return out;
}

// The score over the plotted area, so the user sees which way it rises.
function contourTrace(split: Split, state: State): object | null {
  const all = [...split.kept, ...split.dropped];
  if (all.length === 0) return null;
  const log = state.axis === "log";
  const [eLo, eHi] = range(all.map((e) => e.model.energy_j));
  const [aLo, aHi] = range(all.map((e) => e.accuracyPct));
  const x = steps(log ? eLo / 1.2 : 0, eHi * 1.05, log);
  const y = steps(Math.max(0, aLo - 2), Math.min(100, aHi + 2), false);
  const largest = Math.max(...split.kept.map((e) => e.model.energy_j), 0) || eHi;
  const perJoule = state.metric === "acc-per-joule";
  const z = y.map((a) => x.map((e) => perJoule
    ? Math.log10(accPerJoule(a, Math.max(e, 1e-12)))
    : manhattanScore(a, e, largest, state.weight)));
  return {
    type: "contour", x, y, z, name: "score", hoverinfo: "skip", showscale: true,
    colorscale: "Greys", reversescale: true, opacity: 0.35, ncontours: 14,
    contours: { coloring: "fill", showlines: true },
    line: { width: 0.5, color: "#999" },
    colorbar: { title: { text: perJoule ? "log₁₀ %/J" : "score" }, thickness: 12, len: 0.8 },
  };
}

function thresholdShapes(state: State): object[] {
  const line = { color: "#c0392b", width: 2, dash: "dash" };
  const shapes: object[] = [{ type: "line", xref: "paper", x0: 0, x1: 1, yref: "y",
    y0: state.minAccuracyPct, y1: state.minAccuracyPct, line, name: "min-accuracy" }];
  if (state.maxEnergyJ !== null) {
    shapes.push({ type: "line", yref: "paper", y0: 0, y1: 1, xref: "x",
      x0: state.maxEnergyJ, x1: state.maxEnergyJ, line, name: "max-energy" });
  }
  return shapes;
}

export interface ScatterLayout {
  highlightTrace: number; // index of the trace that marks the hovered bar's model
}

export function drawScatter(element: HTMLElement, split: Split, state: State): ScatterLayout {
  const colours = familyColours(split.kept);
  const traces: object[] = [];
  const contour = contourTrace(split, state);
  if (contour) traces.push(contour);
  traces.push(pointTrace(split.dropped, "filtered out", "#bbb", 0.5));
  const byFamily = new Map<string, Ranked[]>();
  for (const e of split.kept) {
    const key = colours.has(e.model.family) ? e.model.family : "other";
    if (!byFamily.has(key)) byFamily.set(key, []);
    byFamily.get(key)!.push(e);
  }
  const families = [...byFamily.keys()].sort((a, b) =>
    a === "other" ? 1 : b === "other" ? -1 : a < b ? -1 : 1);
  for (const f of families) traces.push(pointTrace(byFamily.get(f)!, f, colours.get(f) ?? otherColour, 0.9));
  const front = paretoFront(split.kept);
  traces.push({ type: "scatter", mode: "lines", name: "Pareto front", hoverinfo: "skip",
    x: front.map((e) => e.model.energy_j), y: front.map((e) => e.accuracyPct),
    line: { color: "#000", width: 2, shape: "hv" } });
  traces.push({ type: "scatter", mode: "markers", name: "highlighted", showlegend: false,
    hoverinfo: "skip", x: [], y: [],
    marker: { size: 18, color: "rgba(0,0,0,0)", line: { width: 3, color: "#e74c3c" } } });
  const layout = {
    uirevision: `${state.setup}|${state.axis}`,
    margin: { l: 60, r: 10, t: 10, b: 50 },
    xaxis: { type: state.axis, title: { text: "energy per image (J)" } },
    yaxis: { title: { text: "accuracy (%)" } },
    hovermode: "closest", shapes: thresholdShapes(state),
    legend: { orientation: "h", y: -0.18 },
  };
  Plotly.react(element, traces as Plotly.Data[], layout as Partial<Plotly.Layout>,
    { displaylogo: false, responsive: true });
  return { highlightTrace: traces.length - 1 };
}

export function drawBars(element: HTMLElement, top: Ranked[], state: State): void {
  const reversed = [...top].reverse(); // best at the top
  const unit = state.metric === "acc-per-joule" ? "%/J" : "score";
  Plotly.react(element, [{
    type: "bar", orientation: "h",
    x: reversed.map((e) => e.score), y: reversed.map((e) => e.model.name),
    customdata: reversed.map((e) => e.model.name),
    hovertemplate: `%{y}: %{x:.4g} ${unit}<extra></extra>`,
    marker: { color: "#1f77b4" },
  }] as Plotly.Data[], {
    margin: { l: 260, r: 10, t: 10, b: 40 },
    xaxis: { title: { text: unit } },
    yaxis: { automargin: true, tickfont: { size: 10 } },
    height: Math.max(220, 24 * top.length + 60),
  } as Partial<Plotly.Layout>, { displaylogo: false, responsive: true });
}

export function scoreText(score: number): string {
  return sig(score);
}
