// The accuracy-vs-energy scatter: points coloured by architecture family, filtered-out
// models in grey, threshold lines, the Pareto front and the highlighted model.
// Every model's point arrays are built once per setup and test-set choice and kept, so
// a control change only restyles colours and redraws shapes (Plotly.react sees the same
// arrays and skips recomputing 1,500 points).
import Plotly from "plotly.js-dist-min";
import { hoverText } from "./format";
import { paretoFront, type Ranked, type Split } from "./scores";
import type { State } from "./state";

const palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
  "#17becf", "#bcbd22", "#393b79", "#637939", "#843c39"];
const otherColour = "#7f7f7f";
const droppedColour = "#d0d0d0";
const thresholdLine = { color: "#c0392b", width: 2, dash: "dash" };

interface Group {
  family: string; // or "other"
  colour: string;
  indices: number[]; // model indices, in point order
  x: number[];
  y: number[];
  text: string[];
}

export interface ScatterBase {
  key: string; // setup and test sets it was built for
  groups: Group[];
}

function hover(e: Ranked): string {
  const m = e.model;
  return hoverText({ name: m.model, inputSizePx: m.input_px, accuracyPct: e.accuracyPct,
    energyJ: m.energy_j, throughput: m.throughput_items_per_s, latencyS: m.latency_s,
    flopCount: m.flop_count, parameterCount: m.params });
}

// Groups every model with an accuracy by family; the largest families get a colour.
export function scatterBase(key: string, split: Split): ScatterBase {
  const all = [...split.kept, ...split.dropped].sort((a, b) => a.index - b.index);
  const counts = new Map<string, number>();
  for (const e of all) counts.set(e.model.family, (counts.get(e.model.family) ?? 0) + 1);
  const largest = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, palette.length).map(([family]) => family).sort();
  const groups = new Map<string, Group>();
  for (const family of [...largest, "other"]) {
    const colour = family === "other" ? otherColour : palette[largest.indexOf(family)];
    groups.set(family, { family, colour, indices: [], x: [], y: [], text: [] });
  }
  for (const e of all) {
    const g = groups.get(largest.includes(e.model.family) ? e.model.family : "other")!;
    g.indices.push(e.index);
    g.x.push(e.model.energy_j);
    g.y.push(e.accuracyPct);
    g.text.push(hover(e));
  }
  return { key, groups: [...groups.values()].filter((g) => g.indices.length > 0) };
}

function legendEntry(name: string, colour: string, group: string): object {
  return { type: "scatter", mode: "markers", name, legendgroup: group, x: [null], y: [null],
    marker: { color: colour, size: 9 }, hoverinfo: "skip" };
}

function paretoPath(kept: Ranked[]): string {
  const front = paretoFront(kept);
  return front.map((e, i) => `${i ? "L" : "M"}${e.model.energy_j},${e.accuracyPct}`).join(" ");
}

function shapes(split: Split, state: State, highlighted: Ranked | undefined): object[] {
  const out: object[] = [{ type: "line", xref: "paper", x0: 0, x1: 1, yref: "y",
    y0: state.minAccuracyPct, y1: state.minAccuracyPct, line: thresholdLine }];
  if (state.maxEnergyJ !== null) {
    out.push({ type: "line", yref: "paper", y0: 0, y1: 1, xref: "x",
      x0: state.maxEnergyJ, x1: state.maxEnergyJ, line: thresholdLine });
  }
  if (split.kept.length > 1) {
    out.push({ type: "path", xref: "x", yref: "y", path: paretoPath(split.kept),
      line: { color: "#000", width: 2 } });
  }
  if (highlighted) {
    out.push({ type: "circle", xref: "x", yref: "y", xsizemode: "pixel", ysizemode: "pixel",
      xanchor: highlighted.model.energy_j, yanchor: highlighted.accuracyPct,
      x0: -10, x1: 10, y0: -10, y1: 10, line: { color: "#e74c3c", width: 3 } });
  }
  return out;
}

function colours(base: ScatterBase, split: Split): string[][] {
  const kept = new Set(split.kept.map((e) => e.index));
  return base.groups.map((g) => g.indices.map((i) => (kept.has(i) ? g.colour : droppedColour)));
}

function fullDraw(element: HTMLElement, base: ScatterBase, split: Split, state: State,
                  highlighted: Ranked | undefined): Promise<unknown> {
  const colour = colours(base, split);
  const traces: object[] = base.groups.map((g, i) => ({
    type: "scatter", mode: "markers", name: g.family, legendgroup: g.family, showlegend: false,
    x: g.x, y: g.y, customdata: g.indices, hovertext: g.text,
    hovertemplate: "%{hovertext}<extra></extra>",
    marker: { size: 7, color: colour[i], line: { width: 0.5, color: "#fff" } },
  }));
  for (const g of base.groups) traces.push(legendEntry(g.family, g.colour, g.family));
  traces.push(legendEntry("filtered out", droppedColour, "filtered"));
  traces.push({ type: "scatter", mode: "lines", name: "Pareto front", x: [null], y: [null],
    line: { color: "#000", width: 2 }, hoverinfo: "skip" });
  const layout = {
    uirevision: `${state.setup}|${state.axis}`,
    margin: { l: 60, r: 10, t: 10, b: 50 },
    paper_bgcolor: "rgba(0,0,0,0)", plot_bgcolor: "rgba(0,0,0,0)",
    xaxis: { type: state.axis, title: { text: "energy per image (J)" } },
    yaxis: { title: { text: "accuracy (%, mean of the test sets)" } },
    hovermode: "closest", shapes: shapes(split, state, highlighted),
    legend: { orientation: "h", y: -0.18 },
  };
  return Plotly.react(element, traces as Plotly.Data[], layout as Partial<Plotly.Layout>,
    { displaylogo: false, responsive: true });
}

// What was drawn last, so a change redraws only what it alters: a new weight leaves the
// points alone, a threshold recolours them, a setup or axis change draws afresh.
let drawn: { base: ScatterBase; axis: string; colours: string; shapes: string } | null = null;

export function drawScatter(element: HTMLElement, base: ScatterBase, split: Split, state: State,
                            highlighted: Ranked | undefined): Promise<unknown> {
  const colour = colours(base, split);
  const shapeList = shapes(split, state, highlighted);
  const next = { base, axis: state.axis, colours: colour.map((c) => c.join()).join("|"),
    shapes: JSON.stringify(shapeList) };
  const previous = drawn;
  drawn = next;
  if (!previous || previous.base !== base || previous.axis !== state.axis) {
    return fullDraw(element, base, split, state, highlighted);
  }
  if (previous.colours !== next.colours) {
    return Plotly.update(element, { "marker.color": colour }, { shapes: shapeList },
      base.groups.map((_, i) => i));
  }
  if (previous.shapes !== next.shapes) return Plotly.relayout(element, { shapes: shapeList });
  return Promise.resolve();
}

// Redraws only the shapes (thresholds, front, highlighted point): a hover stays cheap.
export function redrawShapes(element: HTMLElement, split: Split, state: State,
                             highlighted: Ranked | undefined): Promise<unknown> {
  const shapeList = shapes(split, state, highlighted);
  if (drawn) drawn.shapes = JSON.stringify(shapeList);
  return Plotly.relayout(element, { shapes: shapeList });
}
