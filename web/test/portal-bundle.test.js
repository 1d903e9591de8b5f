// The customer portal stays small and staff-free: it is built on its own (portal.html only) and
// everything that build emits must be < 100 KB and hold nothing of the staff app (no staff
// dictionary text, no staff session key). When web/dist exists (the web_build fixture), the
// files web/dist/portal.html really loads are checked the same way.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { build } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';
import staff from '../src/i18n/id.js';
import portal from '../src/i18n/portal.js';

const LIMIT = 100 * 1024;
const web = fileURLToPath(new URL('..', import.meta.url));

function texts(value, out = []) {
  if (typeof value === 'string') out.push(value);
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => texts(v, out));
  return out;
}

// Staff-only markers: the staff session key and every longer staff text the portal lacks.
const portalTexts = texts(portal);
const markers = [
  'billing.session',
  ...texts(staff).filter((s) => s.length >= 16 && !portalTexts.some((p) => p.includes(s))),
];

function staffMarkersIn(content) {
  return markers.filter(
    (marker) => content.includes(marker) || content.includes(JSON.stringify(marker)),
  );
}

function allFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? allFiles(path) : [path];
  });
}

// portal.html and the files it loads: its scripts, styles and their static imports.
function loadedByPortal(dist) {
  const seen = new Set(['portal.html']);
  const queue = ['portal.html'];
  while (queue.length) {
    const content = readFileSync(join(dist, queue.shift()), 'utf8');
    for (const match of content.matchAll(
      /(?:src|href)="\/(assets\/[^"]+)"|["'(/]\.?\/?([\w.-]+\.(?:js|css))["')]/g,
    )) {
      const file = match[1] ?? `assets/${match[2]}`;
      if (!seen.has(file) && existsSync(join(dist, file))) {
        seen.add(file);
        if (file.endsWith('.js')) queue.push(file);
      }
    }
  }
  return [...seen];
}

describe('portal bundle', () => {
  const out = mkdtempSync(join(tmpdir(), 'portal-build-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('is under 100 KB and carries no staff code', async () => {
    // A production build (vitest sets NODE_ENV=test, which would compile Svelte in dev mode),
    // of the portal entry alone (the same plugins and target as vite.config.js).
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await build({
        root: web,
        configFile: false,
        mode: 'production',
        logLevel: 'silent',
        plugins: [svelte()],
        build: {
          outDir: out,
          emptyOutDir: true,
          copyPublicDir: false,
          target: 'es2020',
          rollupOptions: { input: { portal: join(web, 'portal.html') } },
        },
      });
    } finally {
      process.env.NODE_ENV = nodeEnv;
    }
    const files = allFiles(out);
    expect(files.some((f) => f.endsWith('.js'))).toBe(true);
    const size = files.reduce((sum, f) => sum + statSync(f).size, 0);
    expect(size).toBeGreaterThan(10 * 1024); // the build really happened
    expect(size).toBeLessThan(LIMIT);
    const found = files.flatMap((f) => staffMarkersIn(readFileSync(f, 'utf8')));
    expect(found).toEqual([]);
  }, 120_000);

  it('detects staff code (the markers are real)', () => {
    expect(markers.length).toBeGreaterThan(50);
    expect(
      staffMarkersIn(readFileSync(join(web, 'src/i18n/id.js'), 'utf8')).length,
    ).toBeGreaterThan(50);
  });

  it.skipIf(!existsSync(join(web, 'dist/portal.html')))('web/dist: what portal.html loads', () => {
    const dist = join(web, 'dist');
    const files = loadedByPortal(dist);
    expect(files.filter((f) => f.endsWith('.js')).length).toBeGreaterThan(0);
    expect(files.some((f) => f.endsWith('.css'))).toBe(true);
    const size = files.reduce((sum, f) => sum + statSync(join(dist, f)).size, 0);
    expect(size).toBeLessThan(LIMIT);
    const found = files.flatMap((f) => staffMarkersIn(readFileSync(join(dist, f), 'utf8')));
    expect(found).toEqual([]);
  });
});
