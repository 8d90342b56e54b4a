// Every role sees its own pages: starting from its dashboard, each demo role follows the links
// the portal shows it (GET only: no form is submitted, no file is downloaded), on a phone's
// width. Every page a link leads to must answer below 400, report no error in the browser, and
// fit the screen without sideways scrolling. A link is followed at most three times per page
// kind (its address with ids and the query left out), so the walk covers every kind of page,
// and pages of RFPs in different states, in a bounded time.
import { expect, test, type Page } from "@playwright/test";
import { pageErrors, signIn } from "./fixtures";

const PHONE = { width: 390, height: 844 };
/** Links to files and exports (they download, they do not render a page). */
const NOT_A_PAGE = /\.(xlsx|pdf|json|zip|csv)(\?|$)|\/pack\/|\/template|\/snapshots\//;
const PER_KIND = 3;
const PER_ROLE = 90;

/** The kind of page an address is: ids (uuids, invitation tokens, numbers) and the query left out. */
function kindOf(path: string): string {
  return path
    .split("?")[0]!
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, ":id")
    .replace(/\/invitations\/[^/]+/, "/invitations/:token")
    .replace(/\/\d+(?=\/|$)/g, "/:n");
}

async function walk(page: Page): Promise<{ visited: number; problems: string[] }> {
  const errors = pageErrors(page);
  const problems: string[] = [];
  const seen = new Set<string>(["/dashboard"]);
  const perKind = new Map<string, number>();
  const queue: { path: string; from: string }[] = [{ path: "/dashboard", from: "sign-in" }];
  let visited = 0;
  while (queue.length > 0 && visited < PER_ROLE) {
    const { path, from } = queue.shift()!;
    visited++;
    errors.length = 0;
    const response = await page.goto(path);
    const status = response?.status() ?? 0;
    if (status >= 400) {
      problems.push(`${status} ${path} (linked from ${from})`);
      continue;
    }
    await expect(page.locator("html[data-hydrated=true]")).toBeAttached();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    if (overflow > 0) problems.push(`${overflow} px sideways scroll on ${path}`);
    for (const error of errors) problems.push(`browser error on ${path}: ${error}`);
    const links = await page.locator("a[href^='/']").evaluateAll((anchors) => anchors.map((a) => a.getAttribute("href")!));
    for (const href of links) {
      const target = href.split("#")[0]!;
      if (!target || target.startsWith("//") || NOT_A_PAGE.test(target) || seen.has(target)) continue;
      const kind = kindOf(target);
      if ((perKind.get(kind) ?? 0) >= PER_KIND) continue;
      perKind.set(kind, (perKind.get(kind) ?? 0) + 1);
      seen.add(target);
      queue.push({ path: target, from: path });
    }
  }
  return { visited, problems };
}

test.describe("every link each role is shown", () => {
  test.use({ viewport: PHONE });
  for (const email of ["buyer@demo.pareto", "evaluator@demo.pareto", "admin@demo.pareto", "vendor1@demo.pareto", "vendor3@demo.pareto"]) {
    test(`as ${email}: answers, renders without a browser error and fits a phone's width`, async ({ page }) => {
      test.setTimeout(180_000);
      await signIn(page, email);
      const { visited, problems } = await walk(page);
      expect(visited).toBeGreaterThan(email.startsWith("vendor") ? 5 : 10);
      expect(problems).toEqual([]);
    });
  }
});
