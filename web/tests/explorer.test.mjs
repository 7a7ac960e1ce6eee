// Browser test of the explorer page: Debian's Chromium, headless, driven by playwright-core.
// Usage: node explorer.test.mjs BASE_URL BIG_URL ARTIFACT_DIR
//   BASE_URL: `infergy serve` on a store with the reference data imported, and --report-dir
//             holding `infergy report` of it
//   BIG_URL:  one on a store whose setup A100_PT holds 1,500 models (for the timings)
// Prints "N passed, M failed" and the time each control takes; exits 1 on a failure.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

const [base, big, artifacts] = process.argv.slice(2);
const SETUP = "A100_TRT";
let passed = 0;
let failed = 0;

function check(ok, what, detail = "") {
  if (ok) passed++;
  else {
    failed++;
    console.error(`FAIL: ${what}${detail ? `: ${detail}` : ""}`);
  }
}

async function api(url, path) {
  const reply = await fetch(url + path);
  if (!reply.ok) throw new Error(`${path}: HTTP ${reply.status} ${await reply.text()}`);
  return path.includes("format=csv") ? reply.text() : reply.json();
}

// Waits on the page's own ready signal (body[data-ready]), with limits generous enough for
// a machine whose cores are busy with builds; returns the page and its first-load times.
const LOAD_LIMIT_MS = 180000;
async function open(context, url, errors) {
  const page = await context.newPage();
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  const started = Date.now();
  await page.goto(url, { waitUntil: "commit", timeout: LOAD_LIMIT_MS });
  await page.waitForSelector("body[data-ready=true]", { timeout: LOAD_LIMIT_MS });
  page.loadTiming = { wallMs: Date.now() - started,
    readyMs: await page.evaluate(() => window.explorer.readyMs()),
    marks: await page.evaluate(() => window.explorer.loadMarks()) };
  return page;
}

function printLoad(what, page) {
  console.log(`timing: first load of ${what}: ready ${page.loadTiming.readyMs.toFixed(0)} ms after ` +
    `navigation start (${page.loadTiming.wallMs} ms wall from goto; target 2000 ms; ` +
    Object.entries(page.loadTiming.marks).map(([k, v]) => `${k} at ${v.toFixed(0)}`).join(", ") + ")");
}

const ranking = (page) => page.evaluate(() => window.explorer.ranking());
const pageState = (page) => page.evaluate(() => window.explorer.state());

async function setInput(page, selector, value) {
  await page.locator(selector).fill(String(value));
}

async function checkWeightMatchesApi(page) {
  for (const weight of [0, 0.3, 0.8, 1]) {
    await setInput(page, "#weight", weight);
    const top = (await ranking(page))[0];
    const fromApi = await api(base, `/api/ranking?setup=${SETUP}&weight=${weight}&top=1`);
    check(top.model === fromApi.entries[0].model, `weight ${weight}: top model`,
      `page ${top.model}, API ${fromApi.entries[0].model}`);
    check(Math.abs(top.score - fromApi.entries[0].score) < 1e-9, `weight ${weight}: top score`);
    const firstRow = await page.locator("#ranking-body tr:first-child td:nth-child(2)").textContent();
    const firstBar = await page.locator("#bars .bar-row:first-child .bar-label").textContent();
    check(firstBar === `1. ${fromApi.entries[0].model}`, `weight ${weight}: top bar`, firstBar);
    check(firstRow === fromApi.entries[0].model, `weight ${weight}: table's first row`, firstRow);
  }
  await page.selectOption("#metric", "acc-per-joule");
  const fromApi = await api(base, `/api/ranking?setup=${SETUP}&metric=acc-per-joule&top=1`);
  check((await ranking(page))[0].model === fromApi.entries[0].model, "acc-per-joule: top model");
  check(await page.locator("#weight").isDisabled(), "weight slider off for acc-per-joule");
  await page.selectOption("#metric", "manhattan");
}

async function checkThresholds(page) {
  await setInput(page, "#min-accuracy", 80);
  await setInput(page, "#max-energy", 0.05);
  const rows = await ranking(page);
  const fromApi = await api(base,
    `/api/ranking?setup=${SETUP}&weight=1&min_accuracy=80&max_energy_j=0.05&top=100000`);
  check(rows.length > 0 && rows.length === fromApi.considered, "thresholds: count as the API",
    `page ${rows.length}, API ${fromApi.considered}`);
  check(rows.every((r) => r.accuracy_pct >= 80 && r.energy_j <= 0.05), "thresholds applied");
  check(rows.map((r) => r.model).join() === fromApi.entries.map((e) => e.model).join(),
    "thresholds: same order as the API");
  const shapes = await page.evaluate(() => document.getElementById("scatter").layout.shapes
    .map((s) => [s.type, s.x0, s.y0, s.path]));
  check(shapes[0][2] === 80 && shapes[1][1] === 0.05, "threshold lines drawn", JSON.stringify(shapes));
  const front = await api(base, `/api/pareto?setup=${SETUP}&min_accuracy=80&max_energy_j=0.05`);
  const path = shapes.find((s) => s[0] === "path")?.[3] ?? "";
  check(path.split(/[ML]/).filter((p) => p).length === front.front.length,
    "Pareto front drawn through the API's front", `${path.slice(0, 80)}… vs ${front.front.length}`);
}

async function checkHover(page) {
  const top = (await ranking(page))[0];
  const at = await page.evaluate((i) => window.explorer.pointPosition(i), top.index);
  await page.mouse.move(at.x, at.y);
  const tip = page.locator(".hoverlayer .hovertext");
  await tip.first().waitFor({ timeout: 60000 });
  const text = await tip.first().textContent();
  for (const part of [top.model, "type: ", "input: ", "accuracy: ", "energy: ", "throughput: ", "latency: ",
    "FLOPs: ", "parameters: "]) {
    check(text.includes(part), `tooltip shows '${part}'`, text);
  }
  // Hovering the top bar highlights its point in the scatter (a circle around it).
  await page.locator("#bars .bar-row").first().hover();
  check(await page.evaluate(() => window.explorer.highlighted()) === String(top.index),
    "hovering the top bar highlights its point");
  const circle = await page.evaluate(() => document.getElementById("scatter").layout.shapes
    .find((s) => s.type === "circle"));
  check(circle && circle.xanchor === top.energy_j && circle.yanchor === top.accuracy_pct,
    "highlight circle sits on the model's point", JSON.stringify(circle));
  await page.mouse.move(5, 5);
  return top;
}

// Bars span the shown scores' range; the top N are outlined on the scatter.
async function checkBarsAndOutlines(page) {
  const rows = await ranking(page);
  const widths = await page.locator("#bars .bar").evaluateAll((bars) =>
    bars.map((b) => parseFloat(b.style.width)));
  const n = (await pageState(page)).top;
  check(widths.length === Math.min(n, rows.length), "one bar per top model", String(widths.length));
  check(widths[0] === 100 && widths[widths.length - 1] < 50, "bars scaled to the shown range",
    JSON.stringify(widths));
  let ordered = true;
  const range = rows[0].score - rows[widths.length - 1].score;
  for (let i = 1; i < widths.length; i++) {
    const apart = rows[i - 1].score - rows[i].score > 0.01 * range;
    if (apart && !(widths[i] < widths[i - 1])) ordered = false;
  }
  check(ordered, "different scores give bars of different lengths", JSON.stringify(widths));
  const outlined = await page.evaluate(() => document.getElementById("scatter").layout.shapes
    .filter((s) => s.name === "top-n").map((s) => [s.xanchor, s.yanchor]));
  check(outlined.length === widths.length, "top-N outlines on the scatter", String(outlined.length));
  check(outlined.every(([x, y], i) => x === rows[i].energy_j && y === rows[i].accuracy_pct),
    "outlines sit on the top models' points");
  const scale = await page.locator("#contour-scale .swatch").count();
  check(scale >= 5, "the contour has a labelled colour scale", String(scale));
}

// Invalid values are flagged where they are typed and change nothing.
async function checkInvalidInputs(page) {
  const before = JSON.stringify(await ranking(page));
  await setInput(page, "#top", 500);
  check(await page.locator("#top.invalid").count() === 1, "Top N 500 flagged");
  check((await page.locator("#top-error").textContent()).includes("1 to 100"), "Top N message");
  await setInput(page, "#max-energy", -1);
  check(await page.locator("#max-energy.invalid").count() === 1, "max energy -1 flagged");
  check(JSON.stringify(await ranking(page)) === before, "invalid values change nothing");
  await setInput(page, "#top", 10);
  await setInput(page, "#max-energy", 0.05);
  check(await page.locator(".invalid").count() === 0, "flags clear when values are valid");
  // Unchecking the only test set keeps it checked, and says why.
  const box = page.locator("#test-sets input:checked");
  check(await box.count() === 1, "one test set checked");
  await box.first().evaluate((input) => {
    input.checked = false;
    input.dispatchEvent(new Event("change"));
  });
  const used = (await pageState(page)).testSets;
  const shown = await page.locator("#test-sets input:checked").evaluateAll((b) => b.map((i) => i.value));
  check(JSON.stringify(shown) === JSON.stringify(used), "test-set boxes match what is used",
    `${shown} vs ${used}`);
  check((await page.locator("#test-sets-error").textContent()).length > 0, "empty test sets flagged");
}

// The search box picks a model; the comparison shows it in every setup.
async function checkSearchAndCompare(page) {
  const name = (await ranking(page))[0].model;
  await page.locator("#search").fill(name);
  await page.locator("#search").dispatchEvent("change");
  await page.waitForFunction(() => document.querySelectorAll("#compare-body tr").length > 0,
    null, { timeout: LOAD_LIMIT_MS });
  const setups = (await api(base, "/api/setups")).setups.length;
  check(await page.locator("#compare-body tr").count() === setups, "comparison: one row per setup");
  check((await page.locator("#compare-name").textContent()).startsWith(name), "comparison names the model");
  await page.screenshot({ path: join(artifacts, "explorer-compare.png"), fullPage: true });
}

async function checkDefaultsAndCatalog(context, errors) {
  const page = await open(context, `${base}/`, errors);
  check((await pageState(page)).setup === "A100_TRT", "A100_TRT is the default setup");
  printLoad("the reference data (A100_TRT)", page);
  await page.selectOption("#setup", "CATALOG_ESTIMATE");
  await page.waitForFunction(() => window.explorer.state().setup === "CATALOG_ESTIMATE");
  const cells = await page.locator("#ranking-body tr td:nth-child(3)").allTextContents();
  check(cells.some((c) => c !== "224" && c !== "–"), "catalog estimates show real resolutions",
    cells.join(" "));
  check(await page.locator('#ranking-body a[href="#"]').count() === 0, "no dead links");
  await page.close();
}

async function checkClickThrough(context, page, top) {
  const at = await page.evaluate((i) => window.explorer.pointPosition(i), top.index);
  const popup = context.waitForEvent("page", { timeout: 60000 });
  await page.mouse.click(at.x, at.y);
  const opened = await popup.catch(() => null);
  const expected = (await api(base, `/api/model?setup=${SETUP}&name=${encodeURIComponent(top.model)}`)).model.url;
  check(opened !== null && opened.url() === expected, "click opens the model's page",
    opened ? opened.url() : "no page opened");
  if (opened) await opened.close();
}

async function checkLink(context, page, errors) {
  const url = page.url();
  check(url.includes("min_accuracy=80") && url.includes("max_energy_j=0.05"), "state in the URL", url);
  const again = await open(context, url, errors);
  check(JSON.stringify(await pageState(again)) === JSON.stringify(await pageState(page)),
    "copied link: same state");
  check(JSON.stringify(await ranking(again)) === JSON.stringify(await ranking(page)),
    "copied link: same ranking");
  check(await again.locator("#weight").inputValue() === await page.locator("#weight").inputValue(),
    "copied link: same weight on the slider");
  await again.close();
}

async function checkExport(page) {
  const download = page.waitForEvent("download");
  await page.click("#export");
  const file = await (await download).path();
  const all = readFileSync(file, "utf8").trim().split("\n");
  const view = all.filter((l) => l.startsWith("#")).join("\n");
  check(view.includes("# setup: A100_TRT") && view.includes("min_accuracy_pct: 80") &&
    view.includes("max_energy_j: 0.05") && view.includes("weight: "), "CSV records the view", view);
  const lines = all.filter((l) => !l.startsWith("#"));
  const fromApi = (await api(base,
    `/api/ranking?setup=${SETUP}&weight=1&min_accuracy=80&max_energy_j=0.05&top=100000&format=csv`))
    .trim().split("\n");
  check(lines[0] === fromApi[0], "CSV header as the API's", lines[0]);
  const models = (rows) => rows.slice(1).map((l) => l.split(",")[1]).join();
  check(lines.length === fromApi.length && models(lines) === models(fromApi),
    "exported CSV ranks as the API", `${lines.length} vs ${fromApi.length} lines`);
}

async function checkTrends(context, errors) {
  const page = await context.newPage();
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(`${base}/?view=trends`, { waitUntil: "commit", timeout: LOAD_LIMIT_MS });
  const img = page.locator("#figures .thumb img");
  await img.first().waitFor({ timeout: LOAD_LIMIT_MS });
  const index = await api(base, "/figures/index.json");
  check(await img.count() === index.figures.length && index.figures.length >= 20,
    "Trends page shows every figure of the report", `${await img.count()} of ${index.figures.length}`);
  const studies = await page.locator("#figures h3").allTextContents();
  check(studies.includes("Desislavov et al. 2023") && studies.includes("Yang et al. 2024"),
    "Trends page shows both studies", studies.join(", "));
  await page.waitForFunction(() => [...document.querySelectorAll("#figures img")].slice(0, 4)
    .every((i) => i.complete && i.naturalWidth > 0), null, { timeout: LOAD_LIMIT_MS });
  const data = await page.locator("#figures .thumb a").first().getAttribute("href");
  check((await fetch(base + data)).ok, "a figure's data link answers", data);
  await page.screenshot({ path: join(artifacts, "trends.png") });
  await page.locator("#figures .thumb button").nth(15).click();
  check(await page.locator("#figure-dialog[open]").count() === 1, "a thumbnail opens full size");
  await page.waitForFunction(() => document.getElementById("figure-full").complete);
  await page.screenshot({ path: join(artifacts, "trends-full.png") });
  await page.close();
}

// Time from a control's change to the next frame after the page has redrawn.
async function timeControls(context, errors) {
  const page = await open(context, `${big}/?setup=A100_PT`, errors);
  printLoad("1,500 models (A100_PT)", page);
  const count = await page.evaluate(() => window.explorer.ranking().length);
  check(count === 1500, "big setup holds 1,500 models", String(count));
  const steps = [["#weight", "0.1"], ["#weight", "0.9"], ["#metric", "acc-per-joule"],
    ["#metric", "manhattan"], ["#min-accuracy", "75"], ["#max-energy", "0.5"],
    ["#axis", "linear"], ["#axis", "log"], ["#top", "25"],
    ["#test-sets input[value=imagenet-real]", true]];
  const times = [];
  for (const [selector, value] of steps) {
    const ms = await page.evaluate(async ([sel, v]) => {
      const el = document.querySelector(sel);
      const start = performance.now();
      if (typeof v === "boolean") el.checked = v; else el.value = v;
      el.dispatchEvent(new Event(el.tagName === "SELECT" || el.type === "checkbox" ? "change" : "input"));
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      return performance.now() - start;
    }, [selector, value]);
    times.push(ms);
    const phases = await page.evaluate(() => window.explorer.phases());
    const parts = Object.entries(phases).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(", ");
    console.log(`timing: ${selector} = ${value}: ${ms.toFixed(1)} ms to the next frame (${parts} ms)`);
  }
  times.sort((a, b) => a - b);
  console.log(`timing: median ${times[Math.floor(times.length / 2)].toFixed(1)} ms, ` +
    `max ${times[times.length - 1].toFixed(1)} ms over ${times.length} control changes (target 100 ms)`);
  await page.screenshot({ path: join(artifacts, "explorer-1500.png"), fullPage: true });
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
    acceptDownloads: true,
  });
  // Offline: everything the page needs comes from the server; anything else is refused.
  const outside = [];
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith(base) || url.startsWith(big) || url.startsWith("blob:")) return route.continue();
    if (url.startsWith("https://huggingface.co/")) {
      // A model's page, opened by a click: answered here, the test stays offline.
      return route.fulfill({ contentType: "text/html", body: "<title>model page</title>" });
    }
    outside.push(url);
    return route.abort();
  });
  const errors = [];
  try {
    const page = await open(context, `${base}/?setup=${SETUP}`, errors);
    await checkWeightMatchesApi(page);
    await checkThresholds(page);
    const top = await checkHover(page);
    await checkBarsAndOutlines(page);
    await checkInvalidInputs(page);
    await page.screenshot({ path: join(artifacts, "explorer.png"), fullPage: true });
    await checkLink(context, page, errors);
    await checkExport(page);
    await checkClickThrough(context, page, top);
    await checkSearchAndCompare(page);
    await checkDefaultsAndCatalog(context, errors);
    await checkTrends(context, errors);
    await timeControls(context, errors);
    check(outside.length === 0, "no requests outside the server", outside.join(" "));
    check(errors.length === 0, "no errors in the page", errors.join(" | "));
  } catch (error) {
    check(false, "browser test ran to the end", error.stack);
  } finally {
    await context.close();
    rmSync(userDataDir, { recursive: true, force: true });
  }
  console.log(`screenshots: ${join(artifacts, "explorer.png")}, explorer-compare.png, trends.png, ` +
    "trends-full.png, explorer-1500.png");
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

await main();
