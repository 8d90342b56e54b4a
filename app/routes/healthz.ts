import { json } from "@remix-run/node";
import { runtime } from "~/runtime.server";

export async function loader() {
  const { database } = await runtime();
  const up = await database.ping(2_000);
  return json(
    { status: up ? "ok" : "unavailable", database: up ? "up" : "down", time: new Date().toISOString() },
    { status: up ? 200 : 503, headers: { "Cache-Control": "no-store" } },
  );
}
