// The accuracy-vs-energy scatter: points coloured by architecture type (CNN, Transformer,
// hybrid, MLP; the family is in the hover), threshold lines with the filtered-out areas
// shaded, the Pareto front, the top-N models outlined and the highlighted model.
// The points depend only on the setup, the test sets and the axis; every other control
// changes shapes alone, which Plotly redraws without touching 1,500 points.
import Plotly from "plotly.js/lib/core";
import { hoverText } from "./format";
import { paretoFront, type Ranked, type Split } from "./scores";
import type { State } from "./state";

// One colour per architecture type, the same as the report's figures.
const typeColours: Record<string, string> = {
  CNN: "#1f77b4", Transformer: "#d62728", Hybrid: "#2ca02c", MLP: "#9467bd", Other: "#7f7f7f",
};
const typeOrder = Object.keys(typeColours);
const thresholdLine = { color: "#c0392b", width: 2, dash: "dash" };
const veil = "rgba(255,255,255,0.78)"; // over the models a threshold leaves out

interface Group {
  architecture: string;
  colour: string;
  indices: number[]; // model indices, in point order
  x: number[];
  y: number[];
  text: string[];
}

export interface ScatterBase {
  key: string; // setup and test sets it was built for
  groups: Group[];
  accuracyRange: [number, number];
  energyRange: [number, number];
}

function hover(e: Ranked): string {
  const m = e.model;
  return hoverText({ name: m.model, inputSizePx: m.input_px, accuracyPct: e.accuracyPct,
    energyJ: m.energy_j, throughput: m.throughput_items_per_s, latencyS: m.latency_s,
    flopCount: m.flop_count, parameterCount: m.params, family: m.family,
    architecture: m.architecture });
}

// Groups every model with an accuracy by architecture type.
export function scatterBase(key: string, split: Split): ScatterBase {
  const all = [...split.kept, ...split.dropped].sort((a, b) => a.index - b.index);
  const groups = new Map<string, Group>();
  for (const architecture of typeOrder) {
    groups.set(architecture, { architecture, colour: typeColours[architecture], indices: [], x: [],
      y: [], text: [] });
  }
  for (const e of all) {
    const g = groups.get(typeColours[e.model.architecture] ? e.model.architecture : "Other")!;
    g.indices.push(e.index);
    g.x.push(e.model.energy_j);
    g.y.push(e.accuracyPct);
    g.text.push(hover(e));
  }
  const accuracies = all.map((e) => e.accuracyPct);
  const energies = all.map((e) => e.model.energy_j);
  return { key, groups: [...groups.values()].filter((g) => g.indices.length > 0),
    accuracyRange: [Math.min(...accuracies), Math.max(...accuracies)],
    energyRange: [Math.min(...energies), Math.max(...energies)] };
}

function paretoPath(kept: Ranked[]): string {
  const front = paretoFront(kept);
  return front.map((e, i) => `${i ? "L" : "M"}${e.model.energy_j},${e.accuracyPct}`).join(" ");
}

// Axis ranges fixed by the data (4 % margins), so the veils reach the plot's edges and
// the thresholds never stretch the axes. Log ranges are in decades, as Plotly takes them.
function ranges(base: ScatterBase, axis: string): { x: [number, number]; y: [number, number] } {
  const [aLo, aHi] = base.accuracyRange;
  const aPad = Math.max(0.5, (aHi - aLo) * 0.04);
  const log = axis === "log";
  const [eLo, eHi] = base.energyRange.map((e) => (log ? Math.log10(e) : e));
  const ePad = Math.max(log ? 0.05 : 1e-6, (eHi - eLo) * 0.04);
  return { x: [log ? eLo - ePad : Math.max(0, eLo - ePad), eHi + ePad], y: [aLo - aPad, aHi + aPad] };
}

function shapes(base: ScatterBase, split: Split, state: State,
                highlighted: Ranked | undefined): object[] {
  // A line at 0 % would filter nothing and stretch the accuracy axis down to 0.
  const out: object[] = [];
  const r = ranges(base, state.axis);
  const aLo = r.y[0];
  const eHi = state.axis === "log" ? Math.pow(10, r.x[1]) : r.x[1];
  if (state.minAccuracyPct > 0) {
    out.push({ type: "line", xref: "paper", x0: 0, x1: 1, yref: "y",
      y0: state.minAccuracyPct, y1: state.minAccuracyPct, line: thresholdLine });
  }
  if (state.maxEnergyJ !== null) {
    out.push({ type: "line", yref: "paper", y0: 0, y1: 1, xref: "x",
      x0: state.maxEnergyJ, x1: state.maxEnergyJ, line: thresholdLine });
  }
  if (state.minAccuracyPct > aLo) {
    out.push({ type: "rect", layer: "above", xref: "paper", x0: 0, x1: 1, yref: "y",
      y0: aLo, y1: state.minAccuracyPct, fillcolor: veil, line: { width: 0 } });
  }
  if (state.maxEnergyJ !== null && state.maxEnergyJ < eHi) {
    out.push({ type: "rect", layer: "above", yref: "paper", y0: 0, y1: 1, xref: "x",
      x0: state.maxEnergyJ, x1: eHi, fillcolor: veil, line: { width: 0 } });
  }
  if (split.kept.length > 1) {
    out.push({ type: "path", xref: "x", yref: "y", path: paretoPath(split.kept),
      line: { color: "#000", width: 2 } });
  }
  // The top N outlined, so the bars' models can be found at a glance.
  for (const e of split.kept.slice(0, state.top)) {
    out.push({ type: "circle", name: "top-n", xref: "x", yref: "y", xsizemode: "pixel",
      ysizemode: "pixel", xanchor: e.model.energy_j, yanchor: e.accuracyPct,
      x0: -6, x1: 6, y0: -6, y1: 6, line: { color: "#111", width: 1.5 } });
  }
  if (highlighted) {
    out.push({ type: "circle", xref: "x", yref: "y", xsizemode: "pixel", ysizemode: "pixel",
      xanchor: highlighted.model.energy_j, yanchor: highlighted.accuracyPct,
      x0: -10, x1: 10, y0: -10, y1: 10, line: { color: "#e74c3c", width: 3 } });
  }
  return out;
}

function fullDraw(element: HTMLElement, base: ScatterBase, shapeList: object[],
                  state: State): Promise<unknown> {
  const r = ranges(base, state.axis);
  const traces: object[] = base.groups.map((g) => ({
    type: "scatter", mode: "markers", name: g.architecture,
    x: g.x, y: g.y, customdata: g.indices, hovertext: g.text,
    hovertemplate: "%{hovertext}<extra></extra>",
    marker: { size: 7, color: g.colour, opacity: 0.85 }, // no outline: cheaper to draw
  }));
  traces.push({ type: "scatter", mode: "lines", name: "Pareto front", x: [null], y: [null],
    line: { color: "#000", width: 2 }, hoverinfo: "skip" });
  traces.push({ type: "scatter", mode: "markers", name: "top N (outlined)", x: [null],
    y: [null], marker: { symbol: "circle-open", size: 12, color: "#111", line: { width: 1.5 } },
    hoverinfo: "skip" });
  const layout = {
    uirevision: `${state.setup}|${state.axis}`,
    margin: { l: 60, r: 10, t: 10, b: 50 },
    paper_bgcolor: "rgba(0,0,0,0)", plot_bgcolor: "rgba(0,0,0,0)",
    xaxis: { type: state.axis, range: r.x, title: { text: "energy per image (J)" } },
    yaxis: { range: r.y, title: { text: "accuracy (%, mean of the test sets)" } },
    hovermode: "closest", shapes: shapeList,
    legend: { orientation: "h", y: -0.16 },
  };
  return Plotly.react(element, traces as Plotly.Data[], layout as Partial<Plotly.Layout>,
    { displaylogo: false, responsive: true });
}

// What was drawn last, so a change redraws only what it alters.
let drawn: { base: ScatterBase; axis: string; shapes: string } | null = null;

export function drawScatter(element: HTMLElement, base: ScatterBase, split: Split, state: State,
                            highlighted: Ranked | undefined): Promise<unknown> {
  const shapeList = shapes(base, split, state, highlighted);
  const next = { base, axis: state.axis, shapes: JSON.stringify(shapeList) };
  const previous = drawn;
  drawn = next;
  if (!previous || previous.base !== base) return fullDraw(element, base, shapeList, state);
  if (previous.axis !== state.axis) {
    // Same points on another axis type: relayout moves them without rebuilding the traces.
    const r = ranges(base, state.axis);
    return Plotly.relayout(element, { "xaxis.type": state.axis, "xaxis.range": r.x,
      shapes: shapeList, uirevision: `${state.setup}|${state.axis}` });
  }
  if (previous.shapes !== next.shapes) return Plotly.relayout(element, { shapes: shapeList });
  return Promise.resolve();
}

// Redraws only the shapes (thresholds, front, highlighted point): a hover stays cheap.
export function redrawShapes(element: HTMLElement, base: ScatterBase, split: Split, state: State,
                             highlighted: Ranked | undefined): Promise<unknown> {
  const shapeList = shapes(base, split, state, highlighted);
  if (drawn) drawn.shapes = JSON.stringify(shapeList);
  return Plotly.relayout(element, { shapes: shapeList });
}
