import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTs,
  { ignores: [".next/**", ".cosmo/**", "node_modules/**", "lib/generated/**", "next-env.d.ts", "workers/**/*.py"] },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      // The env module is the one place that reads process.env.
      "no-restricted-properties": ["error", { object: "process", property: "env", message: "Use env from @/lib/env." }],
    },
  },
  { files: ["lib/env.ts", "*.config.*", "bin/**", "tests/**"], rules: { "no-restricted-properties": "off" } },
];

export default config;
