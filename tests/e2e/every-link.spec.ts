// Every role sees its own pages: starting from its dashboard, each demo role follows the links
// the portal shows it (link-walk.ts: GET only, every page below 400, no browser error, no
// sideways scroll), on a phone's width, so the walk covers every kind of page and pages of RFPs
// in different states. The demo data holds no evaluator who has not declared at an opened RFP
// (both evaluators have declared wherever bids are opened): that waiting state is walked by
// evaluation.spec.ts right after it opens RIV-2026-019, before anyone declares.
import { expect, test } from "@playwright/test";
import { signIn } from "./fixtures";
import { walkLinks } from "./link-walk";

const PHONE = { width: 390, height: 844 };

test.describe("every link each role is shown", () => {
  test.use({ viewport: PHONE });
  for (const email of ["buyer@demo.pareto", "evaluator@demo.pareto", "evaluator2@demo.pareto", "admin@demo.pareto", "vendor1@demo.pareto", "vendor3@demo.pareto"]) {
    test(`as ${email}: answers, renders without a browser error and fits a phone's width`, async ({ page }) => {
      test.setTimeout(180_000);
      await signIn(page, email);
      const { visited, problems } = await walkLinks(page);
      expect(visited).toBeGreaterThan(email.startsWith("vendor") ? 5 : 10);
      expect(problems).toEqual([]);
    });
  }
});
