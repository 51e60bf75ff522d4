// Loads the browser engine into node the way mkdocs.yml loads it into a page: every script
// listed under extra_javascript, in that order. Each script exports the shared namespace.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const require = createRequire(import.meta.url);

// The engine's script paths, in mkdocs.yml order.
export function engineScripts() {
  const config = readFileSync(join(REPO, "mkdocs.yml"), "utf8");
  const block = config.split(/^extra_javascript:\s*$/m)[1].split(/^\S/m)[0];
  return [...block.matchAll(/^\s+-\s+(assets\/casebook\/\S+\.js)\s*$/gm)].map((m) => join(REPO, "docs", m[1]));
}

let CB;
for (const script of engineScripts()) CB = require(script);

export default CB;

// A seeded random number generator (mulberry32) so draws and shuffles are repeatable.
export function seeded(seed) {
  let a = seed >>> 0;
  return function () {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// A localStorage stand-in: a Map, optionally failing on setItem like a full quota.
export function fakeStorage({ full = false } = {}) {
  const items = new Map();
  return {
    items,
    getItem: (k) => (items.has(k) ? items.get(k) : null),
    setItem(k, v) {
      if (full) throw new Error("QuotaExceededError");
      items.set(k, String(v));
    },
    removeItem: (k) => items.delete(k),
  };
}

export function readJson(...parts) {
  return JSON.parse(readFileSync(join(REPO, ...parts), "utf8"));
}
