// The built server for the page benchmarks (bench:results, bench:hostile): a free port, the
// server started on a fresh embedded database, stopped with SIGTERM; signing in as a demo user.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const address = s.address();
      const port = typeof address === "object" && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export interface Server {
  base: string;
  pid: number | null;
  child: ChildProcess | null;
  output: string[];
}

export async function startServer(dataDir: string): Promise<Server> {
  if (!existsSync("build/index.js") || !existsSync("server.js")) throw new Error("No build here: run `npm run build` first (the benchmark serves ./build with ./server.js).");
  const port = await freePort();
  const output: string[] = [];
  const child = spawn(process.execPath, ["server.js"], {
    env: { ...process.env, NODE_ENV: "production", PORT: String(port), PARETO_DATA_DIR: dataDir, DATABASE_URL: "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (d: Buffer) => output.push(d.toString()));
  child.stderr?.on("data", (d: Buffer) => output.push(d.toString()));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}):\n${output.join("")}`);
    try {
      if ((await fetch(`${base}/healthz`)).ok) return { base, pid: child.pid ?? null, child, output };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  child.kill("SIGTERM");
  throw new Error(`the server did not answer /healthz within 180 s:\n${output.join("")}`);
}

export async function stopServer(server: Server): Promise<void> {
  const child = server.child;
  if (!child || child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timeout = new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), 15_000));
  if ((await Promise.race([exited, timeout])) === "timeout") {
    child.kill("SIGKILL");
    await exited;
  }
}

/** Signs in through the form as a demo user; returns the session cookie. */
export async function signInAs(base: string, email: string, password: string, redirectTo: string): Promise<string> {
  const body = new URLSearchParams({ email, password, redirectTo });
  const res = await fetch(`${base}/sign-in`, { method: "POST", body, redirect: "manual", headers: { origin: base, "content-type": "application/x-www-form-urlencoded" } });
  const cookies = res.headers.getSetCookie().map((c) => c.split(";")[0]!).filter(Boolean);
  if (res.status !== 302 || cookies.length === 0) throw new Error(`sign-in as ${email} failed: HTTP ${res.status}`);
  return cookies.join("; ");
}
