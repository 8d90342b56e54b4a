// The account forms' schemas: one zod schema per form, shared by the route, the API,
// the CLI and the tests.
import { z } from "zod";
import { BUYER_SIDE_ROLES } from "./permissions";

const email = z
  .string({ message: "Enter your email address" })
  .trim()
  .min(1, "Enter your email address")
  .max(254, "An email address has at most 254 characters")
  .pipe(z.email({ message: "Enter an email address like name@example.org" }))
  .transform((value) => value.toLowerCase());

export const newPassword = z
  .string({ message: "Choose a password" })
  .min(10, "Use at least 10 characters for the password")
  .max(200, "Use at most 200 characters for the password");

const personName = z
  .string({ message: "Enter your name" })
  .trim()
  .min(1, "Enter your name")
  .max(120, "A name has at most 120 characters");

const organisationName = z
  .string({ message: "Enter the organisation's name" })
  .trim()
  .min(2, "Enter the organisation's name")
  .max(160, "An organisation's name has at most 160 characters");

export const signInSchema = z.object({
  email,
  password: z.string({ message: "Enter your password" }).min(1, "Enter your password").max(200, "Passwords have at most 200 characters"),
  redirectTo: z.string().optional(),
});
export type SignInInput = z.infer<typeof signInSchema>;

export const vendorRegistrationSchema = z
  .object({
    organisationName,
    name: personName,
    email,
    password: newPassword,
    confirmPassword: z.string({ message: "Repeat the password" }),
  })
  .superRefine((value, ctx) => {
    if (value.password !== value.confirmPassword) {
      ctx.addIssue({ code: "custom", path: ["confirmPassword"], message: "The two passwords differ" });
    }
  });
export type VendorRegistrationInput = z.infer<typeof vendorRegistrationSchema>;

export const createUserSchema = z.object({
  name: personName,
  email,
  password: newPassword,
  role: z.enum(BUYER_SIDE_ROLES, { message: "Choose buyer, evaluator or admin" }),
  organisationId: z.uuid({ message: "Choose the organisation" }),
});
export type CreateUserInput = z.infer<typeof createUserSchema>;

// Checked after URL parsing: see redirects.ts.
export { safeRedirect } from "./redirects";
