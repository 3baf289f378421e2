// `tenantry report`'s page in headless Chromium (Debian's /usr/bin/chromium),
// driven by playwright-core: the page shows the subscriptions and managers
// that `tenantry show` and `tenantry who-can-manage` print, its search and
// directory filter narrow them, a subscription's panel holds its managers,
// move impact and restore plan, orphaned and unrecoverable subscriptions
// stand out, and the page makes no network request and logs no error.
// Screenshots go to target/report-browser/.
//
//   TENANTRY_BIN=target/debug/tenantry npm test   (in report/tests/browser)

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const bin = process.env.TENANTRY_BIN ?? resolve(root, "target/debug/tenantry");
const out = resolve(root, "target/report-browser");
mkdirSync(out, { recursive: true });

function tenantry(...args) {
  return execFileSync(bin, args, { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
}
function json(...args) {
  return JSON.parse(tenantry(...args, "--json"));
}

/** A snapshot, its report, and what the CLI says of each subscription. */
function prepare(name, makeSnapshot) {
  const snapshot = resolve(out, `${name}.json`);
  const html = resolve(out, `${name}.html`);
  makeSnapshot(snapshot);
  tenantry("report", snapshot, "--out", html);
  const subs = json("show", snapshot, "--only", "subscriptions").subscriptions;
  for (const s of subs) s.managers = json("who-can-manage", snapshot, s.id);
  return { snapshot, html, subs };
}

let browser;
before(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
});
after(async () => {
  await browser?.close();
});

/** Opens the page, recording every request and every console error. */
async function open(html) {
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  const requests = [];
  const errors = [];
  page.on("request", (r) => requests.push(r.url()));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", (e) => errors.push(String(e)));
  const url = pathToFileURL(html).href;
  await page.goto(url, { waitUntil: "load" });
  return { page, url, requests, errors };
}

const subNode = (id) => `g.node.sub[data-subscription="${id}"]`;
async function shownIds(page) {
  return page.$$eval("g.node.sub", (gs) => gs.map((g) => g.getAttribute("data-subscription")).sort());
}

test("the walkthrough's final state: every subscription and manager, search, filter, panel", async () => {
  const { html, subs } = prepare("walkthrough", (snap) => tenantry("walkthrough", "--out", snap));
  const { page, url, requests, errors } = await open(html);

  // Every subscription, every manager, one edge per grant.
  assert.deepEqual(await shownIds(page), subs.map((s) => s.id).sort());
  for (const s of subs) {
    assert.equal(await page.locator(subNode(s.id)).count(), 1, s.name);
    assert.equal(await page.locator(`${subNode(s.id)} text`).first().textContent(), s.name);
    for (const m of s.managers) {
      assert.equal(await page.locator(`g.node.principal[data-account="${m.account}"]`).count(), 1, m.account);
    }
    const accounts = new Set(s.managers.map((m) => m.account));
    for (const a of accounts) {
      const grants = s.managers.filter((m) => m.account === a).length;
      assert.equal(
        await page.locator(`path.grant[data-subscription="${s.id}"][data-account="${a}"]`).count(),
        grants, `${s.name} / ${a}`);
    }
  }
  await page.screenshot({ path: resolve(out, "walkthrough.png"), fullPage: true });

  // The search box: by a subscription's name, then by a manager.
  const michael = subs.find((s) => s.name === "Michael's Azure");
  assert.ok(michael);
  await page.fill("#search", "Michael's Azure");
  await page.waitForFunction(() => document.querySelectorAll("g.node.sub").length === 1);
  assert.deepEqual(await shownIds(page), [michael.id]);
  const tricia = "tricia@contoso.onmicrosoft.com";
  await page.fill("#search", tricia);
  const managed = subs.filter((s) => s.managers.some((m) => m.account === tricia)).map((s) => s.id).sort();
  assert.ok(managed.length > 0);
  await page.waitForFunction((n) => document.querySelectorAll("g.node.sub").length === n, managed.length);
  assert.deepEqual(await shownIds(page), managed);
  await page.fill("#search", "no subscription is called this");
  await page.waitForFunction(() => document.querySelectorAll("g.node.sub").length === 0);
  await page.fill("#search", "");
  await page.waitForFunction((n) => document.querySelectorAll("g.node.sub").length === n, subs.length);

  // The directory filter.
  const fabrikam = "fabrikam.onmicrosoft.com";
  await page.selectOption("#directory", fabrikam);
  assert.deepEqual(await shownIds(page), subs.filter((s) => s.directory === fabrikam).map((s) => s.id).sort());
  await page.selectOption("#directory", "");

  // A subscription's panel: its managers, its move impact and restore plan.
  const fab = subs.find((s) => s.name === "Fabrikam Azure");
  await page.click(subNode(fab.id));
  const details = page.locator(`#details[data-subscription="${fab.id}"]`);
  await details.waitFor();
  const panelText = await details.textContent();
  for (const m of fab.managers) assert.ok(panelText.includes(m.account), m.account);
  assert.ok(panelText.includes("Moving it to "), panelText);
  assert.ok(panelText.includes("Restore plan in "), panelText);
  await page.screenshot({ path: resolve(out, "walkthrough-panel.png") });

  assert.deepEqual(errors, []);
  assert.deepEqual(requests, [url], "the page asks for nothing but itself");
  await page.close();
});

test("orphaned and unrecoverable subscriptions stand out; chains are coloured by kind", async () => {
  // c08 ends with Contoso Production in Fabrikam, still holding an AKS
  // cluster and an Entra-authenticated SQL server; c02 has group and
  // inherited grants under a management group.
  const c08 = prepare("c08", (snap) => tenantry("scenario", resolve(root, "tests/conformance/c08-before-you-move-it.json"), "--out", snap));
  const { page, requests, url, errors } = await open(c08.html);
  const prod = c08.subs.find((s) => s.name === "Contoso Production");
  assert.equal(await page.locator(`${subNode(prod.id)}.unrecoverable`).count(), 1);
  await page.check("#problems");
  assert.deepEqual(await shownIds(page), [prod.id]);
  await page.click(subNode(prod.id));
  const text = await page.locator("#details").textContent();
  assert.ok(text.includes("Azure Kubernetes Service"), text);
  assert.ok(text.includes("a move breaks beyond recovery"), text);
  assert.deepEqual(errors, []);
  assert.deepEqual(requests, [url]);
  await page.close();

  const c02 = prepare("c02", (snap) => tenantry("scenario", resolve(root, "tests/conformance/c02-access-through-groups-scopes-and-roles.json"), "--out", snap));
  const second = await open(c02.html);
  const chains = await second.page.$$eval("path.grant", (ps) => [...new Set(ps.map((p) => p.getAttribute("data-chain")))].sort());
  assert.ok(chains.includes("group"), chains);
  assert.ok(chains.includes("inherited"), chains);
  assert.ok(await second.page.locator("g.node.mg").count() >= 1);
  await second.page.screenshot({ path: resolve(out, "c02.png"), fullPage: true });
  assert.deepEqual(second.errors, []);
  assert.deepEqual(second.requests, [second.url]);
  await second.page.close();

});

test("a subscription whose last Owner is removed is flagged orphaned", async () => {
  // c05's Pay-As-You-Go has one grant, its admin's Owner; `tenantry apply`
  // removes it.
  const c05 = resolve(out, "c05.json");
  tenantry("scenario", resolve(root, "tests/conformance/c05-groups-service-principals-and-managed-identities.json"), "--out", c05);
  const sub = json("show", c05, "--only", "subscriptions").subscriptions.find((s) => s.name === "Pay-As-You-Go");
  const owner = "admin@contoso.onmicrosoft.com";
  const orphan = prepare("orphaned", (snap) => tenantry("apply", c05, "remove_role", "--as", owner,
    "--principal", owner, "--role", "owner", "--subscription", sub.id, "--out", snap));
  assert.deepEqual(orphan.subs.find((s) => s.id === sub.id).managers, []);
  const { page, requests, url, errors } = await open(orphan.html);
  assert.deepEqual(await page.$$eval("g.node.sub.orphaned", (gs) => gs.map((g) => g.getAttribute("data-subscription"))), [sub.id]);
  await page.click(subNode(sub.id));
  const text = await page.locator("#details").textContent();
  assert.ok(text.includes("orphaned: no Owner"), text);
  assert.ok(text.includes("Who can manage it (0 grants)"), text);
  await page.screenshot({ path: resolve(out, "orphaned.png") });
  assert.deepEqual(errors, []);
  assert.deepEqual(requests, [url]);
  await page.close();
});

test("a 1,000-subscription tenant stays usable: the first 300 drawn, search and filter narrow it", async () => {
  // The small current fleet with 1,000 Azure subscriptions (synth, built by
  // the test command before this suite).
  const synth = process.env.TENANTRY_SYNTH ?? resolve(root, "target/release/examples/synth");
  const snapshot = resolve(out, "wide.json");
  execFileSync(synth, ["--preset", "small", "--profile", "current", "--azure", "1000", "--seed", "7", "--out", snapshot],
    { stdio: ["ignore", "ignore", "inherit"] });
  const html = resolve(out, "wide.html");
  tenantry("report", snapshot, "--out", html);
  const subs = json("show", snapshot, "--only", "subscriptions").subscriptions;
  assert.ok(subs.length >= 1000, `${subs.length} subscriptions`);
  const { page, url, requests, errors } = await open(html);
  assert.equal(await page.locator("g.node.sub").count(), 300);
  assert.match(await page.locator("#shown").textContent(), new RegExp(`showing 300 of ${subs.length} subscriptions`));
  // By id: exactly that one.
  const target = subs[subs.length - 1];
  await page.fill("#search", target.id);
  await page.waitForFunction(() => document.querySelectorAll("g.node.sub").length === 1);
  assert.deepEqual(await shownIds(page), [target.id]);
  await page.click(subNode(target.id));
  await page.locator(`#details[data-subscription="${target.id}"]`).waitFor();
  // By directory: exactly its subscriptions (up to the 300 drawn).
  await page.fill("#search", "");
  const dir = target.directory;
  await page.selectOption("#directory", dir);
  const inDir = subs.filter((s) => s.directory === dir).map((s) => s.id).sort();
  const shown = await shownIds(page);
  assert.equal(shown.length, Math.min(inDir.length, 300));
  assert.ok(shown.every((id) => inDir.includes(id)));
  await page.screenshot({ path: resolve(out, "wide.png") });
  assert.deepEqual(errors, []);
  assert.deepEqual(requests, [url]);
  await page.close();
});

test("names that look like markup stay text: no element, no script, no dialog", async () => {
  // Directory, subscription, group and custom-role names written as HTML.
  const hostile = prepare("hostile", (snap) => tenantry("scenario", resolve(dirname(fileURLToPath(import.meta.url)), "hostile-names.json"), "--out", snap));
  const { page, url, requests, errors } = await open(hostile.html);
  const dialogs = [];
  page.on("dialog", async (d) => { dialogs.push(d.message()); await d.dismiss(); });
  const sub = hostile.subs.find((s) => s.kind === "azure");
  assert.equal(sub.name, "</script><script>alert(2)</script>");
  assert.equal(await page.locator(`${subNode(sub.id)} text`).first().textContent(), sub.name);
  await page.hover(subNode(sub.id));
  await page.click(subNode(sub.id));
  const details = page.locator(`#details[data-subscription="${sub.id}"]`);
  await details.waitFor();
  const text = await details.textContent();
  assert.ok(text.includes("group:<b onmouseover=alert(3)>Ops</b>@contoso.onmicrosoft.com"), text);
  assert.ok(text.includes("<i>Web</i> Reader\"'"), text);
  await page.locator("g.node.principal").first().hover();
  // Nothing the names spell became an element or ran.
  for (const tag of ["img", "b", "i", "iframe"]) {
    assert.equal(await page.locator(tag).count(), 0, `<${tag}> injected`);
  }
  assert.equal(await page.locator("script").count(), 2);
  assert.equal(await page.evaluate(() => document.querySelectorAll("svg svg").length), 0);
  assert.deepEqual(dialogs, []);
  assert.deepEqual(errors, []);
  assert.deepEqual(requests, [url]);
  await page.close();
});

test("a one-directory snapshot (an import's) still flags what a move would break", async () => {
  const one = prepare("one-directory", (snap) => tenantry("scenario", resolve(dirname(fileURLToPath(import.meta.url)), "one-directory.json"), "--out", snap));
  const prod = one.subs.find((s) => s.name === "Production");
  const { page, url, requests, errors } = await open(one.html);
  assert.equal(await page.locator(`${subNode(prod.id)}.unrecoverable`).count(), 1);
  assert.match(await page.locator("#summary").textContent(), /1 whose move would break what cannot be recovered/);
  await page.click(subNode(prod.id));
  const text = await page.locator("#details").textContent();
  assert.ok(text.includes("No other directory in this snapshot"), text);
  assert.ok(text.includes("Azure Kubernetes Service"), text);
  assert.ok(text.includes("/resourceGroups/apps/"), text);
  assert.deepEqual(errors, []);
  assert.deepEqual(requests, [url]);
  await page.close();
});
