/**
 * The architecture, checked in lint (`npm run lint:deps`, part of `npm run lint`).
 *
 * Packages: shared <- client <- react, vue; shared <- server <- sandbox <- testing; demo
 * and e2e on top, through public entry points only. Inside server/src, nine layers, low to high:
 *   1 base files errors.ts, logger.ts, secrets.ts, user.ts
 *   2 validation/, observability/ (metrics, spans: optional peers, loaded lazily)
 *   3 jwt/, stores/, upstream/
 *   4 http/, loader/
 *   5 merchant-api/, ledger/ (the ledger of issued pre-approvals)
 *   5b notifications/ (provider notifications, settling the ledger)
 *   6 providers/
 *   7 options/
 *   8 widget-tokens.ts, index.ts (the composition root and the public entry)
 * A module imports only from the layers its rule allows, and from its own
 * folder. Type-only imports count: a type that points up the layers is the
 * same coupling. Tests, e2e/ and bench/ may import anything: the rules only
 * look at what the `src/` folders import.
 *
 * @type {import("dependency-cruiser").IConfiguration}
 */

/** Every package's sources: what these rules govern. */
const SRC = "^(shared|client|react|vue|server|sandbox|testing|example-shop|demo)/src/";
/** Files outside the module graph on purpose: declarations, the demo's browser assets. */
const NOT_MODULES = ["\\.d\\.ts$", "^demo/src/public/"];
/** Every way a module can come from npm rather than from the repository. */
const NPM = [
  "npm",
  "npm-dev",
  "npm-optional",
  "npm-peer",
  "npm-bundled",
  "npm-no-pkg",
  "npm-unknown",
];

/** A forbidden dependency: modules matching `from` must not import modules matching `to`. */
const rule = (name, comment, from, to) => ({ name, comment, severity: "error", from, to });

/**
 * The client's public entry points (its package.json `exports`, which list
 * each provider's subpath): what the bindings may import from it.
 */
const CLIENT_PUBLIC_ENTRIES = `^client/(${Object.values(require("./client/package.json").exports)
  .map((entry) => entry?.["@widget-tokens/source"])
  .filter(Boolean)
  .map((source) => source.replace(/^\.\//, "").replace(/\./g, "\\."))
  .join("|")})$`;

// The sandbox: its generic folders; every other folder is one provider's stand-in.
const SANDBOX_GENERIC = "(?:cli|credentials|inspect|faults|verify|mint)";
/** A provider's folder in sandbox/src, its name captured as $1. */
const SANDBOX_PROVIDER_FOLDER = `^sandbox/src/(?!${SANDBOX_GENERIC}/)([^/]+)/`;

// Server layers, as patterns below server/src/.
const S = "^server/src/";
const BASE = "(errors|logger|secrets|user)\\.ts$";
const VALIDATION = "validation/";
const OBSERVABILITY = "observability/";
const INFRA = "(jwt|stores|upstream)/";
const PIPELINE = "(http|loader)/";
const MERCHANT_API = "merchant-api/";
const LEDGER = "ledger/";
const NOTIFICATIONS = "notifications/";
const PROVIDERS = "providers/";
const OPTIONS = "options/";
const ROOT = "(widget-tokens|index)\\.ts$";
/** Every server layer, low to high: the order the header lists. */
const SERVER_LAYERS = [
  BASE,
  VALIDATION,
  OBSERVABILITY,
  INFRA,
  PIPELINE,
  MERCHANT_API,
  LEDGER,
  NOTIFICATIONS,
  PROVIDERS,
  OPTIONS,
  ROOT,
];
/** The layers listed before `layerPattern` in SERVER_LAYERS: everything below it. */
const below = (layerPattern) => SERVER_LAYERS.slice(0, SERVER_LAYERS.indexOf(layerPattern));
/** `^server/src/(a|b|…)`: a module of any of the given layers. */
const within = (...layers) => `${S}(${layers.join("|")})`;

/**
 * A server layer: modules of `layer` import server modules only from `allowed`
 * and from their own folder (`$1`, the folder the `from` pattern captured).
 */
const layer = (name, comment, layerPattern, allowed) =>
  rule(
    name,
    comment,
    { path: `${S}(${layerPattern})` },
    { path: S, pathNot: `${within(...allowed)}|^server/src/$1` },
  );

module.exports = {
  forbidden: [
    /* ---------------------------------------------------------- packages */
    rule(
      "shared-imports-no-workspace",
      "shared/ is the bottom layer, isomorphic types and rules: it imports no other workspace.",
      { path: "^shared/src/" },
      { path: "^(client|server|sandbox|demo|e2e|bench)/" },
    ),
    rule(
      "shared-imports-no-node-or-npm",
      "shared/ runs in browsers and in Node: no node: or other Node built-in module, and no " +
        "npm package (it has no dependencies, so none can be Node-only or DOM-only; adding " +
        "one is a design decision). DOM globals are kept out by shared/tsconfig.build.json, " +
        "whose lib has no DOM.",
      { path: "^shared/src/" },
      { dependencyTypes: ["core", ...NPM] },
    ),
    rule(
      "client-imports-only-shared",
      "client/ is the browser package: it builds on shared/ and nothing else in the repository.",
      { path: "^client/src/" },
      { path: "^(server|sandbox|demo|e2e|bench)/" },
    ),
    rule(
      "client-imports-no-node-or-npm",
      "The client is dependency-free and runs in browsers: no Node built-ins, no npm packages " +
        "(shared/ is a workspace, not one of these).",
      { path: "^client/src/" },
      { dependencyTypes: ["core", ...NPM] },
    ),
    rule(
      "bindings-import-only-client-and-shared",
      "react/ and vue/ are thin layers over the client: they reach it and shared/ through " +
        "their public entry points (@widget-tokens/client and its provider subpaths), and no " +
        "other workspace; neither binding imports the other.",
      { path: "^(react|vue)/src/" },
      {
        path: "^(shared|client|react|vue|server|sandbox|testing|demo|e2e|bench)/",
        pathNot: ["^$1/", CLIENT_PUBLIC_ENTRIES, "^shared/src/index\\.ts$"],
      },
    ),
    rule(
      "bindings-import-only-their-framework",
      "Each binding's only npm import is its framework, a peer dependency (react, or vue); " +
        "no Node built-in.",
      { path: "^(react|vue)/src/" },
      { dependencyTypes: ["core", ...NPM], pathNot: "node_modules/$1/" },
    ),
    rule(
      "nothing-imports-bindings",
      "Nothing depends on react/ or vue/ but their own tests and e2e/.",
      { pathNot: "^(react|vue|e2e)/" },
      { path: "^(react|vue)/" },
    ),
    rule(
      "server-imports-only-shared",
      "server/ is what a merchant installs: shared/ and its npm dependencies, never the " +
        "client, the sandbox, the demo or test code (the loader script is read from the " +
        "client's build at run time, not imported).",
      { path: "^server/src/" },
      { path: "^(client|sandbox|demo|e2e|bench)/" },
    ),
    rule(
      "sandbox-imports-shared-and-server-entry-only",
      "sandbox/ stands in for the providers: it builds on shared/ and, if ever needed, the " +
        "server's public entry (@widget-tokens/server), never server internals.",
      { path: "^sandbox/src/" },
      { path: "^(client|server|demo|e2e|bench)/", pathNot: "^server/src/index\\.ts$" },
    ),
    rule(
      "sandbox-cli-on-top",
      "sandbox/src/cli/ (the widget-tokens command) sits on top of the sandbox: nothing else " +
        "in it imports the CLI.",
      { path: "^sandbox/src/", pathNot: "^sandbox/src/cli/" },
      { path: "^sandbox/src/cli/" },
    ),
    rule(
      "sandbox-providers-through-stand-ins",
      "The sandbox's generic modules (the app, credentials, inspection, faults, the CLI) reach " +
        "a provider only through the one list, stand-ins.ts: a provider folder is its one home. " +
        "The public entry and default-ids.ts re-export from them.",
      {
        path: `^sandbox/src/(?:${SANDBOX_GENERIC}/|[^/]+\\.ts$)`,
        pathNot: "^sandbox/src/(stand-ins|index|default-ids)\\.ts$",
      },
      { path: SANDBOX_PROVIDER_FOLDER },
    ),
    rule(
      "sandbox-provider-folders-apart",
      "A provider's stand-in folder imports no other provider's folder.",
      { path: SANDBOX_PROVIDER_FOLDER },
      { path: SANDBOX_PROVIDER_FOLDER, pathNot: "^sandbox/src/$1/" },
    ),
    rule(
      "testing-imports-public-entry-points-only",
      "testing/ (the Playwright fixtures) builds on the public entry points of the sandbox, " +
        "shared/ and, if ever needed, the server: never their internals, the client, the " +
        "demo or test code.",
      { path: "^testing/src/" },
      {
        path: "^(shared|client|react|vue|server|sandbox|demo|e2e|bench)/",
        pathNot: "^(shared|server|sandbox)/src/index\\.ts$",
      },
    ),
    rule(
      "only-e2e-imports-testing",
      "Nothing in the repository depends on testing/ but its own tests, e2e/, whose specs " +
        "run on its fixtures, and bench/, which launches Chromium with its launch options.",
      { pathNot: "^(testing|e2e|bench)/" },
      { path: "^testing/" },
    ),
    rule(
      "example-shop-imports-public-entry-points-only",
      "The example shop is a merchant too, and published: it imports the server by package " +
        "name, its public entry point only, the sandbox's public entry (where providers' own " +
        "test environments are: realSandboxes), and nothing of testing or the demo.",
      { path: "^example-shop/src/" },
      {
        path: "^(shared|client|react|vue|server|sandbox|testing|demo|e2e|bench)/",
        pathNot: "^(server|sandbox)/src/index\\.ts$",
      },
    ),
    rule(
      "demo-imports-public-entry-points-only",
      "The demo is a merchant: it imports @widget-tokens/* by package name, only their " +
        "public entry points, and no test code.",
      { path: "^demo/src/" },
      {
        path: "^(shared|client|server|sandbox|e2e|bench)/",
        pathNot: "^(shared|client|server|sandbox)/src/index\\.ts$",
      },
    ),
    rule(
      "cross-package-imports-by-package-name",
      "A package reaches another only through its package name (@widget-tokens/…), never a " +
        "relative path into its folder: that is what a published install resolves.",
      { path: SRC },
      {
        path: "^(shared|client|react|vue|server|sandbox|testing|example-shop|demo)/",
        pathNot: "^$1/",
        dependencyTypesNot: ["aliased-workspace"],
      },
    ),
    rule(
      "nothing-imports-demo-or-e2e",
      "demo/ and e2e/ sit on top: no package (nor bench) depends on them.",
      { pathNot: "^(demo|e2e)/" },
      { path: "^(demo|e2e)/" },
    ),

    /* ---------------------------------------------- server layers, low to high */
    rule(
      "server-layer-unplaced",
      "Every module of server/src belongs to a layer (see the top of this file). A new " +
        "folder or root file gets a place in these rules before it is imported.",
      { path: S },
      { path: S, pathNot: within(...SERVER_LAYERS) },
    ),
    layer(
      "server-layer-1-base",
      "errors.ts, logger.ts, secrets.ts, user.ts are the base of the server: they import only each other.",
      BASE,
      [BASE],
    ),
    layer(
      "server-layer-2-validation",
      "validation/ (option and input readers) builds on the base files only.",
      VALIDATION,
      [BASE],
    ),
    layer(
      "server-layer-2-observability",
      "observability/ (metrics, traces, the request scope) builds on the base files only, so " +
        "every layer above may report to it.",
      OBSERVABILITY,
      [BASE],
    ),
    layer(
      "server-layer-3-jwt-stores-upstream",
      "jwt/, stores/ and upstream/ are independent building blocks: the base files and " +
        "validation/, never each other.",
      INFRA,
      [BASE, VALIDATION, OBSERVABILITY],
    ),
    layer(
      "server-layer-4-http-loader",
      "http/ (the request pipeline) and loader/ build on the base files, validation/ and " +
        "stores/ (idempotency, rate limits), never on each other, providers or options.",
      PIPELINE,
      [BASE, VALIDATION, OBSERVABILITY, "stores/"],
    ),
    layer(
      "server-layer-5-merchant-api",
      "merchant-api/ (the session-keeping API client) builds on the base files, validation/, " +
        "stores/ and upstream/.",
      MERCHANT_API,
      [BASE, VALIDATION, OBSERVABILITY, "stores/", "upstream/"],
    ),
    layer(
      "server-layer-5-ledger",
      "ledger/ (issued pre-approvals and their settlement) builds on the base files, " +
        "validation/ and stores/.",
      LEDGER,
      [BASE, VALIDATION, OBSERVABILITY, "stores/"],
    ),
    layer(
      "server-layer-5b-notifications",
      "notifications/ (verified provider notifications) builds on layers 1 to 4 and ledger/.",
      NOTIFICATIONS,
      [BASE, VALIDATION, OBSERVABILITY, INFRA, PIPELINE, LEDGER],
    ),
    layer(
      "server-layer-6-providers",
      "providers/ build on everything below them (layers 1 to 5), never on options/ or the " +
        "composition root.",
      PROVIDERS,
      below(PROVIDERS),
    ),
    layer(
      "server-layer-7-options",
      "options/ (the middleware's option types and reading) builds on layers 1 to 6, never " +
        "on the composition root.",
      OPTIONS,
      below(OPTIONS),
    ),

    /* ------------------------------------------------------------- hygiene */
    rule(
      "no-circular",
      "No import cycles in any package's sources.",
      { path: SRC },
      { circular: true },
    ),
    rule(
      "no-orphans",
      "A source file nothing imports and that imports nothing is dead or forgotten. Entry " +
        "points, declaration files and the demo's browser assets are exempt.",
      {
        orphan: true,
        path: SRC,
        pathNot: [
          ...NOT_MODULES,
          "^(shared|client|react|vue|server|sandbox|testing)/src/index\\.ts$",
          "^client/src/loader\\.ts$",
          "^demo/src/main\\.ts$",
        ],
      },
      {},
    ),
    rule(
      "not-to-unresolvable",
      "Every import resolves: an unresolved one would slip past every rule above. Workspace " +
        "packages resolve to their sources through the @widget-tokens/source condition; the " +
        "demo's browser assets import URLs the demo serves (/assets/…), not files.",
      { path: SRC, pathNot: NOT_MODULES },
      { couldNotResolve: true },
    ),
  ],
  options: {
    doNotFollow: { path: ["node_modules"] },
    // node_modules is not followed, but stays in the graph: the npm rules need to see it.
    exclude: { path: ["(^|/)dist/", "^test-results/"] },
    // Read each package.json up to the root, so workspace packages are "aliased-workspace".
    combinedDependencies: true,
    // Type-only imports are dependencies too.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      // Workspaces resolve to their TypeScript sources, as in tests and typecheck.
      conditionNames: ["@widget-tokens/source", "import", "require", "node", "default", "types"],
      exportsFields: ["exports"],
      mainFields: ["module", "main", "types", "typings"],
      extensions: [".ts", ".tsx", ".js", ".mjs", ".cjs", ".d.ts", ".json"],
    },
  },
};
