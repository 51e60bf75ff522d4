// The search worker (docs/assets/casebook/search-worker.js) run in a sandbox with Material's own
// worker code from the venv: the light index answers first, the whole index answers the last
// query again once the nested worker is ready, and without a nested worker the whole index is
// built in the same worker. Worker, fetch and postMessage are stand-ins the test drives.
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, test } from "node:test";
import vm from "node:vm";
import { REPO } from "./engine.js";

function materialAssets() {
  const lib = join(REPO, ".venv", "lib");
  for (const python of readdirSync(lib)) {
    const assets = join(lib, python, "site-packages", "material", "templates", "assets");
    if (existsSync(assets)) return assets;
  }
  throw new Error("Material is not installed in .venv: run make test");
}

const ASSETS = materialAssets();
const WORKER_NAME = readdirSync(join(ASSETS, "javascripts", "workers")).find((f) => /^search\.[0-9a-f]{8}\.min\.js$/.test(f));
const OURS = readFileSync(join(REPO, "docs", "assets", "casebook", "search-worker.js"), "utf8");
const CONFIG = {
  lang: ["zh"],
  separator: "[\\s\\u200b\\-_,:!=\\[\\]()\"`/（）【】《》“”‘’：；、，。？！…]+",
  pipeline: ["stemmer"],
  fields: { title: { boost: 1000 }, text: { boost: 1 }, tags: { boost: 1000000 } },
};
const ZW = "\u200b";
const DOCS = [
  { location: "cases/a/", title: `吞卡${ZW}处理`, text: `客户${ZW}的${ZW}卡${ZW}被${ZW}吞${ZW}了${ZW}，${ZW}柜员${ZW}耐心${ZW}解释${ZW}。${ZW}后来${ZW}发现${ZW}存折${ZW}也${ZW}丢${ZW}了` },
  { location: "cases/b/", title: `排队${ZW}插队`, text: `网点${ZW}客流${ZW}高峰${ZW}，${ZW}有人${ZW}加塞` },
  { location: "quizzes/a/", title: `吞卡${ZW}处理${ZW}测验`, text: "" },
];
// What the build writes (publish/search_worker.py): entries with text, their text cut short.
const LIGHT = {
  config: CONFIG,
  split: true,
  options: { suggest: false },
  docs: [
    { location: "cases/a/", title: DOCS[0].title, text: `客户${ZW}的${ZW}卡${ZW}被${ZW}吞${ZW}了…` },
    { location: "cases/b/", title: DOCS[1].title, text: `网点${ZW}客流…` },
  ],
};

// Messages as the other side receives them: copies, in this realm (the sandbox is another).
const plain = (message) => JSON.parse(JSON.stringify(message));

class FakeWorker {
  static made = [];
  constructor(url) {
    this.url = url;
    this.sent = [];
    FakeWorker.made.push(this);
  }
  postMessage(message) {
    this.sent.push(plain(message));
  }
}

function sandbox({ light, nested = true, lazy = false }) {
  const posted = [];
  const listeners = [];
  const self = {
    location: new URL(`${pathToFileURL(join(ASSETS, "casebook", "search-worker.js")).href}?m=${WORKER_NAME}${lazy ? "&lazy=1" : ""}`),
    console,
    setTimeout,
    URL,
    URLSearchParams,
    Intl,
    fetch: async (url) => {
      assert.equal(url, pathToFileURL(join(ASSETS, "..", "search", "light_index.json")).href);
      return light ? { ok: true, json: async () => structuredClone(light) } : { ok: false };
    },
    addEventListener: (type, fn) => type === "message" && listeners.push(fn),
    postMessage: (message) => posted.push(plain(message)),
    importScripts: (...urls) => urls.forEach((u) => vm.runInContext(readFileSync(fileURLToPath(u), "utf8"), self)),
  };
  if (nested) self.Worker = FakeWorker;
  self.self = self;
  vm.createContext(self);
  vm.runInContext(OURS, self);
  const send = (message) => listeners.forEach((fn) => fn({ data: message }));
  return { posted, send };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 50));
const locations = (message) => message.data.items.map((group) => group[0].location);

describe("the search worker", () => {
  test("the light index answers at once; the whole index answers the last query again when ready", async () => {
    FakeWorker.made = [];
    const { posted, send } = sandbox({ light: LIGHT });
    await settle();
    assert.deepEqual(posted, [{ type: 1 }]); // READY before the page has sent its index
    send({ type: 2, data: "存折" }); // only in the part of a text the light index leaves out
    await settle();
    assert.equal(posted[1].type, 3);
    assert.deepEqual(locations(posted[1]), []);
    send({ type: 2, data: "吞卡" });
    await settle();
    assert.deepEqual(locations(posted[2]), ["cases/a/"]); // the quiz entry has no text: not light

    const setup = { config: CONFIG, docs: DOCS, options: { suggest: false } };
    send({ type: 0, data: setup });
    await settle();
    assert.equal(FakeWorker.made.length, 1);
    const nested = FakeWorker.made[0];
    assert.equal(nested.url, pathToFileURL(join(ASSETS, "javascripts", "workers", WORKER_NAME)).href);
    assert.deepEqual(nested.sent, [{ type: 0, data: setup }]);
    assert.equal(posted.length, 3); // no second READY

    nested.onmessage({ data: { type: 1 } }); // the whole index is ready: the last query again
    // A query that is one word of the index is marked so Material's segmentation keeps it whole.
    assert.deepEqual(nested.sent[1], { type: 2, data: "吞卡\u3007" });
    const whole = { type: 3, data: { items: [[{ location: "cases/a/" }], [{ location: "quizzes/a/" }]] } };
    nested.onmessage({ data: whole });
    assert.deepEqual(posted[3], whole);
    send({ type: 2, data: "存折 卡被吞" }); // from now on queries go to the whole index
    assert.deepEqual(nested.sent[2], { type: 2, data: "存折\u3007 卡被吞" }); // 卡被吞 is no word here
  });

  test("in the preview (lazy) the whole index is built at the first query, not at page load", async () => {
    FakeWorker.made = [];
    const { posted, send } = sandbox({ light: LIGHT, lazy: true });
    await settle();
    const setup = { config: CONFIG, docs: DOCS, options: { suggest: false } };
    send({ type: 0, data: setup });
    await settle();
    assert.equal(FakeWorker.made.length, 0); // a reload after a save builds nothing more
    send({ type: 2, data: "吞卡" });
    await settle();
    assert.deepEqual(locations(posted[1]), ["cases/a/"]); // the light index answers at once
    assert.equal(FakeWorker.made.length, 1);
    const nested = FakeWorker.made[0];
    assert.deepEqual(nested.sent, [{ type: 0, data: setup }]);
    nested.onmessage({ data: { type: 1 } });
    assert.deepEqual(nested.sent[1], { type: 2, data: "吞卡\u3007" }); // then the whole one, again
    send({ type: 2, data: "存折" });
    assert.deepEqual(nested.sent[2], { type: 2, data: "存折\u3007" });
    assert.equal(FakeWorker.made.length, 1);
  });

  test("a small index is built whole from the page's data, with one READY", async () => {
    FakeWorker.made = [];
    const { posted, send } = sandbox({ light: { config: CONFIG, split: false, docs: [], options: {} } });
    await settle();
    assert.deepEqual(posted, []);
    send({ type: 0, data: { config: CONFIG, docs: DOCS, options: { suggest: false } } });
    await settle();
    assert.deepEqual(posted, [{ type: 1 }]);
    send({ type: 2, data: "存折" });
    await settle();
    assert.deepEqual(locations(posted[1]), ["cases/a/"]);
    assert.equal(FakeWorker.made.length, 0);
  });

  test("without a nested worker the whole index is built here after the light one, and answers again", async () => {
    const { posted, send } = sandbox({ light: LIGHT, nested: false });
    await settle();
    send({ type: 2, data: "存折" });
    await settle();
    assert.deepEqual(locations(posted[1]), []);
    send({ type: 0, data: { config: CONFIG, docs: DOCS, options: { suggest: false } } });
    await settle();
    assert.deepEqual(posted.map((m) => m.type), [1, 3, 3]);
    assert.deepEqual(locations(posted[2]), ["cases/a/"]);
  });

  test("without a light index (a missing file) the page's index is built whole", async () => {
    const { posted, send } = sandbox({ light: null });
    await settle();
    send({ type: 0, data: { config: CONFIG, docs: DOCS, options: { suggest: false } } });
    await settle();
    send({ type: 2, data: "加塞" });
    await settle();
    assert.deepEqual(posted[0], { type: 1 });
    assert.deepEqual(locations(posted[1]), ["cases/b/"]);
  });
});
