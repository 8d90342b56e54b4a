// Hostile uploads and oversized saves through the real HTTP server (issue #10, items 1 and 2):
// three zip bombs at once are refused with words and /healthz keeps answering; a bid save with
// 200,000 SLA rows is refused before it is read, one with 5,000 rows by the grid's caps; a
// chunked body (no Content-Length) past the ceiling is answered 413 too, not reset.
import { request as httpRequest } from "node:http";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { zipBomb } from "../support/zip-bomb";
import { DEMO_PASSWORD } from "./fixtures";

const VENDOR = "vendor4@demo.pareto";
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

async function signIn(request: APIRequestContext, baseURL: string) {
  // The sign-in form, posted as the browser does (same origin); the cookie stays in the context.
  const res = await request.post("/sign-in", { form: { email: VENDOR, password: DEMO_PASSWORD, redirectTo: "/opportunities" }, headers: { origin: baseURL }, maxRedirects: 0 });
  expect(res.status()).toBe(302);
}

async function opportunity(request: APIRequestContext): Promise<string> {
  const html = await (await request.get("/opportunities")).text();
  const m = /href="\/opportunities\/([0-9a-f-]{36})"/.exec(html);
  expect(m, "an opportunity is listed for the vendor").not.toBeNull();
  return m![1]!;
}

async function healthLatency(request: APIRequestContext): Promise<number> {
  const start = Date.now();
  const res = await request.get("/healthz");
  expect(res.ok()).toBe(true);
  return Date.now() - start;
}

test("three parallel zip-bomb uploads are refused with words and /healthz keeps answering", async ({ request, baseURL }) => {
  test.setTimeout(60_000);
  await signIn(request, baseURL!);
  const rfpId = await opportunity(request);
  const url = `/opportunities/${rfpId}/bid/upload?_data=${encodeURIComponent("routes/opportunities.$rfpId_.bid_.upload")}`;
  const upload = (bytes: Uint8Array) => request.post(url, { multipart: { workbook: { name: "bid.xlsx", mimeType: XLSX, buffer: Buffer.from(bytes) } }, headers: { origin: baseURL! } });

  for (const bomb of [zipBomb({ unpackedMb: 1536 }), zipBomb({ unpackedMb: 1536, lie: true })]) {
    expect(bomb.byteLength).toBeLessThan(2 * 1024 * 1024);
    let polling = true;
    const latencies: number[] = [];
    const poll = (async () => {
      while (polling) {
        latencies.push(await healthLatency(request));
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    const started = Date.now();
    const replies = await Promise.all([1, 2, 3].map(() => upload(bomb)));
    polling = false;
    await poll;
    expect(Date.now() - started).toBeLessThan(20_000);
    for (const reply of replies) {
      expect(reply.status()).toBe(413);
      const body = (await reply.json()) as { problems: { message: string }[] };
      expect(body.problems[0]!.message).toMatch(/unpacks to far more than any Pareto workbook/);
    }
    // The server is alive and not stalled.
    expect(await healthLatency(request)).toBeLessThan(2_000);
    expect(Math.max(...latencies)).toBeLessThan(3_000);
  }
});

test("a bid save with 5,000 or 200,000 extra SLA rows is refused quickly, and the bid page stays small", async ({ request, baseURL }) => {
  test.setTimeout(60_000);
  await signIn(request, baseURL!);
  const rfpId = await opportunity(request);
  const url = `/opportunities/${rfpId}/bid?_data=${encodeURIComponent("routes/opportunities.$rfpId_.bid")}`;
  for (const [rows, status, message] of [
    [5_000, 413, /A bundle has at most 60 SLAs/],
    [200_000, 413, /larger than 2 MB/],
  ] as const) {
    const form = new URLSearchParams({ intent: "save", expectedVersion: "1" });
    for (let r = 0; r < rows; r++) form.append(`bundles.0.slas.${r + 10}.metric`, `extra ${r}`);
    const started = Date.now();
    const res = await request.post(url, { data: form.toString(), headers: { origin: baseURL!, "content-type": "application/x-www-form-urlencoded" } });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(res.status()).toBe(status);
    expect(await res.text()).toMatch(message);
    expect(await healthLatency(request)).toBeLessThan(2_000);
  }
  const page = await request.get(`/opportunities/${rfpId}/bid`);
  expect(page.status()).toBe(200);
  expect((await page.body()).byteLength).toBeLessThan(2 * 1024 * 1024);
});

/** A form posted with Transfer-Encoding: chunked (no Content-Length), one chunk per part, a pause between them. */
function postChunked(baseURL: string, path: string, parts: Buffer[]): Promise<{ status: number; connection: string | undefined; location: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, baseURL);
    const req = httpRequest(url, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", "transfer-encoding": "chunked", origin: baseURL } });
    req.on("response", (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, location: res.headers.location, body }));
    });
    req.on("error", reject);
    (async () => {
      for (const part of parts) {
        if (req.destroyed) return;
        if (!req.write(part)) await new Promise((r) => req.once("drain", r));
        await new Promise((r) => setImmediate(r));
      }
      req.end();
    })().catch(reject);
  });
}

test("a chunked body past the ceiling is answered 413 with words, one within it reaches the page whole", async ({ baseURL }) => {
  // 3 MB in 48 chunks of 64 KB: no Content-Length to refuse it by, so it is counted as it arrives.
  const big = await postChunked(baseURL!, "/sign-in", Array.from({ length: 48 }, () => Buffer.alloc(64 * 1024, "a")));
  expect(big.status).toBe(413);
  expect(big.body).toBe("Refused: this form is larger than 2 MB. No bid or RFP needs that much; remove rows or pictures and send it again.");
  expect(big.connection).toBe("close");
  // A sign-in sent in small chunks arrives whole: the held-back body is handed on intact.
  const form = Buffer.from(new URLSearchParams({ email: VENDOR, password: DEMO_PASSWORD, redirectTo: "/opportunities" }).toString());
  const parts = [form.subarray(0, 7), form.subarray(7, 30), form.subarray(30)];
  const signIn = await postChunked(baseURL!, "/sign-in", parts);
  expect(signIn.status).toBe(302);
  expect(signIn.location).toBe("/opportunities");
});
