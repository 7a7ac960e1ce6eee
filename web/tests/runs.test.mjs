// Browser test of the Runs page (issue 11): Debian's Chromium, headless, playwright-core.
// Usage: node runs.test.mjs RUNS_URL MANY_URL RUN1_JSON RUN2_JSON GPU_JSON ARTIFACT_DIR
//   RUNS_URL:  `infergy serve` on a store with two runs of the built-in GEMM on a simulated
//              sensor: run 1 with --keep-samples, run 2 without, stored after the server
//              started (the page must show it: the server follows the store)
//   MANY_URL:  one on a store of 200 runs (for the timings)
//   RUN1_JSON, RUN2_JSON: `infergy runs show ID --format json` of the two runs
//   GPU_JSON:  `infergy gpus show NAME --format json` of the GPU whose TDP line is drawn
// Prints "N passed, M failed" and the draw times; exits 1 on a failure.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

const [runsUrl, manyUrl, run1File, run2File, gpuFile, artifacts] = process.argv.slice(2);
const stored = [run1File, run2File].map((f) => JSON.parse(readFileSync(f, "utf8")).data);
const gpuRows = JSON.parse(readFileSync(gpuFile, "utf8")).data;
const gpu = Array.isArray(gpuRows) ? gpuRows[0] : gpuRows;
const LIMIT_MS = 180000; // generous: the machine's cores are busy with builds
let passed = 0;
let failed = 0;

function check(ok, what, detail = "") {
  if (ok) passed++;
  else {
    failed++;
    console.error(`FAIL: ${what}${detail ? `: ${detail}` : ""}`);
  }
}
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

async function apiJson(path) {
  const reply = await fetch(runsUrl + path);
  return { status: reply.status, body: await reply.json() };
}

// The server reloads on the store's revision: wait (on the API) until it serves run 2.
async function waitForRuns(count) {
  const started = Date.now();
  while (Date.now() - started < LIMIT_MS) {
    const { body } = await apiJson("/api/runs");
    if (body.runs.length === count) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

async function open(context, url, errors) {
  const page = await context.newPage();
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  await page.goto(url, { waitUntil: "commit", timeout: LIMIT_MS });
  await page.waitForSelector("body[data-runs-ready=true]", { timeout: LIMIT_MS });
  await page.waitForSelector("body[data-run-drawn]", { timeout: LIMIT_MS });
  return page;
}

// What a Plotly figure holds: its traces' x, y, error bars and names.
const traces = (page, id) => page.evaluate((id) => document.getElementById(id).data.map((t) => ({
  name: t.name, x: t.x, y: t.y, error: t.error_y?.array ?? null, visible: t.error_y?.visible })), id);

async function pick(page, id) {
  await page.locator(`#runs-body tr[data-run-id="${id}"]`).click();
  await page.waitForSelector(`body[data-run-drawn="${id}"]`, { timeout: LIMIT_MS });
}

async function checkRun(page, run, label) {
  const sizes = run.batches.map((b) => b.batch_size);
  const energy = await traces(page, "run-energy");
  check(same(energy[0].x, sizes), `${label}: batch sizes plotted`, JSON.stringify(energy[0].x));
  check(same(energy[0].y, run.batches.map((b) => b.energy_per_item_j)),
    `${label}: plotted J/item equal the stored run's`, JSON.stringify(energy[0].y));
  check(same(energy[0].error, run.batches.map((b) => b.energy_per_item_ci95_j)) && energy[0].visible,
    `${label}: CI bars are the stored 95 % CIs`, JSON.stringify(energy[0].error));
  const bars = await page.locator("#run-energy g.errorbar").count();
  check(bars === sizes.length, `${label}: one CI bar drawn per batch size`, `${bars}`);
  const axis = await page.evaluate(() => document.getElementById("run-energy")._fullLayout.xaxis.type);
  check(axis === "log", `${label}: log batch-size axis`, axis);
  const speed = await traces(page, "run-speed");
  check(same(speed[0].y, run.batches.map((b) => b.throughput_items_per_s)),
    `${label}: throughput plotted`);
  check(same(speed[2].y, run.batches.map((b) => b.latency_p99_s * 1000)), `${label}: p99 latency plotted`);
  const power = await traces(page, "run-power");
  check(same(power[0].y, run.batches.map((b) => b.avg_power_w)), `${label}: average power plotted`);
  const simulated = await page.locator("#run-simulated").isVisible();
  check(simulated, `${label}: labelled as a simulated sensor`);
  return power;
}

async function checkTwoRuns(context, errors) {
  check(await waitForRuns(2), "the server shows the run stored after it started");
  const missing = await apiJson("/api/run?id=99");
  check(missing.status === 404 && missing.body.error.parameter === "id", "unknown run: a 404 JSON error",
    JSON.stringify(missing.body));
  const page = await open(context, `${runsUrl}/?view=runs`, errors);
  const rows = await page.locator("#runs-body tr").count();
  check(rows === 2, "two runs in the table", `${rows}`);
  const first = await page.locator("#runs-body tr:first-child").getAttribute("data-run-id");
  check(first === String(stored[1].run_id), "newest first", first);
  check(await page.locator("#runs-body .sim-badge").count() === 2, "sim badges in the table");
  for (const run of stored) {
    const best = String(run.batches.find((b) => b.most_efficient).batch_size);
    const shown = await page.locator(`#runs-body tr[data-run-id="${run.run_id}"] td:nth-child(9)`).textContent();
    check(shown === best, `run ${run.run_id}: best batch size as runs show marks it`, `${shown} vs ${best}`);
  }

  await pick(page, stored[0].run_id);
  let power = await checkRun(page, stored[0], "run 1");
  check(power.length === 1, "run 1: no TDP line for a simulated sensor", `${power.length} traces`);
  const trace = await traces(page, "run-trace");
  check(trace.length === stored[0].batches.length && trace.every((t) => t.y.length > 0),
    "run 1: the power trace of each batch size", `${trace.length} traces`);
  check(!(await page.locator("#run-trace-note").isVisible()), "run 1: no 'no samples' note");

  await page.selectOption("#run-gpu", gpu.name);
  await page.waitForFunction(() => document.getElementById("run-power").data?.length === 2,
    null, { timeout: LIMIT_MS });
  power = await traces(page, "run-power");
  check(same(power[1].y, [gpu.tdp_w, gpu.tdp_w]), `TDP line at ${gpu.name}'s TDP (${gpu.tdp_w} W)`,
    JSON.stringify(power[1].y));
  await page.waitForSelector(`body[data-run-drawn="${stored[0].run_id}"]`, { timeout: LIMIT_MS });
  await page.screenshot({ path: join(artifacts, "runs.png"), fullPage: true });

  await pick(page, stored[1].run_id);
  await checkRun(page, stored[1], "run 2");
  check(await page.locator("#run-trace-note").isVisible(), "run 2: the 'no samples kept' message");
  check(!(await page.locator("#run-trace").isVisible()), "run 2: no trace drawn");
  const url = new URL(page.url());
  check(url.searchParams.get("run") === String(stored[1].run_id), "the URL names the run", page.url());
  await page.screenshot({ path: join(artifacts, "runs-no-samples.png"), fullPage: true });
  await page.close();
}

async function timeMany(context, errors) {
  const page = await open(context, `${manyUrl}/?view=runs`, errors);
  const rows = await page.locator("#runs-body tr").count();
  check(rows === 200, "200 runs in the table", `${rows}`);
  const first = await page.evaluate(() => window.runsPage.timings());
  const runMs = [];
  for (const id of [1, 100, 200]) {
    await pick(page, id);
    runMs.push((await page.evaluate(() => window.runsPage.timings())).runMs);
  }
  const sortStart = Date.now();
  await page.locator('#runs-head button[data-sort="best_energy_per_item_j"]').click();
  const sortMs = Date.now() - sortStart;
  const filterStart = Date.now();
  await page.locator("#runs-filter").fill("200");
  const filtered = await page.locator("#runs-body tr").count();
  const filterMs = Date.now() - filterStart;
  check(filtered === 1, "the search box finds run 200", `${filtered} rows`);
  console.log(`timing: 200 runs: list fetched and drawn in ${first.listMs.toFixed(0)} ms; ` +
    `a run fetched and drawn (4 figures) in ${runMs.map((v) => v.toFixed(0)).join(", ")} ms; ` +
    `sort ${sortMs} ms, search ${filterMs} ms wall (target: well under 1000 ms)`);
  await page.close();
}

async function main() {
  mkdirSync(artifacts, { recursive: true });
  const userDataDir = mkdtempSync(join(tmpdir(), "infergy-chromium-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.INFERGY_CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
      "--disable-component-update", "--no-first-run"],
    viewport: { width: 1400, height: 1000 },
  });
  const outside = [];
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith(runsUrl) || url.startsWith(manyUrl)) return route.continue();
    outside.push(url);
    return route.abort();
  });
  const errors = [];
  try {
    await checkTwoRuns(context, errors);
    await timeMany(context, errors);
    check(outside.length === 0, "no requests outside the server", outside.join(" "));
    check(errors.length === 0, "no errors in the page", errors.join(" | "));
  } catch (error) {
    check(false, "runs browser test ran to the end", error.stack);
  } finally {
    await context.close();
    rmSync(userDataDir, { recursive: true, force: true });
  }
  console.log(`screenshots: ${join(artifacts, "runs.png")}, runs-no-samples.png`);
  console.log(`runs page: ${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

await main();
