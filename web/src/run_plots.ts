// The four figures of one stored run, the same as `infergy runs plot` draws with gnuplot:
// energy per item with its 95 % CI versus batch size, throughput and latency versus batch
// size, average power with the GPU's TDP line, and the power trace when samples were kept.
import Plotly from "plotly.js/lib/core";
import type { RunDetail } from "./types";

const config = { displaylogo: false, responsive: true };
const margin = { l: 70, r: 70, t: 36, b: 50 };
// At most this many points per batch size in the trace: min and max of each bucket, so
// peaks survive and a 100 Hz trace of minutes still draws at once.
const kTraceBuckets = 1000;

// Batch sizes 1, 2, 4, ... on a log2 axis: Plotly's log axis with a tick per batch size.
function batchAxis(run: RunDetail): object {
  const sizes = run.batches.map((b) => b.batch_size);
  return { type: "log", title: { text: "batch size" }, tickvals: sizes, ticktext: sizes.map(String) };
}

function layout(title: string, run: RunDetail, extra: object = {}): object {
  return { title: { text: title, font: { size: 14 } }, margin, xaxis: batchAxis(run),
    legend: { orientation: "h", y: -0.25 }, ...extra };
}

function drawEnergy(el: HTMLElement, run: RunDetail): Promise<unknown> {
  const b = run.batches;
  const trace = { type: "scatter", mode: "lines+markers", name: "J/item (95 % CI)",
    x: b.map((x) => x.batch_size), y: b.map((x) => x.energy_per_item_j),
    error_y: { type: "data", visible: true, array: b.map((x) => x.energy_per_item_ci95_j ?? 0) },
    hovertemplate: "batch %{x}: %{y:.4g} J/item<extra></extra>" };
  return Plotly.react(el, [trace], layout("Energy per item", run,
    { yaxis: { title: { text: "energy per item (J)" }, rangemode: "tozero" } }), config);
}

function drawSpeed(el: HTMLElement, run: RunDetail): Promise<unknown> {
  const b = run.batches;
  const x = b.map((v) => v.batch_size);
  const traces = [
    { type: "scatter", mode: "lines+markers", name: "throughput (items/s)", x,
      y: b.map((v) => v.throughput_items_per_s) },
    { type: "scatter", mode: "lines+markers", name: "latency p50 (ms)", x, yaxis: "y2",
      y: b.map((v) => v.latency_p50_s * 1000), line: { dash: "dot" } },
    { type: "scatter", mode: "lines+markers", name: "latency p99 (ms)", x, yaxis: "y2",
      y: b.map((v) => v.latency_p99_s * 1000), line: { dash: "dash" } },
  ];
  return Plotly.react(el, traces, layout("Throughput and latency", run, {
    yaxis: { title: { text: "throughput (items/s)" }, rangemode: "tozero" },
    yaxis2: { title: { text: "latency per batch (ms)" }, overlaying: "y", side: "right",
      rangemode: "tozero" },
  }), config);
}

function drawPower(el: HTMLElement, run: RunDetail): Promise<unknown> {
  const b = run.batches;
  const x = b.map((v) => v.batch_size);
  const traces: object[] = [{ type: "scatter", mode: "lines+markers", name: "average power (W)",
    x, y: b.map((v) => v.avg_power_w) }];
  if (run.tdp && x.length > 0) {
    traces.push({ type: "scatter", mode: "lines", name: `TDP ${run.tdp.gpu} (${run.tdp.tdp_w} W)`,
      x: [x[0], x[x.length - 1]], y: [run.tdp.tdp_w, run.tdp.tdp_w],
      line: { color: "#c0392b", dash: "dash" }, meta: "tdp" });
  }
  return Plotly.react(el, traces, layout("Average power", run,
    { yaxis: { title: { text: "power (W)" }, rangemode: "tozero" } }), config);
}

// Keeps the min and max of each of `buckets` runs of samples, in time order.
export function decimate(time: number[], power: number[], buckets: number): [number[], number[]] {
  if (time.length <= 2 * buckets) return [time, power];
  const t: number[] = [];
  const p: number[] = [];
  const size = time.length / buckets;
  for (let k = 0; k < buckets; k++) {
    const start = Math.floor(k * size);
    const end = Math.min(time.length, Math.floor((k + 1) * size));
    let lo = start;
    let hi = start;
    for (let i = start; i < end; i++) {
      if (power[i] < power[lo]) lo = i;
      if (power[i] > power[hi]) hi = i;
    }
    for (const i of lo < hi ? [lo, hi] : [hi, lo]) { t.push(time[i]); p.push(power[i]); }
  }
  return [t, p];
}

// The batch sizes one after another on one time axis, each its own colour.
function drawTrace(el: HTMLElement, note: HTMLElement, run: RunDetail): Promise<unknown> {
  if (run.samples.length === 0) {
    Plotly.purge(el);
    el.hidden = true;
    note.hidden = false;
    return Promise.resolve();
  }
  el.hidden = false;
  note.hidden = true;
  let offset = 0;
  const traces = run.samples.map((s) => {
    const [t, p] = decimate(s.time_s, s.power_w, kTraceBuckets);
    const start = offset;
    offset += (s.time_s[s.time_s.length - 1] ?? 0);
    return { type: "scatter", mode: "lines", name: `batch ${s.batch_size}`,
      x: t.map((v) => v + start), y: p, line: { width: 1 } };
  });
  return Plotly.react(el, traces, { title: { text: "Power trace (kept samples)", font: { size: 14 } },
    margin, legend: { orientation: "h", y: -0.25 },
    xaxis: { title: { text: "time (s, batch sizes one after another)" } },
    yaxis: { title: { text: "power (W)" }, rangemode: "tozero" } }, config);
}

export interface RunFigureElements {
  energy: HTMLElement;
  speed: HTMLElement;
  power: HTMLElement;
  trace: HTMLElement;
  traceNote: HTMLElement; // shown instead of the trace when no samples were kept
}

export async function drawRunFigures(els: RunFigureElements, run: RunDetail): Promise<void> {
  await Promise.all([drawEnergy(els.energy, run), drawSpeed(els.speed, run),
    drawPower(els.power, run), drawTrace(els.trace, els.traceNote, run)]);
}
