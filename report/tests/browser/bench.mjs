// The report's page at scale, measured (not a test: `npm run bench`, run by
// hand; figures go in BENCHMARKS.md). Builds the small current fleet with
// 1,000 Azure subscriptions, times `tenantry report` (release), then in
// headless Chromium the page's load until its picture is drawn, a search
// that narrows it to one subscription, the directory filter, and opening a
// subscription's panel: medians of 15 runs each.
//
//   cargo build --release -p tenantry-cli --example synth && npm run bench

import { execFileSync } from "node:child_process";
import { mkdirSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { performance } from "node:perf_hooks";
import { chromium } from "playwright-core";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const bin = process.env.TENANTRY_BIN ?? resolve(root, "target/release/tenantry");
const synth = process.env.TENANTRY_SYNTH ?? resolve(root, "target/release/examples/synth");
const out = resolve(root, "target/report-browser");
mkdirSync(out, { recursive: true });
const azure = Number(process.env.AZURE ?? 1000);
const RUNS = 15;

const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const snapshot = resolve(out, `bench-${azure}.json`);
const html = resolve(out, `bench-${azure}.html`);
execFileSync(synth, ["--preset", "small", "--profile", "current", "--azure", String(azure), "--out", snapshot], { stdio: "ignore" });
const gen = [];
for (let i = 0; i < 5; i++) {
  const t0 = performance.now();
  execFileSync(bin, ["report", snapshot, "--out", html], { stdio: "ignore" });
  gen.push(performance.now() - t0);
}
const subs = JSON.parse(execFileSync(bin, ["show", snapshot, "--only", "subscriptions", "--json"], { encoding: "utf8" })).subscriptions;
const target = subs[subs.length - 1];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});
const load = [], search = [], filter = [], panel = [];
for (let i = 0; i < RUNS; i++) {
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  let t0 = performance.now();
  await page.goto(pathToFileURL(html).href);
  await page.waitForSelector("g.node.sub");
  load.push(performance.now() - t0);
  t0 = performance.now();
  await page.fill("#search", target.id);
  await page.waitForFunction(() => document.querySelectorAll("g.node.sub").length === 1);
  search.push(performance.now() - t0);
  await page.fill("#search", "");
  await page.waitForFunction(() => document.querySelectorAll("g.node.sub").length > 1);
  t0 = performance.now();
  await page.selectOption("#directory", target.directory);
  filter.push(performance.now() - t0);
  t0 = performance.now();
  await page.click(`g.node.sub[data-subscription="${target.id}"]`);
  await page.waitForSelector(`#details[data-subscription="${target.id}"]`);
  panel.push(performance.now() - t0);
  await page.close();
}
await browser.close();
const ms = (x) => `${x.toFixed(0)} ms`;
console.log(`${subs.length} subscriptions; page ${(statSync(html).size / 1e6).toFixed(1)} MB`);
console.log(`tenantry report (release, whole process): ${ms(median(gen))}`);
console.log(`load until drawn: ${ms(median(load))}; search to one (incl. 60 ms debounce): ${ms(median(search))}; directory filter: ${ms(median(filter))}; panel: ${ms(median(panel))}`);
