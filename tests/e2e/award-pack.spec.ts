// The award pack of the demo evaluation (RIV-2026-017): the buyer opens the Award pack tab,
// downloads the whole pack as one .zip and the workbook on its own, and reads them back (the
// workbook's cached totals, the report's text); an evaluator downloads the report. The tab at
// 1280 and 390 px width.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { gotoHydrated, signIn } from "./fixtures";

const REFERENCE = "RIV-2026-017";

async function openPackTab(page: Page): Promise<void> {
  await gotoHydrated(page, "/rfps");
  await page.getByRole("row", { name: new RegExp(REFERENCE) }).getByRole("link").first().click();
  await expect(page).toHaveURL(/\/rfps\/[0-9a-f-]{36}$/);
  await page.getByRole("navigation", { name: "RFP sections" }).getByRole("link", { name: "Award pack" }).click();
  await expect(page.getByRole("heading", { name: "Award pack", level: 2 })).toBeVisible();
}

async function download(page: Page, link: string): Promise<Buffer> {
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: link }).click()]);
  const path = test.info().outputPath(file.suggestedFilename());
  await file.saveAs(path);
  const { readFileSync } = await import("node:fs");
  return readFileSync(path);
}

function pdfText(bytes: Buffer): string {
  const path = test.info().outputPath(`read-${Date.now()}.pdf`);
  writeFileSync(path, bytes);
  return execFileSync("pdftotext", ["-enc", "UTF-8", path, "-"], { encoding: "utf8" });
}

test("the buyer downloads the award pack as one zip and the workbook on its own", async ({ page }) => {
  await signIn(page, "buyer@demo.pareto");
  await openPackTab(page);
  const hash = (await page.locator(".snapshot-line .hash").textContent())!.trim();
  expect(hash).toMatch(/^[0-9a-f]{64}$/);
  await page.screenshot({ path: test.info().outputPath("award-pack-1280.png"), fullPage: true });

  const zip = await JSZip.loadAsync(await download(page, "Download the whole pack (.zip)"));
  const names = Object.keys(zip.files);
  expect(names).toEqual(expect.arrayContaining([`${REFERENCE}-award-workbook.xlsx`, `${REFERENCE}-award-report.pdf`, `${REFERENCE}-ocds-release-package.json`, "MANIFEST.txt"]));
  expect(await zip.file("MANIFEST.txt")!.async("string")).toContain(hash);
  const report = pdfText(Buffer.from(await zip.file(`${REFERENCE}-award-report.pdf`)!.async("uint8array")));
  expect(report).toContain("Award report");
  expect(report).toContain(hash);
  const ocds = JSON.parse(await zip.file(`${REFERENCE}-ocds-release-package.json`)!.async("string"));
  expect(ocds.releases[0].ocid).toMatch(/^ocds-/);

  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await download(page, "Award workbook (.xlsx)")) as unknown as ExcelJS.Buffer);
  const ranking = workbook.getWorksheet("Ranking")!;
  const first = ranking.getRow(2);
  expect((first.getCell(1).value as ExcelJS.CellFormulaValue).result).toBe(1);
  const total = (first.getCell(6).value as ExcelJS.CellFormulaValue).result as number;
  expect(total).toBeGreaterThan(0);
  expect(report).toContain(total.toFixed(2));
});

test("an evaluator downloads the award report; the tab fits a phone", async ({ page }) => {
  await signIn(page, "evaluator@demo.pareto");
  await openPackTab(page);
  const report = pdfText(await download(page, "Award report (.pdf)"));
  expect(report).toContain("Ranking");
  expect(report).not.toMatch(/reservation price|BATNA/i);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: test.info().outputPath("award-pack-390.png"), fullPage: true });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});
