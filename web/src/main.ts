// The explorer page: one fetch of a setup's models, everything else computed here
// so every control answers at once. State lives in the URL (see state.ts).
import Plotly, { type PlotElement } from "plotly.js-dist-min";
import { rankingCsv } from "./csv";
import { drawBars, drawScatter, scoreText } from "./plots";
import { rankModels, type Split } from "./scores";
import { defaults, queryFromState, stateFromQuery, type State } from "./state";
import type { Figure, Model, ModelsReply, Setup } from "./types";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

let state: State = stateFromQuery(location.search);
let setups: Setup[] = [];
const modelCache = new Map<string, Model[]>();
let split: Split = { kept: [], dropped: [] };
let highlightTrace = 0;
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
    const option = new Option(`${s.name} — ${s.gpu} ${s.runtime} (${s.source}, ${s.model_count})`, s.name);
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
    link.textContent = e.model.name;
    const cells = [String(i + 1), link, e.model.family, e.accuracyPct.toFixed(2),
      e.model.energy_j.toPrecision(4), scoreText(e.score)];
    tr.append(...cells.map((c) => {
      const td = document.createElement("td");
      td.append(c);
      return td;
    }));
    return tr;
  });
  $("ranking-body").replaceChildren(...rows);
}

function render(): void {
  const started = performance.now();
  const list = modelCache.get(state.setup) ?? [];
  split = rankModels(list, state);
  const layout = drawScatter($("scatter"), split, state);
  highlightTrace = layout.highlightTrace;
  drawBars($("bars"), split.kept.slice(0, state.top), state);
  renderTable();
  $("status").textContent = `${split.kept.length} of ${list.length} models pass the thresholds` +
    (split.kept.length ? `; best: ${split.kept[0].model.name}` : "");
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

function highlight(name: string | null): void {
  const entry = name ? split.kept.find((e) => e.model.name === name) : undefined;
  Plotly.restyle($("scatter"), {
    x: [entry ? [entry.model.energy_j] : []], y: [entry ? [entry.accuracyPct] : []],
  }, [highlightTrace]);
  $("scatter").dataset.highlighted = entry ? entry.model.name : "";
}

function exportCsv(): void {
  const blob = new Blob([rankingCsv(split.kept)], { type: "text/csv" });
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
  const bars = $("bars") as PlotElement;
  // Plotly attaches .on() when the first plot is drawn.
  scatter.on("plotly_click", (e) => {
    const model = split.kept.concat(split.dropped).find((x) => x.model.name === e.points[0]?.customdata);
    if (model?.model.url) window.open(model.model.url, "_blank", "noopener");
  });
  bars.on("plotly_hover", (e) => highlight(String(e.points[0]?.customdata ?? "")));
  bars.on("plotly_unhover", () => highlight(null));
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
  ranking: () => split.kept.map((e) => ({ name: e.model.name, score: e.score, accuracy_pct: e.accuracyPct, energy_j: e.model.energy_j })),
  lastRenderMs: () => lastRenderMs,
  highlighted: () => $("scatter").dataset.highlighted ?? "",
  // Page coordinates of a model's point in the scatter (to hover it like a user).
  pointPosition: (name: string) => {
    const el = $("scatter") as PlotElement;
    const entry = split.kept.find((e) => e.model.name === name);
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
