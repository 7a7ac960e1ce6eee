// Browser test of the explorer page: Debian's Chromium, headless, driven by playwright-core.
// Usage: node explorer.test.mjs BASE_URL BIG_URL ARTIFACT_DIR
//   BASE_URL: `infergy serve` on a store with the reference data imported (and --report-dir)
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

async function open(context, url, errors) {
  const page = await context.newPage();
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  await page.goto(url);
  await page.waitForSelector("body[data-ready=true]", { timeout: 20000 });
  return page;
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
    check(firstBar.startsWith(fromApi.entries[0].model + " · "), `weight ${weight}: top bar`, firstBar);
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
  await tip.first().waitFor({ timeout: 5000 });
  const text = await tip.first().textContent();
  for (const part of [top.model, "input: ", "accuracy: ", "energy: ", "throughput: ", "latency: ",
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

async function checkClickThrough(context, page, top) {
  const at = await page.evaluate((i) => window.explorer.pointPosition(i), top.index);
  const popup = context.waitForEvent("page", { timeout: 5000 });
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
  const lines = readFileSync(file, "utf8").trim().split("\n");
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
  await page.goto(`${base}/?view=trends`);
  const img = page.locator("#figures img");
  await img.first().waitFor({ timeout: 10000 });
  check(await img.count() === 1, "Trends page lists the report's figures");
  await page.waitForFunction(() => document.querySelector("#figures img").complete);
  check(await img.first().evaluate((i) => i.naturalWidth > 0), "figure loaded");
  await page.screenshot({ path: join(artifacts, "trends.png") });
  await page.close();
}

// Time from a control's change to the next frame after the page has redrawn.
async function timeControls(context, errors) {
  const page = await open(context, `${big}/?setup=A100_PT`, errors);
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
    await page.screenshot({ path: join(artifacts, "explorer.png"), fullPage: true });
    await checkLink(context, page, errors);
    await checkExport(page);
    await checkClickThrough(context, page, top);
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
  console.log(`screenshots: ${join(artifacts, "explorer.png")}, trends.png, explorer-1500.png`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

await main();
