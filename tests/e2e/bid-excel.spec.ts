// "Work offline in Excel" end to end (issue #5): a vendor downloads the bid template, fills it
// in (here with exceljs, as Excel would), uploads it and finds the values in the grid; a bad
// file is refused with every problem by cell and nothing is imported.
// vendor2 bids here, so the grid tests of vendor1 (bids.spec.ts) start from their own draft.
import ExcelJS from "exceljs";
import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { gotoHydrated, signIn } from "./fixtures";

const TITLE = "Street furniture and signage repairs (City of Riverton)";

async function openExcelPage(page: Page): Promise<string> {
  await gotoHydrated(page, "/opportunities");
  await page.getByRole("link", { name: TITLE }).first().click();
  await expect(page).toHaveURL(/\/opportunities\/[0-9a-f-]{36}$/);
  const bidPath = `${new URL(page.url()).pathname}/bid`;
  await gotoHydrated(page, `${bidPath}/upload`);
  await expect(page.getByRole("heading", { level: 2, name: "Work offline in Excel" })).toBeVisible();
  return bidPath;
}

/** The row of a sheet whose column `column` starts with `label` (after row `after`). */
function rowOf(sheet: ExcelJS.Worksheet, label: string, column = 1, after = 0): number {
  let found = 0;
  sheet.eachRow((row, n) => {
    if (!found && n > after && String(row.getCell(column).value ?? "").startsWith(label)) found = n;
  });
  if (!found) throw new Error(`no row "${label}" in ${sheet.name}`);
  return found;
}

async function upload(page: Page, file: { name: string; mimeType: string; buffer: Buffer }) {
  await page.getByLabel("Filled Excel template").setInputFiles(file);
  await page.getByRole("button", { name: "Upload and import" }).click();
}

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

test("a vendor downloads the Excel template, fills it in and imports it; bad files are refused by cell", async ({ page }, testInfo) => {
  test.setTimeout(60_000);
  await signIn(page, "vendor2@demo.pareto");
  const bidPath = await openExcelPage(page);

  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download the Excel template" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe("RIV-2026-024-bid.xlsx");
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await readFile(await download.path())) as unknown as ExcelJS.Buffer);
  const bundles = workbook.getWorksheet("Bundles")!;
  const issues = ["Monthly fee", "Mobilisation fee", "Contract term", "Rollout", "Emergency response", "Local hiring", "Scheduling", "Staffing plan"];
  for (const issue of issues) expect(rowOf(bundles, issue)).toBeGreaterThan(5);
  expect(bundles.getCell(5, 3).value).toBe("Bundle A – Cost-optimised");

  // A vendor's filled template: prices in major units, an option by its label, SLA targets.
  const fee = rowOf(bundles, "Monthly fee");
  bundles.getCell(fee, 3).value = 12345.67;
  bundles.getCell(fee, 4).value = 11000;
  bundles.getCell(fee, 5).value = 13250.5;
  bundles.getCell(rowOf(bundles, "Scheduling"), 3).value = "fixed year-round rota";
  bundles.getCell(rowOf(bundles, "Staffing plan"), 3).value = "Three crews, one on standby.";
  const slas = workbook.getWorksheet("SLAs")!;
  const complaintA = rowOf(slas, "complaint resolution time", 2);
  slas.getCell(complaintA, 7).value = 4;
  slas.getCell(complaintA, 8).value = 5;
  const filled = Buffer.from(await workbook.xlsx.writeBuffer());
  await testInfo.attach("filled-template.xlsx", { body: filled, contentType: XLSX });

  // First a broken copy: every problem listed by cell, and nothing imported.
  bundles.getCell(fee, 4).value = -5;
  bundles.getCell(rowOf(bundles, "Local hiring"), 5).value = "lots";
  const broken = Buffer.from(await workbook.xlsx.writeBuffer());
  await upload(page, { name: "broken-bid.xlsx", mimeType: XLSX, buffer: broken });
  const problems = page.getByRole("list", { name: "Problems in the uploaded file" });
  await expect(problems.getByRole("listitem")).toHaveText([
    `Bundles!D${fee}: Monthly fee for bundle B must not be negative`,
    `Bundles!E${rowOf(bundles, "Local hiring")}: Local hiring for bundle C must be a percentage from 0 to 100, e.g. 5`,
  ]);
  await expect(page.getByText("Nothing was saved: your draft is as it was.")).toBeVisible();
  await page.screenshot({ path: "test-results/bid-excel-problems.png" });

  // Not a workbook at all.
  await upload(page, { name: "bid.txt", mimeType: "text/plain", buffer: Buffer.from("Monthly fee;12345.67\n") });
  await expect(problems.getByRole("listitem")).toHaveText([/^This file is not an Excel workbook \(\.xlsx\)/]);

  // The valid file: imported, back on the grid with the values in their cells.
  await upload(page, { name: "bid.xlsx", mimeType: XLSX, buffer: filled });
  await expect(page).toHaveURL(new RegExp(`${bidPath}\\?done=imported&values=\\d+$`));
  await expect(page.locator("html[data-hydrated=true]")).toBeAttached();
  await expect(page.getByLabel("Bundle A — Monthly fee (EUR)")).toHaveValue("12345.67");
  await expect(page.getByLabel("Bundle B — Monthly fee (EUR)")).toHaveValue("11000.00");
  await expect(page.getByLabel("Bundle C — Monthly fee (EUR)")).toHaveValue("13250.50");
  await expect(page.getByLabel("Bundle A — Scheduling")).toHaveValue("fixed");
  await expect(page.getByLabel("Bundle A — Staffing plan")).toHaveValue("Three crews, one on standby.");
  await expect(page.getByLabel("Bundle A — complaint resolution time — Target")).toHaveValue("4");
});

test("an upload over the size limit is refused with a clear message", async ({ page }) => {
  await signIn(page, "vendor2@demo.pareto");
  await openExcelPage(page);
  // A ZIP signature, so only the size can be the reason for the refusal.
  const big = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(2 * 1024 * 1024 + 100_000, 1)]);
  await upload(page, { name: "huge.xlsx", mimeType: XLSX, buffer: big });
  await expect(page.getByRole("list", { name: "Problems in the uploaded file" })).toHaveText(/The file is larger than 2 MB/);
});
