// `npm run build` (and `npm start` when the build is stale): the Remix build (build/index.js,
// public/build/), then the worker threads' scripts beside build/index.js, where the server loads
// them (app/exports/workers.server.ts). Remix bundles only build/index.js, and a Worker needs a
// file of its own; esbuild bundles each worker with the app code it imports, packages left to
// node_modules as in build/index.js, so build/ runs without app/ or tsx (decision 017).
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

/** The worker scripts under app/exports/, written under the same names into build/. */
export const WORKERS = ["workbook.worker.js", "award-pack.worker.js"];

/** Bundles the workers into `outdir` (build/ by default). */
export async function buildWorkers(outdir = path.join(root, "build")) {
  // esbuild comes with the build tools (a devDependency, as @remix-run/dev is).
  const { build } = await import("esbuild");
  const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
  await build({
    absWorkingDir: root,
    entryPoints: WORKERS.map((name) => path.join(root, "app", "exports", name)),
    outdir,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    // Every package stays external, as Remix keeps them (remix.config.js). Listed by name: esbuild's
    // `packages: "external"` would also take the "~/…" path alias for a package.
    external: [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})],
    define: { "globalThis.PARETO_WORKER_BUNDLED": "true" },
    logLevel: "warning",
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // The classic compiler loads Vite's CommonJS entry, which prints a deprecation notice that
  // concerns Vite's own users, not this build.
  const env = { ...process.env, VITE_CJS_IGNORE_WARNING: "true" };
  // Its error output is passed on whole, except that after a good build the Go trace of the
  // compiler's esbuild service dying as the compiler exits ("all goroutines are asleep -
  // deadlock!", esbuild 0.17) is said in one line: the build is complete, and a new user's
  // `npm start` should not open with a stack trace.
  const remix = spawnSync(process.execPath, [path.join(root, "node_modules", "@remix-run", "dev", "dist", "cli.js"), "build"], { stdio: ["inherit", "inherit", "pipe"], env, cwd: root, encoding: "utf8" });
  const errors = remix.stderr ?? "";
  const trace = errors.indexOf("fatal error: all goroutines are asleep - deadlock!");
  if (remix.status === 0 && trace >= 0) {
    process.stderr.write(errors.slice(0, trace));
    console.log("(esbuild's service stopped with a Go trace after the build finished; the build is complete)");
  } else {
    process.stderr.write(errors);
  }
  if (remix.status !== 0) process.exit(remix.status ?? 1);
  const started = performance.now();
  await buildWorkers();
  console.log(`Built the workers (${WORKERS.join(", ")}) into build/ in ${Math.round(performance.now() - started)}ms`);
}
