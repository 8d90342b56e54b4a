import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { runtime } from "~/runtime.server";
import { signOut } from "~/services/sign-in.server";
import { requestMeta } from "~/web/request.server";
import { clearSessionCookie, readSessionToken } from "~/web/session.server";

export async function loader() {
  return redirect("/");
}

export async function action({ request, context }: ActionFunctionArgs) {
  const token = await readSessionToken(request);
  if (token) {
    const { database } = await runtime();
    await signOut(database.db, token, requestMeta(request, context));
  }
  return redirect("/", { headers: { "Set-Cookie": await clearSessionCookie() } });
}
