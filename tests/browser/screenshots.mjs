// Photographs every dashboard page on the demo data, at 1366×768 and at a phone's width,
// for the README and for looking at: node screenshots.mjs OUT_DIR (SUARA_URL, SUARA_USER,
// SUARA_PASSWORD from the environment).
import { chromium } from "playwright-core";

const [out] = process.argv.slice(2);
const base = process.env.SUARA_URL;
const pages = [
  ["overview", "/"],
  ["unit", "/unit?id=pematangsiantar"],
  ["fleet", "/fleet"],
  ["catalog", "/catalog"],
  ["catalog-edit", "/catalog/edit?id=leadership_training"],
  ["public", "/public?unit=pematangsiantar"],
  ["poster", "/public/poster?unit=pematangsiantar"],
];
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
for (const [width, height, suffix] of [[1366, 768, ""], [390, 844, "-phone"]]) {
  const context = await browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  await page.goto(base + "/login");
  await page.screenshot({ path: `${out}/dashboard-login${suffix}.png` });
  await page.fill("#name", process.env.SUARA_USER);
  await page.fill("#password", process.env.SUARA_PASSWORD);
  await Promise.all([page.waitForNavigation(), page.click("button[type=submit]")]);
  for (const [name, path] of pages) {
    await page.goto(base + path);
    await page.screenshot({ path: `${out}/dashboard-${name}${suffix}.png`, fullPage: true });
  }
  await context.close();
}
await browser.close();
