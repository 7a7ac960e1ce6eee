// The explorer page: one fetch of a setup's models, everything else computed here
// so every control answers at once. State lives in the URL (see state.ts); pages are
// registered with pages.ts (Explorer, Trends, Runs; more can be added there).
import type { PlotElement } from "plotly.js/lib/core";
import { drawBars } from "./bars";
import { drawScale, paintContour, type Bands } from "./contour";
import { rankingCsv } from "./csv";
import { energyText, sig } from "./format";
import { drawNav, registerPage, showPage } from "./pages";
import { drawScatter, redrawShapes, scatterBase, type ScatterBase } from "./plots";
import { accPerJoule, manhattanScore, rankModels, stars, type Ranked, type Split } from "./scores";
import {
  defaults, maxEnergyError, minAccuracyError, preferredSetup, queryFromState, stateFromQuery,
  topError, type State,
} from "./state";
import { showRuns } from "./runs";
import { showTrends } from "./trends";
import type { Model, ModelsReply, Setup } from "./types";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

let state: State = stateFromQuery(location.search);
let setups: Setup[] = [];
const modelCache = new Map<string, Model[]>();
let split: Split = { kept: [], dropped: [] };
let base: ScatterBase | null = null;
let highlighted: number | null = null; // model index
let lastRenderMs = 0;
let readyMs = 0;
// When each step of the first load ended, in ms since navigation start.
const loadMarks: Record<string, number> = { script: performance.now() };
let phases: Record<string, number> = {};

async function getJson<T>(url: string): Promise<T> {
  const reply = await fetch(url);
  const body = await reply.json();
  if (!reply.ok) throw new Error(body?.error?.message ?? `${url}: HTTP ${reply.status}`);
  return body as T;
}

// Shows the loading indicator while `work` runs.
async function busy<T>(what: string, work: () => Promise<T>): Promise<T> {
  const indicator = $("busy");
  indicator.textContent = what;
  indicator.hidden = false;
  document.body.dataset.busy = "true";
  try {
    return await work();
  } finally {
    indicator.hidden = true;
    delete document.body.dataset.busy;
  }
}

async function models(setup: string): Promise<Model[]> {
  if (!modelCache.has(setup)) {
    const reply = await busy(`Loading ${setup}…`, () =>
      getJson<ModelsReply>(`/api/models?setup=${encodeURIComponent(setup)}`));
    modelCache.set(setup, reply.models);
  }
  return modelCache.get(setup)!;
}

function currentSetup(): Setup | undefined {
  return setups.find((s) => s.name === state.setup);
}

// Keeps the state within what the chosen setup offers.
function normalise(): void {
  if (!currentSetup() && setups.length) {
    state.setup = (setups.find((s) => s.name === preferredSetup) ?? setups[0]).name;
  }
  const known = currentSetup()?.test_sets ?? [];
  state.testSets = state.testSets.filter((t) => known.includes(t));
  if (state.testSets.length === 0 && known.length) state.testSets = [known[0]];
}

function setupLabel(s: Setup): string {
  return `${s.name} — ${s.gpu || "?"} ${s.runtime}${s.estimated ? " (estimate)" : ""}, ` +
    `${s.model_count} models`;
}

function fillControls(): void {
  const setupSelect = $<HTMLSelectElement>("setup");
  setupSelect.replaceChildren(...setups.map((s) => new Option(setupLabel(s), s.name)));
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
  $<HTMLSelectElement>("axis").value = state.axis;
  $<HTMLInputElement>("top").value = String(state.top);
  const names = [...new Set((modelCache.get(state.setup) ?? []).map((m) => m.model))];
  $("model-names").replaceChildren(...names.map((n) => new Option(n)));
  for (const id of ["min-accuracy", "max-energy", "top", "test-sets"]) flag(id, null);
  fillControlsLight();
}

function fillControlsLight(): void {
  $<HTMLInputElement>("weight").disabled = state.metric !== "manhattan";
  $("weight-value").textContent = state.weight.toFixed(2);
}

// Marks an input invalid in place (with its message), or clears the mark.
function flag(id: string, message: string | null): void {
  const input = $(id);
  input.classList.toggle("invalid", message !== null);
  input.setAttribute("aria-invalid", message === null ? "false" : "true");
  $(`${id}-error`).textContent = message ?? "";
}

function onTestSetsChange(e: Event): void {
  const boxes = [...document.querySelectorAll<HTMLInputElement>("#test-sets input")];
  const checked = boxes.filter((i) => i.checked).map((i) => i.value);
  if (checked.length === 0) {
    // The last box stays checked: the boxes always show the test sets in use.
    (e.target as HTMLInputElement).checked = true;
    flag("test-sets", "at least one test set is needed");
    return;
  }
  flag("test-sets", null);
  update({ testSets: checked });
}

function writeUrl(): void {
  history.replaceState(null, "", queryFromState(state));
}

function modelLink(m: Model): HTMLElement {
  if (!m.url) {
    const span = document.createElement("span");
    span.textContent = m.model;
    return span;
  }
  const link = document.createElement("a");
  link.href = m.url;
  link.target = "_blank";
  link.rel = "noopener";
  link.textContent = m.model;
  return link;
}

function renderTable(): void {
  const rows = split.kept.slice(0, state.top).map((e, i) => {
    const tr = document.createElement("tr");
    const cells = [String(i + 1), modelLink(e.model), e.model.input_px ? String(e.model.input_px) : "–",
      e.model.architecture, e.model.family, e.accuracyPct.toFixed(2), e.model.energy_j.toPrecision(4),
      sig(e.score)];
    tr.append(...cells.map((c) => {
      const td = document.createElement("td");
      td.append(c);
      return td;
    }));
    return tr;
  });
  $("ranking-body").replaceChildren(...rows);
}

function highlightedEntry(): Ranked | undefined {
  return highlighted === null ? undefined : split.kept.find((e) => e.index === highlighted);
}

// The score the background shows, and its bands (10 points, or half decades of %/J).
function background(): { score: (e: number, a: number) => number; bands: Bands; title: string;
  edge: (v: number) => string } {
  if (state.metric === "manhattan") {
    const largest = Math.max(0, ...split.kept.map((e) => e.model.energy_j)) || 1;
    return { score: (e, a) => manhattanScore(a, e, largest, state.weight),
      bands: { min: 0, step: 10, count: 10 },
      title: `Background: weighted score (W = ${state.weight.toFixed(2)}, N = ${sig(largest)} J); ` +
        "white: below 0; veiled: left out by the thresholds",
      edge: (v) => String(Math.round(v)) };
  }
  const all = [...split.kept, ...split.dropped].map((e) =>
    Math.log10(e.score || accPerJoule(e.accuracyPct, e.model.energy_j)));
  const lo = Math.floor(Math.min(...all, 0) * 2) / 2;
  const hi = Math.ceil(Math.max(...all, 1) * 2) / 2;
  return { score: (e, a) => Math.log10(accPerJoule(a, e)),
    bands: { min: lo, step: 0.5, count: Math.max(1, Math.round((hi - lo) / 0.5)) },
    title: "Background: accuracy per joule (%/J), half-decade bands; veiled: left out",
    edge: (v) => sig(Math.pow(10, v), 2) };
}

function paintBackground(): void {
  const full = ($("scatter") as PlotElement)._fullLayout;
  if (!full?._size) return;
  const b = background();
  paintContour($<HTMLCanvasElement>("contour"), full, b.score, b.bands);
  drawScale($("contour-scale"), b.bands, b.title, b.edge);
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
  drawBars($("bars"), $("bars-note"), split.kept.slice(0, state.top), unit, { hover: highlight, pick });
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

// One model across every setup, side by side (each setup's /api/model).
async function compareAcrossSetups(model: Model): Promise<void> {
  $("compare").hidden = false;
  $("compare-name").textContent = `${model.model} (${model.family}, ${model.architecture})`;
  // Every setup's models, fetched once (a setup lacking the model is not an error).
  const rows = await Promise.all(setups.map(async (s) => {
    const list = await models(s.name);
    const same = list.filter((m) => m.model === model.model);
    return { setup: s, model: same.find((m) => m.input_px === model.input_px) ?? same[0] ?? null };
  }));
  $("compare-body").replaceChildren(...rows.map(({ setup, model: m }) => {
    const tr = document.createElement("tr");
    tr.classList.toggle("current", setup.name === state.setup);
    const cells = m
      ? [setup.name, m.input_px ? String(m.input_px) : "–", energyText(m.energy_j),
        m.throughput_items_per_s ? `${sig(m.throughput_items_per_s)} images/s` : "–",
        m.batch_size === null ? "–" : String(m.batch_size),
        m.accuracy_pct_by_test_set["imagenet-original"]?.toFixed(2) ?? "–"]
      : [setup.name, "not in this setup", "", "", "", ""];
    tr.append(...cells.map((c) => {
      const td = document.createElement("td");
      td.textContent = c;
      return td;
    }));
    return tr;
  }));
}

function pick(index: number): void {
  const model = (modelCache.get(state.setup) ?? [])[index];
  if (!model) return;
  highlight(index);
  void compareAcrossSetups(model);
}

function onSearch(text: string): void {
  const needle = text.trim().toLowerCase();
  if (needle === "") return highlight(null);
  const list = modelCache.get(state.setup) ?? [];
  const exact = list.findIndex((m) => m.model.toLowerCase() === needle);
  const index = exact >= 0 ? exact : list.findIndex((m) => m.model.toLowerCase().includes(needle));
  $("search").classList.toggle("invalid", index < 0);
  if (index >= 0) pick(index);
}

function exportCsv(): void {
  const energies = (modelCache.get(state.setup) ?? []).map((m) => m.energy_j);
  const [lo, hi] = [Math.min(...energies), Math.max(...energies)];
  const blob = new Blob([rankingCsv(split.kept, (e) => stars(e, lo, hi), state)], { type: "text/csv" });
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = `infergy-ranking-${state.setup}.csv`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}

// A typed input: applied when valid, flagged in place (and not applied) when not.
function checkedInput(id: string, check: (text: string) => string | null,
                      apply: (text: string) => void): void {
  $<HTMLInputElement>(id).addEventListener("input", (e) => {
    const text = (e.target as HTMLInputElement).value;
    const message = check(text);
    flag(id, message);
    if (message === null) apply(text);
  });
}

function wireControls(): void {
  $<HTMLSelectElement>("setup").addEventListener("change", (e) =>
    void changeSetup((e.target as HTMLSelectElement).value));
  checkedInput("min-accuracy", minAccuracyError, (t) => update({ minAccuracyPct: Number(t) }));
  checkedInput("max-energy", maxEnergyError,
    (t) => update({ maxEnergyJ: t.trim() === "" ? null : Number(t) }));
  checkedInput("top", topError, (t) => update({ top: Number(t) }));
  $<HTMLSelectElement>("metric").addEventListener("change", (e) =>
    update({ metric: (e.target as HTMLSelectElement).value === "acc-per-joule" ? "acc-per-joule" : "manhattan" }));
  $<HTMLInputElement>("weight").addEventListener("input", (e) =>
    update({ weight: Number((e.target as HTMLInputElement).value) }));
  $<HTMLSelectElement>("axis").addEventListener("change", (e) =>
    update({ axis: (e.target as HTMLSelectElement).value === "linear" ? "linear" : "log" }));
  $<HTMLInputElement>("search").addEventListener("change", (e) =>
    onSearch((e.target as HTMLInputElement).value));
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

async function startExplorer(): Promise<void> {
  setups = (await busy("Loading setups…", () => getJson<{ setups: Setup[] }>("/api/setups"))).setups;
  if (setups.length === 0) {
    $("status").textContent = "The store holds no setups yet: run `infergy import yang DIR` first.";
    return;
  }
  loadMarks.setups = performance.now();
  normalise();
  await models(state.setup);
  loadMarks.models = performance.now();
  fillControls();
  writeUrl();
  render();
  loadMarks.rendered = performance.now();
  wireControls();
}

function pickPage(name: string): void {
  state.view = name;
  writeUrl();
  showPage(name);
}

registerPage({ name: "explorer", label: "Explorer", show: () => {} });
registerPage({ name: "trends", label: "Trends", show: () => showTrends($("figures")) });
registerPage({ name: "runs", label: "Runs", show: () => showRuns() });

async function start(): Promise<void> {
  drawNav($("nav"), pickPage);
  showPage(state.view);
  await startExplorer();
  readyMs = performance.now();
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
  readyMs: () => readyMs,
  loadMarks: () => loadMarks,
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
