import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["build/**", "public/build/**", ".cache/**", ".data/**", "node_modules/**", "test-results/**", "playwright-report/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // Migrations are written against Kysely<any>: they must not change when the types do.
    files: ["migrations/**/*.ts", "db/migrate.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    // app/domain is pure: the evaluation engine and rules import nothing with I/O.
    files: ["app/domain/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["node:*", "fs", "path", "crypto", "os"], message: "app/domain is pure: no Node imports." },
            { group: ["@remix-run/*", "react", "react-dom", "kysely", "pg", "@electric-sql/*"], message: "app/domain is pure: no framework or database imports." },
            { group: ["~/services/*", "~/routes/*", "../services/*", "../../db/*", "../db/*"], message: "app/domain must not depend on outer layers." },
          ],
        },
      ],
    },
  },
);
