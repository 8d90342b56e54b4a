// Server-only modules (`*.server`) are empty in the browser's bundle: the compiler leaves their
// imports undefined there. A value from one rendered by a component is therefore text the server
// renders and the browser does not: React's hydration error #418, and the text gone once the page
// runs its script (a scoring queue once lost its "declarations are locked" note that way). This
// reads every route and component and refuses a server-only value used where the browser runs:
// components (PascalCase functions, the default export), `meta`, `links`, `handle`,
// `shouldRevalidate`.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const BROWSER_EXPORTS = new Set(["meta", "links", "handle", "shouldRevalidate"]);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith(".tsx") && !entry.name.includes(".server.") ? [path] : [];
  });
}

/** `name (used in Component)` for every server-only value a browser-side part of the file uses. */
function serverValuesInBrowserCode(fileName: string, text: string): string[] {
  const file = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const serverValues = new Set<string>();
  for (const statement of file.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    if (!/\.server($|\/)/.test(statement.moduleSpecifier.text) || statement.importClause?.isTypeOnly) continue;
    const bindings = statement.importClause?.namedBindings;
    if (bindings && ts.isNamedImports(bindings)) for (const element of bindings.elements) if (!element.isTypeOnly) serverValues.add(element.name.text);
    if (statement.importClause?.name) serverValues.add(statement.importClause.name.text);
  }
  if (serverValues.size === 0) return [];

  const browserParts: { name: string; node: ts.Node }[] = [];
  // Components are PascalCase; an ALL_CAPS constant is not one.
  const isBrowserName = (name: string) => /^[A-Z](?=.*[a-z])/.test(name) || BROWSER_EXPORTS.has(name);
  for (const statement of file.statements) {
    if (ts.isFunctionDeclaration(statement)) {
      const isDefault = statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword) ?? false;
      const name = statement.name?.text ?? "default";
      if (isDefault || isBrowserName(name)) browserParts.push({ name, node: statement });
    } else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (ts.isIdentifier(declaration.name) && declaration.initializer && isBrowserName(declaration.name.text)) browserParts.push({ name: declaration.name.text, node: declaration.initializer });
      }
    } else if (ts.isExportAssignment(statement)) {
      browserParts.push({ name: "default", node: statement.expression });
    }
  }
  const found = new Set<string>();
  for (const part of browserParts) {
    const visit = (node: ts.Node): void => {
      if (ts.isIdentifier(node) && serverValues.has(node.text) && !(ts.isPropertyAccessExpression(node.parent) && node.parent.name === node)) found.add(`${node.text} (used in ${part.name})`);
      ts.forEachChild(node, visit);
    };
    visit(part.node);
  }
  return [...found];
}

describe("server-only values in browser code", () => {
  it("finds a server-only constant rendered by a component, and not one used by the loader only", () => {
    const text = `
      import { json } from "@remix-run/node";
      import { NOTE, readQueue } from "~/services/queue.server";
      import type { Queue } from "~/services/types.server";
      export async function loader() { return json({ queue: await readQueue(), note: NOTE }); }
      export default function Page() { return <p>{NOTE}</p>; }
      function Row({ queue }: { queue: Queue }) { return <td>{queue.name}</td>; }
      export const meta = () => [{ title: NOTE }];
    `;
    expect(serverValuesInBrowserCode("page.tsx", text)).toEqual(["NOTE (used in Page)", "NOTE (used in meta)"]);
  });

  it("has none in the portal's routes and components", () => {
    const problems = [...sources("app/routes"), ...sources("app/components")].flatMap((path) => serverValuesInBrowserCode(path, readFileSync(path, "utf8")).map((p) => `${path}: ${p}`));
    expect(problems).toEqual([]);
  });
});
