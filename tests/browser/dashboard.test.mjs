// The dashboard as managers use it, in Debian's chromium (headless): sign-in, the overview's
// figures against the API, filters kept in the URL, the follow-up plan (accept, edit, done →
// before/after), the downloads opened, scope, CSRF, throttling. With SUARA_SHOTS set, every page
// is also photographed at 1366×768 and at phone width.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { chromium } from "playwright-core";

const base = process.env.SUARA_URL;
const shots = process.env.SUARA_SHOTS;
let browser;

before(async () => {
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
});
after(async () => browser && browser.close());

async function signedIn(name, password, viewport = { width: 1366, height: 768 }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await page.goto(base + "/");
  assert.match(page.url(), /\/login\?next=\/$/, "an anonymous visitor is sent to sign in");
  await page.fill("#name", name);
  await page.fill("#password", password);
  await Promise.all([page.waitForNavigation(), page.click("button[type=submit]")]);
  return { context, page };
}

async function photograph(page, name) {
  if (!shots) return;
  await page.screenshot({ path: `${shots}/${name}.png`, fullPage: true });
}

test("a wrong password is refused with a message and no session", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(base + "/login");
  await page.fill("#name", "ani");
  await page.fill("#password", "not her password");
  const [response] = await Promise.all([page.waitForNavigation(), page.click("button[type=submit]")]);
  assert.equal(response.status(), 401);
  assert.match(await page.textContent(".problem"), /salah/);
  assert.equal((await context.cookies()).filter((c) => c.name === "suara_session").length, 0);
  await photograph(page, "dashboard-login-refused");
  await context.close();
});

test("signing in sets an HttpOnly, SameSite=Strict session cookie and shows the overview", async () => {
  const { context, page } = await signedIn("ani", "ani passphrase 1");
  const cookie = (await context.cookies()).find((c) => c.name === "suara_session");
  assert.ok(cookie, "a session cookie");
  assert.equal(cookie.httpOnly, true);
  assert.equal(cookie.sameSite, "Strict");
  assert.equal(new URL(page.url()).pathname, "/");
  await context.close();
});

test("the overview shows a manager their own unit only, with the API's figures", async () => {
  const { context, page } = await signedIn("ani", "ani passphrase 1");
  const api = await (await page.request.get(base + "/api/v1/overview")).json();
  assert.deepEqual(api.units.map((u) => u.id), ["dumai"]);
  const rows = await page.$$eval("table.units tbody tr", (trs) => trs.map((tr) => tr.innerText));
  assert.equal(rows.length, 1);
  assert.match(rows[0], /Kota Dumai/);
  const shown = api.units[0].skm ? api.units[0].skm.konversi.display : api.units[0].quick.index.display;
  assert.ok(rows[0].includes(shown), `the page shows ${shown}`);
  await context.close();
});

test("an admin sees every unit, ranked, with the ranking score explained", async () => {
  const { context, page } = await signedIn("admin", "admin passphrase 1");
  const rows = await page.$$("table.units tbody tr");
  assert.equal(rows.length, 5);
  assert.match(await page.textContent(".note"), /Skor peringkat/);
  await photograph(page, "dashboard-overview");
  await page.goto(base + "/?lang=en");
  assert.match(await page.textContent("h1"), /Overview/);
  await photograph(page, "dashboard-overview-en");
  await context.close();
});

test("the unit page keeps its filters in the URL and shows the API's figures for them", async () => {
  const { context, page } = await signedIn("ani", "ani passphrase 1");
  await page.goto(base + "/unit?id=dumai");
  await page.selectOption("select[name=service]", "ktp");
  await Promise.all([page.waitForNavigation(), page.click(".filters button[type=submit]")]);
  const url = new URL(page.url());
  assert.equal(url.searchParams.get("service"), "ktp");
  assert.equal(url.searchParams.get("id"), "dumai");
  const api = await (await page.request.get(base + "/api/v1/unit" + url.search)).json();
  assert.equal(await page.inputValue("select[name=service]"), "ktp");
  if (api.skm) assert.ok((await page.textContent(".cards")).includes(api.skm.konversi.display));
  for (const row of api.by_service) assert.equal(row.id, "ktp", "only the chosen service is counted");
  await photograph(page, "dashboard-unit");
  await context.close();
});

// A local date `days` before today, as the date inputs take it (YYYY-MM-DD).
function daysAgo(days) {
  const d = new Date(Date.now() - days * 86400000);
  return d.toISOString().slice(0, 10);
}

async function submitAndWait(page, button) {
  const [response] = await Promise.all([page.waitForNavigation(), button.click()]);
  return response;
}

test("a manager accepts a suggested action and edits its Waktu and Penanggung Jawab", async () => {
  const { context, page } = await signedIn("joko", "joko passphrase 1");
  await page.goto(base + "/unit?id=jayapura");
  const before = await page.$$("#tindakan article.action");
  const firstSuggestion = page.locator("table.rtl tbody tr").first();
  const element = (await firstSuggestion.locator("input[name=element]").inputValue()).trim();
  await submitAndWait(page, firstSuggestion.locator("button[type=submit]"));
  const actions = page.locator("#tindakan article.action");
  assert.equal(await actions.count(), before.length + 1, "the accepted suggestion joins the kept plan");
  const added = actions.last();
  assert.match(await added.locator("h3").textContent(), new RegExp("^" + element + " "));

  await added.locator("summary").click();
  await added.locator("input[name=quarter]").fill("2027-Q2");
  await added.locator("input[name=office]").fill("Bagian Organisasi Setda");
  await submitAndWait(page, added.locator("form.edit-action button[type=submit]"));
  const edited = page.locator("#tindakan article.action").last();
  const line = await edited.locator("p.muted").textContent();
  assert.match(line, /2027-Q2/);
  assert.match(line, /Bagian Organisasi Setda/);
  const api = await (await page.request.get(base + "/api/v1/unit?id=jayapura")).json();
  const kept = api.plan.actions.at(-1);
  assert.equal(kept.element, element);
  assert.equal(kept.quarter, "2027-Q2");
  assert.equal(kept.office, "Bagian Organisasi Setda");
  assert.equal(kept.created_by, "joko");

  // A Waktu that is no quarter is refused with a message, and the kept value stays.
  await edited.locator("summary").click();
  await edited.locator("input[name=quarter]").fill("2027-Q9");
  const refused = await submitAndWait(page, edited.locator("form.edit-action button[type=submit]"));
  assert.equal(refused.status(), 400);
  assert.match(await page.textContent("main"), /tidak disimpan/, "the refusal says nothing was saved");
  assert.match(await page.textContent(".problem"), /quarter/, "and why");
  await photograph(page, "dashboard-plan-refused");
  await Promise.all([page.waitForNavigation(), page.click("main a:has-text('Kembali dan perbaiki')")]);
  assert.equal(new URL(page.url()).pathname, "/unit", "back to the unit's page, where the form is");
  const after = await (await page.request.get(base + "/api/v1/unit?id=jayapura")).json();
  assert.equal(after.plan.actions.at(-1).quarter, "2027-Q2");
  await context.close();
});

test("a viewer sees the plan but is offered no way to change it", async () => {
  const { context, page } = await signedIn("tamu", "tamu passphrase 1");
  await page.goto(base + "/unit?id=solok");
  assert.equal(await page.locator("form[action='/plan/add']").count(), 0);
  assert.equal(await page.locator("form[action='/plan/update']").count(), 0);
  await context.close();
});

test("marking an action done shows the before/after card with the API's figures", async () => {
  const { context, page } = await signedIn("joko", "joko passphrase 1");
  await page.goto(base + "/unit?id=jayapura");
  const action = page.locator("#tindakan article.action").last();
  assert.equal(await action.locator(".effect").count(), 0, "no card while the action is only planned");
  await action.locator("summary").click();
  await action.locator("select[name=status]").selectOption("done");
  await action.locator("input[name=done_date]").fill(daysAgo(25));
  await submitAndWait(page, action.locator("form.edit-action button[type=submit]"));

  const done = page.locator("#tindakan article.action").last();
  assert.match(await done.getAttribute("class"), /\bdone\b/);
  const card = done.locator(".effect");
  assert.equal(await card.count(), 1, "the done action shows whether it worked");
  const api = await (await page.request.get(base + "/api/v1/unit?id=jayapura")).json();
  const effect = api.plan.actions.at(-1).effect;
  assert.ok(["improved", "worsened", "no_clear_change", "not_enough_data", "too_early"].includes(effect.verdict));
  assert.equal(effect.window_days, 25, "after: the 25 days since; before: as many days");
  assert.match(await card.getAttribute("class"), new RegExp("effect-" + effect.verdict));
  assert.ok((await card.locator(".verdict").textContent()).includes(effect.text));
  const cells = await card.locator("tbody tr").evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll("td")].map((td) => td.textContent.trim())));
  assert.equal(cells[0][0], String(effect.before.answered));
  assert.equal(cells[1][0], String(effect.after.answered));
  if (effect.before.konversi) assert.equal(cells[0][1], effect.before.konversi.display);
  if (effect.after.konversi) assert.equal(cells[1][1], effect.after.konversi.display);
  if (effect.difference) assert.ok(cells[2][1].startsWith(effect.difference.display));
  if (shots) await card.screenshot({ path: `${shots}/dashboard-did-it-work-card.png` });
  await context.close();
});

test("a dropped action stays dropped when edited again (the form shows its status)", async () => {
  const { context, page } = await signedIn("joko", "joko passphrase 1");
  await page.goto(base + "/unit?id=jayapura");
  const action = page.locator("#tindakan article.action").last();
  await action.locator("summary").click();
  await action.locator("select[name=status]").selectOption("dropped");
  await action.locator("input[name=done_date]").fill("");
  await submitAndWait(page, action.locator("form.edit-action button[type=submit]"));
  const again = page.locator("#tindakan article.action").last();
  assert.equal(await again.locator("select[name=status]").inputValue(), "dropped");
  // Another edit, of the office only, as a manager would make it.
  await again.locator("summary").click();
  await again.locator("input[name=office]").fill("Sekretariat Daerah");
  await submitAndWait(page, again.locator("form.edit-action button[type=submit]"));
  const api = await (await page.request.get(base + "/api/v1/unit?id=jayapura")).json();
  assert.equal(api.plan.actions.at(-1).status, "dropped");
  assert.equal(api.plan.actions.at(-1).office, "Sekretariat Daerah");
  await context.close();
});

// A minimal RFC 4180 reader (quoted fields, doubled quotes, CRLF): enough to check the file.
function parseCsv(text) {
  const rows = [];
  let row = [], field = "", quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') field += '"', i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") row.push(field), (field = "");
    else if (c === "\r" && text[i + 1] === "\n") row.push(field), rows.push(row), (row = []), (field = ""), i++;
    else field += c;
  }
  if (field !== "" || row.length) row.push(field), rows.push(row);
  return rows;
}

test("the raw ratings CSV downloads with one parsed row per rating the page counts", async () => {
  const { context, page } = await signedIn("ani", "ani passphrase 1");
  await page.goto(base + "/unit?id=dumai&service=ktp");
  const api = await (await page.request.get(base + "/api/v1/unit?id=dumai&service=ktp")).json();
  const links = await page.$$eval("a[download]", (as) => as.map((a) => [a.textContent, a.getAttribute("href")]));
  const rawLink = links.find(([, href]) => href.startsWith("/export/responses.csv"));
  assert.ok(rawLink, "the page offers the raw ratings");
  const [file] = await Promise.all([page.waitForEvent("download"), page.click(`a[href="${rawLink[1]}"]`)]);
  const text = readFileSync(await file.path(), "utf8");
  assert.ok(text.startsWith("\uFEFF"), "a byte-order mark for spreadsheets");
  const rows = parseCsv(text.slice(1));
  const header = rows[0];
  for (const column of ["id", "local_date", "local_time", "unit", "survey", "service", "counter"])
    assert.ok(header.includes(column), `column ${column}`);
  const body = rows.slice(1);
  assert.equal(body.length, api.responses, "one row per rating the page counts");
  const unit = header.indexOf("unit"), service = header.indexOf("service");
  for (const row of body) {
    assert.equal(row.length, header.length, "every row has every column");
    assert.equal(row[unit], "dumai");
    assert.equal(row[service], "ktp", "the page's service filter holds in the file");
  }
  assert.equal(new Set(body.map((r) => r[header.indexOf("id")])).size, body.length, "each rating once");
  await context.close();
});

test("the Laporan Hasil SKM downloads as a PDF that opens with the unit's report", async () => {
  const { context, page } = await signedIn("ani", "ani passphrase 1");
  await page.goto(base + "/unit?id=dumai");
  const [file] = await Promise.all([page.waitForEvent("download"), page.click('a[href^="/export/laporan.pdf"]')]);
  assert.match(file.suggestedFilename(), /\.pdf$/);
  const path = await file.path();
  assert.equal(readFileSync(path).subarray(0, 5).toString("latin1"), "%PDF-");
  const info = execFileSync("pdfinfo", [path], { encoding: "utf8" });
  const pages = Number(/^Pages:\s+(\d+)/m.exec(info)[1]);
  assert.ok(pages >= 3, `a report of several pages (${pages})`);
  const text = execFileSync("pdftotext", ["-layout", path, "-"], { encoding: "utf8" });
  assert.match(text, /LAPORAN HASIL\s+SURVEI KEPUASAN MASYARAKAT/);
  assert.match(text, /Kota Dumai/);
  assert.match(text, /Rencana Tindak Lanjut/i);
  await context.close();
});

test("a manager cannot reach another unit's page or API", async () => {
  const { context, page } = await signedIn("ani", "ani passphrase 1");
  const pageResponse = await page.goto(base + "/unit?id=jayapura");
  assert.equal(pageResponse.status(), 404);
  const apiResponse = await page.request.get(base + "/api/v1/unit?id=jayapura");
  assert.equal(apiResponse.status(), 404);
  const own = await page.request.get(base + "/api/v1/unit?id=dumai");
  assert.equal(own.status(), 200);
  await context.close();
});

test("a change without its CSRF token is refused and changes nothing", async () => {
  const { context, page } = await signedIn("ani", "ani passphrase 1");
  const refused = await page.request.post(base + "/logout", { form: { csrf: "forged" } });
  assert.equal(refused.status(), 403);
  const still = await page.request.get(base + "/api/v1/overview");
  assert.equal(still.status(), 200, "the session is still signed in");
  await Promise.all([page.waitForNavigation(), page.click("header button[type=submit]")]);
  assert.match(page.url(), /\/login$/);
  assert.equal((await page.request.get(base + "/api/v1/overview")).status(), 401, "signed out");
  await context.close();
});

test("five wrong passwords lock the account, even against the right one", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  for (let i = 0; i < 5; i++) {
    await page.goto(base + "/login");
    await page.fill("#name", "tamu");
    await page.fill("#password", "wrong guess " + i);
    const [response] = await Promise.all([page.waitForNavigation(), page.click("button[type=submit]")]);
    assert.equal(response.status(), 401);
  }
  await page.goto(base + "/login");
  await page.fill("#name", "tamu");
  await page.fill("#password", "tamu passphrase 1");
  const [locked] = await Promise.all([page.waitForNavigation(), page.click("button[type=submit]")]);
  assert.equal(locked.status(), 429);
  assert.match(await page.textContent(".problem"), /Terlalu banyak/);
  await context.close();
});

test("pages fit a phone's width", async () => {
  const { context, page } = await signedIn("admin", "admin passphrase 1", { width: 390, height: 844 });
  await photograph(page, "dashboard-overview-phone");
  await page.goto(base + "/unit?id=jayapura");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `the unit page scrolls sideways by ${overflow}px`);
  await photograph(page, "dashboard-unit-phone");
  await page.goto(base + "/login");
  await photograph(page, "dashboard-login-phone");
  await context.close();
});
