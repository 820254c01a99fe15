// Bundles the desk into one ES module plus its page and styles: `node build.mjs [outdir]` (default dist/).
// The gateway's build (FedBus.Gateway.csproj) runs it through `npm run build`; nothing is fetched at run time.
import { build } from 'esbuild';
import { copyFile, mkdir, rm } from 'node:fs/promises';
import { resolve } from 'node:path';

const out = resolve(process.argv[2] ?? process.env.DESK_OUT ?? 'dist');
await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
await build({
  entryPoints: ['src/main.ts'],
  bundle: true,
  format: 'esm',
  target: 'es2022',
  minify: true,
  sourcemap: true,
  outfile: `${out}/desk.js`,
  logLevel: 'warning',
});
await copyFile('index.html', `${out}/index.html`);
await copyFile('styles.css', `${out}/styles.css`);
console.log(`desk bundled into ${out}`);
