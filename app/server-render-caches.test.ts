// The patched dependencies (patches/, decision 014) keep what a document render builds from the
// build alone: Remix's entry route modules per route manifest, and React Router's data routes per
// routes array. These caches must give the same routes for the same input and fresh ones for another.
import { createEntryRouteModules } from "@remix-run/server-runtime/dist/entry.js";
import { createStaticHandler, createStaticRouter } from "react-router-dom/server";
import { describe, expect, it } from "vitest";

const routesOf = () => [{ id: "root", path: "/", children: [{ id: "routes/a", path: "a" }, { id: "routes/b", index: true }] }];

async function contextFor(routes: ReturnType<typeof routesOf>, url: string) {
  const context = await createStaticHandler(routes).query(new Request(url));
  if (context instanceof Response) throw new Error("expected a context");
  return context;
}

describe("render caches in the patched dependencies", () => {
  it("React Router converts one routes array once, and matches each request against those routes", async () => {
    const routes = routesOf();
    const first = createStaticRouter(routes, await contextFor(routes, "http://x/a"));
    const second = createStaticRouter(routes, await contextFor(routes, "http://x/"));
    expect(second.routes).toBe(first.routes);
    expect(first.state.matches.map((m) => m.route.id)).toEqual(["root", "routes/a"]);
    expect(second.state.matches.map((m) => m.route.id)).toEqual(["root", "routes/b"]);
    // Each match's route is the converted one, as without the cache.
    expect(second.state.matches[1]!.route).toBe(first.routes[0]!.children![1]);
    const other = routesOf();
    expect(createStaticRouter(other, await contextFor(other, "http://x/a")).routes).not.toBe(first.routes);
  });

  it("Remix maps a build's route modules once per route manifest", () => {
    const module = { default: () => null };
    const manifest = { root: { id: "root", path: "", module } } as unknown as Parameters<typeof createEntryRouteModules>[0];
    const modules = createEntryRouteModules(manifest);
    expect(modules).toEqual({ root: module });
    expect(createEntryRouteModules(manifest)).toBe(modules);
    expect(createEntryRouteModules({ ...manifest })).not.toBe(modules);
  });
});
