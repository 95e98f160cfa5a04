// Bundles the CLI into dist/bundle/ (one entry plus lazily loaded chunks): module loading is most of
// the start-up time, and a bundle loads in a fraction of it. Run after tsc (npm run build).
import { build } from 'esbuild';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';

// Chunk names carry content hashes: a stale chunk from an earlier build must not linger.
rmSync('dist/bundle', { recursive: true, force: true });
mkdirSync('dist/bundle/stubs', { recursive: true });
// Ink imports react-devtools-core only when DEV is set; the stub keeps it out of the bundle.
writeFileSync('dist/bundle/stubs/react-devtools-core.js', 'export default { initialize() {}, connectToDevTools() {} };\n');

await build({
  entryPoints: { cli: 'src/cli.tsx' },
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  jsx: 'automatic',
  minify: true,
  legalComments: 'none',
  // Loaded lazily by the cluster commands, and large: it stays in node_modules.
  external: ['@kubernetes/client-node'],
  alias: { 'react-devtools-core': './dist/bundle/stubs/react-devtools-core.js' },
  define: { 'process.env.NODE_ENV': '"production"' },
  banner: { js: "#!/usr/bin/env node\nimport { createRequire as __kubeHardenCreateRequire } from 'node:module';\nconst require = __kubeHardenCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
