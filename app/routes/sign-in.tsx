import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FormErrors, TextField } from "~/components/forms";
import { safeRedirect, signInSchema } from "~/domain/accounts";
import { runtime } from "~/runtime.server";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "~/services/seed-demo.server";
import { signIn } from "~/services/sign-in.server";
import { replyWithDomainError } from "~/web/forms.server";
import { requestMeta } from "~/web/request.server";
import { commitSessionToken, getAccount, readSessionToken } from "~/web/session.server";
import { readFormData } from "~/web/input.server";

export const meta: MetaFunction = () => [{ title: "Sign in · Pareto" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const redirectTo = safeRedirect(new URL(request.url).searchParams.get("redirectTo"));
  if (await getAccount(request, context)) throw redirect(redirectTo);
  const { config } = await runtime();
  return json({ redirectTo, demo: config.embedded ? { accounts: DEMO_ACCOUNTS, password: DEMO_PASSWORD } : null });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readFormData(request);
  const submission = parseWithZod(formData, { schema: signInSchema });
  if (submission.status !== "success") {
    return json(submission.reply({ hideFields: ["password"] }), { status: 400 });
  }
  const { database } = await runtime();
  try {
    const { token } = await signIn(database.db, submission.value, requestMeta(request, context), await readSessionToken(request));
    return redirect(safeRedirect(submission.value.redirectTo), { headers: { "Set-Cookie": await commitSessionToken(token) } });
  } catch (error) {
    return replyWithDomainError(submission, error, ["password"]);
  }
}

export default function SignIn() {
  const { redirectTo, demo } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: signInSchema }),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    defaultValue: { redirectTo },
  });
  return (
    <section className="panel panel--narrow" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">Sign in</h1>
      <Form method="post" {...getFormProps(form)}>
        <FormErrors errors={form.errors} id={form.errorId} />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <TextField label="Email" meta={fields.email} type="email" autoComplete="username" />
        <TextField label="Password" meta={fields.password} type="password" autoComplete="current-password" />
        <button type="submit" className="button" disabled={navigation.state === "submitting"}>
          Sign in
        </button>
      </Form>
      <p className="hint" style={{ marginTop: "1rem" }}>
        A vendor without an account?{" "}
        <Link to={redirectTo === "/dashboard" ? "/register" : `/register?${new URLSearchParams({ redirectTo })}`}>Register your organisation</Link>.
      </p>
      {demo ? (
        <div className="notice">
          <strong>Demo mode.</strong> Every demo account's password is <code>{demo.password}</code>:{" "}
          {demo.accounts.map((a) => `${a.email} (${a.role})`).join(", ")}.
        </div>
      ) : null}
    </section>
  );
}
