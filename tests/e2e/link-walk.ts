// Following the links a signed-in person is shown (GET only: no form is submitted, no file is
// downloaded). Every page a link leads to must answer below 400, report no error in the browser,
// and fit the screen without sideways scrolling. A link is followed at most three times per page
// kind (its address with ids and the query left out), so a walk covers every kind of page in a
// bounded time. Used by every-link.spec.ts (each demo role from its dashboard) and by specs
// that walk one RFP in a state the demo data does not hold (evaluation.spec.ts: an evaluator who
// has not declared yet, right after an opening).
import { expect, type Page } from "@playwright/test";
import { pageErrors } from "./fixtures";

/** Links to files and exports (they download, they do not render a page). */
const NOT_A_PAGE = /\.(xlsx|pdf|json|zip|csv)(\?|$)|\/pack\/|\/template|\/snapshots\//;
const PER_KIND = 3;

/** The kind of page an address is: ids (uuids, invitation tokens, numbers) and the query left out. */
export function kindOf(path: string): string {
  return path
    .split("?")[0]!
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, ":id")
    .replace(/\/invitations\/[^/]+/, "/invitations/:token")
    .replace(/\/\d+(?=\/|$)/g, "/:n");
}

/**
 * Walks from `start` (the dashboard unless told), following only links whose address starts
 * with `within` (every link unless told), at most `limit` pages; the problems found, as lines.
 */
export async function walkLinks(page: Page, options: { start?: string; within?: string; limit?: number } = {}): Promise<{ visited: number; problems: string[]; paths: string[] }> {
  const { start = "/dashboard", within = "/", limit = 90 } = options;
  const errors = pageErrors(page);
  const problems: string[] = [];
  const seen = new Set<string>([start]);
  const perKind = new Map<string, number>();
  const queue: { path: string; from: string }[] = [{ path: start, from: "the start" }];
  const paths: string[] = [];
  while (queue.length > 0 && paths.length < limit) {
    const { path, from } = queue.shift()!;
    paths.push(path);
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
      if (!target || target.startsWith("//") || !target.startsWith(within) || NOT_A_PAGE.test(target) || seen.has(target)) continue;
      const kind = kindOf(target);
      if ((perKind.get(kind) ?? 0) >= PER_KIND) continue;
      perKind.set(kind, (perKind.get(kind) ?? 0) + 1);
      seen.add(target);
      queue.push({ path: target, from: path });
    }
  }
  return { visited: paths.length, problems, paths };
}
