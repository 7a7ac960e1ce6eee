// Bundles the page into OUT (default dist/). No network at run time: everything the page
// loads comes from the server.
//   app.<hash>.js    TypeScript + a partial Plotly (plotly.js/lib/core: the scatter trace only)
//   style.<hash>.css
//   index.html       names the two hashed files; never cached by name (docs/api.md)
// Each file also gets precompressed siblings, NAME.gz (gzip -9) and NAME.br (brotli), for
// a server that answers Accept-Encoding with them. <hash> is the first 10 hex digits of
// the SHA-256 of the file's content, so a hashed name may be cached forever.
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const here = dirname(fileURLToPath(import.meta.url));
const out = process.argv[2] ?? join(here, "dist");
mkdirSync(out, { recursive: true });

// Old bundles and their siblings: only this build's files stay.
for (const name of readdirSync(out)) {
  if (/^(app|style)\.[0-9a-f]{10}\.(js|css)(\.gz|\.br)?$/.test(name) ||
      /^(app\.js|style\.css|index\.html)(\.gz|\.br)?$/.test(name)) {
    rmSync(join(out, name));
  }
}

const bundle = await build({
  entryPoints: [join(here, "src/main.ts")],
  bundle: true,
  minify: true,
  format: "iife",
  target: "es2020",
  write: false,
  outdir: out,
  // Map traces import their CSS; the page uses none of them.
  loader: { ".css": "empty" },
  legalComments: "eof",
  logLevel: "warning",
  // Plotly's sources test `process.env.NODE_ENV` and `global` in a few places.
  define: { "process.env.NODE_ENV": '"production"', global: "window" },
});

const hashed = (stem, ext, bytes) =>
  `${stem}.${createHash("sha256").update(bytes).digest("hex").slice(0, 10)}.${ext}`;

function emit(name, bytes) {
  writeFileSync(join(out, name), bytes);
  writeFileSync(join(out, name + ".gz"), gzipSync(bytes, { level: 9 }));
  writeFileSync(join(out, name + ".br"), brotliCompressSync(bytes, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
  }));
  return name;
}

const js = Buffer.from(bundle.outputFiles[0].contents);
const css = readFileSync(join(here, "style.css"));
const jsName = emit(hashed("app", "js", js), js);
const cssName = emit(hashed("style", "css", css), css);
const html = readFileSync(join(here, "index.html"), "utf8")
  .replace('href="style.css"', `href="${cssName}"`)
  .replace('src="app.js"', `src="${jsName}"`);
if (!html.includes(jsName) || !html.includes(cssName)) {
  throw new Error("index.html must load style.css and app.js by those names");
}
emit("index.html", Buffer.from(html));
const kb = (n) => `${(n / 1024).toFixed(0)} kB`;
console.error(`web: built ${out}: ${jsName} ${kb(js.length)} (gzip ${kb(gzipSync(js, { level: 9 }).length)}), ${cssName}`);
