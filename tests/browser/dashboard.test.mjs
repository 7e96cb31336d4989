// The dashboard as managers use it, in Debian's chromium (headless): sign-in, the overview's
// figures against the API, filters kept in the URL, scope, CSRF, throttling. With SUARA_SHOTS
// set, every page is also photographed at 1366×768 and at phone width.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
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
