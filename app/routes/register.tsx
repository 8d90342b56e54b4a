import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FormErrors, TextField } from "~/components/forms";
import { safeRedirect, vendorRegistrationSchema } from "~/domain/accounts";
import { runtime } from "~/runtime.server";
import { registerVendor } from "~/services/accounts.server";
import { signIn } from "~/services/sign-in.server";
import { replyWithDomainError } from "~/web/forms.server";
import { requestMeta } from "~/web/request.server";
import { commitSessionToken, getAccount, readSessionToken } from "~/web/session.server";
import { readFormData } from "~/web/input.server";

export const meta: MetaFunction = () => [{ title: "Register as a vendor · Pareto" }];

const HIDDEN = ["password", "confirmPassword"];

export async function loader({ request, context }: LoaderFunctionArgs) {
  // Where to go once registered, e.g. back to the invitation link that sent the vendor here.
  const redirectTo = safeRedirect(new URL(request.url).searchParams.get("redirectTo"));
  if (await getAccount(request, context)) throw redirect(redirectTo);
  return json({ redirectTo });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readFormData(request);
  const submission = parseWithZod(formData, { schema: vendorRegistrationSchema });
  if (submission.status !== "success") {
    return json(submission.reply({ hideFields: HIDDEN }), { status: 400 });
  }
  const { database } = await runtime();
  const meta = requestMeta(request, context);
  try {
    await registerVendor(database.db, submission.value, meta);
  } catch (error) {
    return replyWithDomainError(submission, error, HIDDEN);
  }
  const { token } = await signIn(database.db, { email: submission.value.email, password: submission.value.password }, meta, await readSessionToken(request));
  const redirectTo = formData.get("redirectTo");
  return redirect(safeRedirect(typeof redirectTo === "string" ? redirectTo : null), { headers: { "Set-Cookie": await commitSessionToken(token) } });
}

export default function Register() {
  const { redirectTo } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: vendorRegistrationSchema }),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
  return (
    <section className="panel panel--narrow" aria-labelledby="register-title">
      <h1 id="register-title">Register your organisation as a vendor</h1>
      <p className="muted">
        Vendors see the RFPs they are invited to and the public ones, ask questions, and submit sealed three-bundle bids.
        Buyer, evaluator and administrator accounts are created by your organisation's administrator.
      </p>
      <Form method="post" {...getFormProps(form)}>
        <FormErrors errors={form.errors} id={form.errorId} />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <TextField label="Organisation name" meta={fields.organisationName} autoComplete="organization" />
        <TextField label="Your name" meta={fields.name} autoComplete="name" />
        <TextField label="Email" meta={fields.email} type="email" autoComplete="email" />
        <TextField label="Password" meta={fields.password} type="password" autoComplete="new-password" hint="At least 10 characters." />
        <TextField label="Repeat the password" meta={fields.confirmPassword} type="password" autoComplete="new-password" />
        <button type="submit" className="button" disabled={navigation.state === "submitting"}>
          Create vendor account
        </button>
      </Form>
      <p className="hint" style={{ marginTop: "1rem" }}>
        Already registered? <Link to={redirectTo === "/dashboard" ? "/sign-in" : `/sign-in?${new URLSearchParams({ redirectTo })}`}>Sign in</Link>.
      </p>
    </section>
  );
}
