// The Runs page: the stored runs (GET /api/runs) in a table, newest first, sortable by a
// click on a column and filtered by a search box; the selected run's four figures (the
// same as `infergy runs plot`) below it, from GET /api/run. A run on a simulated sensor
// says so in the table and above its figures. ?view=runs&run=ID opens that run.
import { energyText, sig } from "./format";
import { drawRunFigures } from "./run_plots";
import type { RunDetail, RunSummary, RunsReply } from "./types";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

type Column = { key: string; title: string; value: (r: RunSummary) => string | number };
const columns: Column[] = [
  { key: "run_id", title: "run", value: (r) => r.run_id },
  { key: "workload", title: "workload", value: (r) => r.workload },
  { key: "device", title: "device", value: (r) => r.device },
  { key: "sensor", title: "sensor", value: (r) => r.sensor },
  { key: "protocol", title: "protocol", value: (r) => r.protocol },
  { key: "started_at", title: "started", value: (r) => r.started_at },
  { key: "status", title: "status", value: (r) => r.status },
  { key: "batch_sizes", title: "batch sizes", value: (r) => r.batch_sizes.length },
  { key: "best_batch_size", title: "best batch", value: (r) => r.best_batch_size ?? 0 },
  { key: "best_energy_per_item_j", title: "best J/item", value: (r) => r.best_energy_per_item_j ?? Infinity },
];

let reply: RunsReply = { runs: [], gpus: [] };
let sort = { key: "run_id", descending: true };
let selected: number | null = null;
let gpu = ""; // a catalog GPU whose TDP line to draw; "" = the run's own GPU, if known
let drawn: RunDetail | null = null;
const timings = { listMs: 0, runMs: 0 };

async function getJson<T>(url: string): Promise<T> {
  const r = await fetch(url);
  const body = await r.json();
  if (!r.ok) throw new Error(body?.error?.message ?? `${url}: HTTP ${r.status}`);
  return body as T;
}

function cell(row: HTMLTableRowElement, text: string, className = ""): HTMLTableCellElement {
  const td = row.insertCell();
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

function simBadge(): HTMLElement {
  const badge = document.createElement("span");
  badge.className = "sim-badge";
  badge.textContent = "simulated";
  badge.title = "a simulated power sensor: not a measurement of real hardware";
  return badge;
}

function sortedRuns(): RunSummary[] {
  const filter = ($("runs-filter") as HTMLInputElement).value.trim().toLowerCase();
  const column = columns.find((c) => c.key === sort.key) ?? columns[0];
  // A number finds that run; other text, the runs whose fields contain it.
  const id = /^\d+$/.test(filter) ? Number(filter) : null;
  const runs = reply.runs.filter((r) => !filter || (id !== null ? r.run_id === id :
    [r.workload, r.device, r.sensor, r.protocol, r.status, r.started_at]
      .join(" ").toLowerCase().includes(filter)));
  return runs.sort((a, b) => {
    const x = column.value(a);
    const y = column.value(b);
    const order = x < y ? -1 : x > y ? 1 : a.run_id - b.run_id;
    return sort.descending ? -order : order;
  });
}

function drawHeader(): void {
  const row = ($("runs-head") as HTMLTableSectionElement);
  row.replaceChildren(...columns.map((c) => {
    const th = document.createElement("th");
    const button = document.createElement("button");
    button.type = "button";
    button.dataset.sort = c.key;
    button.textContent = c.title + (c.key === sort.key ? (sort.descending ? " ▼" : " ▲") : "");
    button.addEventListener("click", () => {
      sort = { key: c.key, descending: c.key === sort.key ? !sort.descending : false };
      drawTable();
    });
    th.append(button);
    return th;
  }));
}

function drawTable(): void {
  drawHeader();
  const body = $("runs-body") as HTMLTableSectionElement;
  const rows = sortedRuns().map((r) => {
    const row = document.createElement("tr");
    row.dataset.runId = String(r.run_id);
    row.classList.toggle("selected", r.run_id === selected);
    cell(row, String(r.run_id));
    cell(row, r.workload);
    cell(row, r.device);
    const sensor = cell(row, r.sensor + " ");
    if (r.simulated) sensor.append(simBadge());
    cell(row, r.protocol);
    cell(row, r.started_at.replace("T", " ").replace(/\.\d+Z$/, "Z"));
    cell(row, r.status);
    cell(row, r.batch_sizes.join(", "));
    cell(row, r.best_batch_size === null ? "–" : String(r.best_batch_size));
    cell(row, r.best_energy_per_item_j === null ? "–" : energyText(r.best_energy_per_item_j));
    row.addEventListener("click", () => void select(r.run_id));
    return row;
  });
  body.replaceChildren(...rows);
  $("runs-count").textContent = `${rows.length} of ${reply.runs.length} runs`;
}

function writeRunToUrl(id: number): void {
  const q = new URLSearchParams(location.search);
  q.set("view", "runs");
  q.set("run", String(id));
  history.replaceState(null, "", `?${q}`);
}

function describe(run: RunDetail): string {
  const best = run.best_batch_size === null ? "no batch size completed" :
    `best batch size ${run.best_batch_size} at ${energyText(run.best_energy_per_item_j!)} per item`;
  const tdp = run.tdp ? `; TDP line: ${run.tdp.gpu}, ${sig(run.tdp.tdp_w)} W` :
    "; no TDP line (the run's GPU is not known: pick one)";
  return `${run.workload} on ${run.device || run.sensor} (${run.sensor}), ${run.protocol} protocol, ` +
    `${run.status}${run.status_reason ? ` (${run.status_reason})` : ""}; ${best}${tdp}`;
}

async function select(id: number): Promise<void> {
  selected = id;
  delete document.body.dataset.runDrawn;
  for (const row of document.querySelectorAll<HTMLElement>("#runs-body tr")) {
    row.classList.toggle("selected", row.dataset.runId === String(id));
  }
  const started = performance.now();
  const query = gpu ? `&gpu=${encodeURIComponent(gpu)}` : "";
  const run = await getJson<RunDetail>(`/api/run?id=${id}${query}`);
  if (selected !== id) return; // another run was picked meanwhile
  $("run-detail").hidden = false;
  $("run-title").textContent = `Run ${run.run_id}`;
  $("run-simulated").hidden = !run.simulated;
  $("run-summary").textContent = describe(run);
  await drawRunFigures({ energy: $("run-energy"), speed: $("run-speed"), power: $("run-power"),
    trace: $("run-trace"), traceNote: $("run-trace-note") }, run);
  drawn = run;
  timings.runMs = performance.now() - started;
  writeRunToUrl(id);
  document.body.dataset.runDrawn = String(id);
}

function fillGpus(): void {
  const picker = $("run-gpu") as HTMLSelectElement;
  for (const g of reply.gpus) picker.add(new Option(`${g.name} (${sig(g.tdp_w)} W)`, g.name));
  picker.addEventListener("change", () => {
    gpu = picker.value;
    if (selected !== null) void select(selected);
  });
}

let wired = false;

// Called each time the page is shown: the list is fetched afresh, so runs stored since
// (the server follows the store) appear.
export async function showRuns(): Promise<void> {
  delete document.body.dataset.runsReady;
  const started = performance.now();
  reply = await getJson<RunsReply>("/api/runs");
  if (!wired) {
    wired = true;
    $("runs-filter").addEventListener("input", drawTable);
    fillGpus();
  }
  drawTable();
  timings.listMs = performance.now() - started;
  $("runs-empty").hidden = reply.runs.length > 0;
  document.body.dataset.runsReady = "true";
  const wanted = Number(new URLSearchParams(location.search).get("run"));
  const first = reply.runs.find((r) => r.run_id === (selected ?? wanted)) ?? reply.runs[0];
  if (first) await select(first.run_id);
}

// For the browser test: what the figures show and how long they took.
declare global {
  interface Window { runsPage: object }
}
window.runsPage = {
  timings: () => ({ ...timings }),
  selected: () => selected,
  drawn: () => drawn?.run_id ?? null,
  select: (id: number) => select(id),
};
