// Bundles the page into OUT (default dist/): app.js (TypeScript + Plotly.js), index.html,
// style.css. No network at run time: everything the page loads comes from the server.
import { build } from "esbuild";
import { copyFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = process.argv[2] ?? join(here, "dist");
mkdirSync(out, { recursive: true });
await build({
  entryPoints: [join(here, "src/main.ts")],
  bundle: true,
  minify: true,
  format: "iife",
  target: "es2020",
  outfile: join(out, "app.js"),
  legalComments: "eof",
  logLevel: "warning",
});
for (const file of ["index.html", "style.css"]) copyFileSync(join(here, file), join(out, file));
console.error(`web: built ${out}`);
