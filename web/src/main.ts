// The explorer page: one fetch of a setup's models, everything else computed here
// so every control answers at once. State lives in the URL (see state.ts).
import type { PlotElement } from "plotly.js-dist-min";
import { drawBars } from "./bars";
import { paintContour, type Bands } from "./contour";
import { rankingCsv } from "./csv";
import { sig } from "./format";
import { drawScatter, redrawShapes, scatterBase, type ScatterBase } from "./plots";
import { accPerJoule, manhattanScore, rankModels, stars, type Ranked, type Split } from "./scores";
import { defaults, queryFromState, stateFromQuery, type State } from "./state";
import type { Figure, Model, ModelsReply, Setup } from "./types";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

let state: State = stateFromQuery(location.search);
let setups: Setup[] = [];
const modelCache = new Map<string, Model[]>();
let split: Split = { kept: [], dropped: [] };
let base: ScatterBase | null = null;
let highlighted: number | null = null; // model index
let lastRenderMs = 0;

async function getJson<T>(url: string): Promise<T> {
  const reply = await fetch(url);
  const body = await reply.json();
  if (!reply.ok) throw new Error(body?.error?.message ?? `${url}: HTTP ${reply.status}`);
  return body as T;
}

async function models(setup: string): Promise<Model[]> {
  if (!modelCache.has(setup)) {
    const reply = await getJson<ModelsReply>(`/api/models?setup=${encodeURIComponent(setup)}`);
    modelCache.set(setup, reply.models);
  }
  return modelCache.get(setup)!;
}

function currentSetup(): Setup | undefined {
  return setups.find((s) => s.name === state.setup);
}

// Keeps the state within what the chosen setup offers.
function normalise(): void {
  if (!currentSetup() && setups.length) state.setup = setups[0].name;
  const known = currentSetup()?.test_sets ?? [];
  state.testSets = state.testSets.filter((t) => known.includes(t));
  if (state.testSets.length === 0 && known.length) state.testSets = [known[0]];
}

function fillControls(): void {
  const setupSelect = $<HTMLSelectElement>("setup");
  setupSelect.replaceChildren(...setups.map((s) => {
    const option = new Option(`${s.name} — ${s.gpu || "?"} ${s.runtime}${s.estimated ? " (estimate)" : ""}, ${s.model_count} models`, s.name);
    return option;
  }));
  setupSelect.value = state.setup;
  const box = $("test-sets");
  box.replaceChildren(...(currentSetup()?.test_sets ?? []).map((t) => {
    const label = document.createElement("label");
    const input = document.createElement("input");
    input.type = "checkbox";
    input.value = t;
    input.checked = state.testSets.includes(t);
    input.addEventListener("change", onTestSetsChange);
    label.append(input, " " + t);
    return label;
  }));
  $<HTMLInputElement>("min-accuracy").value = String(state.minAccuracyPct);
  $<HTMLInputElement>("max-energy").value = state.maxEnergyJ === null ? "" : String(state.maxEnergyJ);
  $<HTMLSelectElement>("metric").value = state.metric;
  $<HTMLInputElement>("weight").value = String(state.weight);
  $<HTMLInputElement>("weight").disabled = state.metric !== "manhattan";
  $("weight-value").textContent = state.weight.toFixed(2);
  $<HTMLSelectElement>("axis").value = state.axis;
  $<HTMLInputElement>("top").value = String(state.top);
}

function onTestSetsChange(): void {
  const checked = [...document.querySelectorAll<HTMLInputElement>("#test-sets input:checked")]
    .map((i) => i.value);
  update({ testSets: checked });
}

function writeUrl(): void {
  history.replaceState(null, "", queryFromState(state));
}

function renderTable(): void {
  const rows = split.kept.slice(0, state.top).map((e, i) => {
    const tr = document.createElement("tr");
    const link = document.createElement("a");
    link.href = e.model.url || "#";
    link.target = "_blank";
    link.rel = "noopener";
    link.textContent = e.model.model;
    const cells = [String(i + 1), link, String(e.model.input_px), e.model.family,
      e.accuracyPct.toFixed(2), e.model.energy_j.toPrecision(4), sig(e.score)];
    tr.append(...cells.map((c) => {
      const td = document.createElement("td");
      td.append(c);
      return td;
    }));
    return tr;
  });
  $("ranking-body").replaceChildren(...rows);
}

let phases: Record<string, number> = {};

function highlightedEntry(): Ranked | undefined {
  return highlighted === null ? undefined : split.kept.find((e) => e.index === highlighted);
}

// The score the background shows, and its bands (10 points, or half decades of %/J).
function background(): { score: (e: number, a: number) => number; bands: Bands; text: string } {
  if (state.metric === "manhattan") {
    const largest = Math.max(0, ...split.kept.map((e) => e.model.energy_j)) || 1;
    return { score: (e, a) => manhattanScore(a, e, largest, state.weight),
      bands: { min: 0, step: 10, count: 10 },
      text: `Background: the weighted score (W = ${state.weight.toFixed(2)}, N = ` +
        `${sig(largest)} J) in bands of 10 points; darker is better, white is below 0.` };
  }
  const all = [...split.kept, ...split.dropped].map((e) => Math.log10(e.score || accPerJoule(e.accuracyPct, e.model.energy_j)));
  const lo = Math.floor(Math.min(...all, 0) * 2) / 2;
  const hi = Math.ceil(Math.max(...all, 1) * 2) / 2;
  return { score: (e, a) => Math.log10(accPerJoule(a, e)),
    bands: { min: lo, step: 0.5, count: Math.max(1, Math.round((hi - lo) / 0.5)) },
    text: "Background: accuracy per joule in bands of half a decade (×3.16); darker is better." };
}

function paintBackground(): void {
  const full = ($("scatter") as PlotElement)._fullLayout;
  if (!full?._size) return;
  const b = background();
  paintContour($<HTMLCanvasElement>("contour"), full, b.score, b.bands);
  $("contour-legend").textContent = `${b.text} Veiled areas: left out by the thresholds.`;
}

function render(): void {
  const started = performance.now();
  const list = modelCache.get(state.setup) ?? [];
  split = rankModels(list, state);
  const key = `${state.setup}|${state.testSets.join(",")}`;
  if (!base || base.key !== key) base = scatterBase(key, split);
  if (highlightedEntry() === undefined) highlighted = null;
  const t1 = performance.now();
  void drawScatter($("scatter"), base, split, state, highlightedEntry()).then(paintBackground);
  const t2 = performance.now();
  const unit = state.metric === "acc-per-joule" ? "%/J" : "points";
  drawBars($("bars"), split.kept.slice(0, state.top), unit, highlight);
  const t3 = performance.now();
  renderTable();
  phases = { rank: t1 - started, scatter: t2 - t1, bars: t3 - t2, table: performance.now() - t3 };
  $("status").textContent = `${split.kept.length} of ${list.length} models pass the thresholds` +
    (split.kept.length ? `; best: ${split.kept[0].model.model}` : "");
  lastRenderMs = performance.now() - started;
}

// Applies a change from a control: new state, new URL, new figures.
function update(change: Partial<State>): void {
  state = { ...state, ...change };
  normalise();
  writeUrl();
  fillControlsLight();
  render();
}

function fillControlsLight(): void {
  $<HTMLInputElement>("weight").disabled = state.metric !== "manhattan";
  $("weight-value").textContent = state.weight.toFixed(2);
}

async function changeSetup(name: string): Promise<void> {
  state.setup = name;
  state.testSets = [];
  normalise();
  await models(state.setup);
  fillControls();
  update({});
}

function highlight(index: number | null): void {
  highlighted = index;
  $("scatter").dataset.highlighted = index === null ? "" : String(index);
  if (base) void redrawShapes($("scatter"), base, split, state, highlightedEntry());
}

function exportCsv(): void {
  const energies = (modelCache.get(state.setup) ?? []).map((m) => m.energy_j);
  const [lo, hi] = [Math.min(...energies), Math.max(...energies)];
  const blob = new Blob([rankingCsv(split.kept, (e) => stars(e, lo, hi))], { type: "text/csv" });
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = `infergy-ranking-${state.setup}.csv`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}

function wireControls(): void {
  $<HTMLSelectElement>("setup").addEventListener("change", (e) =>
    void changeSetup((e.target as HTMLSelectElement).value));
  $<HTMLInputElement>("min-accuracy").addEventListener("input", (e) => {
    const v = Number((e.target as HTMLInputElement).value);
    if (Number.isFinite(v) && v >= 0 && v <= 100) update({ minAccuracyPct: v });
  });
  $<HTMLInputElement>("max-energy").addEventListener("input", (e) => {
    const text = (e.target as HTMLInputElement).value.trim();
    const v = Number(text);
    if (text === "") update({ maxEnergyJ: null });
    else if (Number.isFinite(v) && v > 0) update({ maxEnergyJ: v });
  });
  $<HTMLSelectElement>("metric").addEventListener("change", (e) =>
    update({ metric: (e.target as HTMLSelectElement).value === "acc-per-joule" ? "acc-per-joule" : "manhattan" }));
  $<HTMLInputElement>("weight").addEventListener("input", (e) =>
    update({ weight: Number((e.target as HTMLInputElement).value) }));
  $<HTMLSelectElement>("axis").addEventListener("change", (e) =>
    update({ axis: (e.target as HTMLSelectElement).value === "linear" ? "linear" : "log" }));
  $<HTMLInputElement>("top").addEventListener("input", (e) => {
    const v = Math.round(Number((e.target as HTMLInputElement).value));
    if (v >= 1 && v <= 100) update({ top: v });
  });
  $("export").addEventListener("click", exportCsv);
  const scatter = $("scatter") as PlotElement;
  // Plotly attaches .on() when the first plot is drawn.
  scatter.on("plotly_click", (e) => {
    const model = (modelCache.get(state.setup) ?? [])[Number(e.points[0]?.customdata)];
    if (model?.url) window.open(model.url, "_blank", "noopener");
  });
  // Zoom, pan and resizing move the axes: repaint the background under them.
  scatter.on("plotly_relayout", () => paintBackground());
  window.addEventListener("resize", () => requestAnimationFrame(paintBackground));
}

async function showTrends(): Promise<void> {
  const { figures } = await getJson<{ figures: Figure[] }>("/api/figures");
  const box = $("figures");
  if (figures.length === 0) {
    box.textContent = "No trend figures: start the server with --report-dir DIR, where DIR was " +
      "written by `infergy report --out DIR`.";
    return;
  }
  box.replaceChildren(...figures.map((f) => {
    const figure = document.createElement("figure");
    const img = document.createElement("img");
    img.src = f.url;
    img.alt = f.name;
    const caption = document.createElement("figcaption");
    caption.textContent = f.name;
    figure.append(img, caption);
    return figure;
  }));
}

function showView(): void {
  $("explorer").hidden = state.view !== "explorer";
  $("trends").hidden = state.view !== "trends";
  $("nav-explorer").classList.toggle("active", state.view === "explorer");
  $("nav-trends").classList.toggle("active", state.view === "trends");
}

async function start(): Promise<void> {
  for (const view of ["explorer", "trends"] as const) {
    $(`nav-${view}`).addEventListener("click", (e) => {
      e.preventDefault();
      state.view = view;
      writeUrl();
      showView();
      if (view === "trends") void showTrends();
    });
  }
  showView();
  if (state.view === "trends") void showTrends();
  setups = (await getJson<{ setups: Setup[] }>("/api/setups")).setups;
  if (setups.length === 0) {
    $("status").textContent = "The store holds no setups yet: run `infergy import yang DIR` first.";
    return;
  }
  normalise();
  await models(state.setup);
  fillControls();
  writeUrl();
  render();
  wireControls();
  document.body.dataset.ready = "true";
}

// For the browser tests and the curious: the state and the ranking the page shows.
declare global {
  interface Window { explorer: object }
}
window.explorer = {
  state: () => ({ ...state }),
  ranking: () => split.kept.map((e) => ({ index: e.index, model: e.model.model, score: e.score, accuracy_pct: e.accuracyPct, energy_j: e.model.energy_j })),
  lastRenderMs: () => lastRenderMs,
  phases: () => phases,
  highlighted: () => $("scatter").dataset.highlighted ?? "",
  // Page coordinates of a model's point in the scatter (to hover it like a user).
  pointPosition: (index: number) => {
    const el = $("scatter") as PlotElement;
    const entry = split.kept.find((e) => e.index === index);
    const full = el._fullLayout;
    if (!entry || !full) return null;
    const box = el.getBoundingClientRect();
    const x = full.xaxis.l2p(state.axis === "log" ? Math.log10(entry.model.energy_j) : entry.model.energy_j);
    const y = full.yaxis.l2p(entry.accuracyPct);
    return { x: box.left + full._size.l + x, y: box.top + full._size.t + y };
  },
  defaults,
};

start().catch((error: Error) => {
  $("status").textContent = `Error: ${error.message}`;
  document.body.dataset.error = error.message;
});
