/**
 * The architecture's dependency rules (docs/architecture.md), checked in CI by dependency-cruiser.
 * Paths are resolved through tsconfig.json, so `@ledger/...` imports are judged by the file they reach.
 */
const CONTEXTS = '(attribution|ledger|reporting|simulation|ingestion|risk|notifications)';
// The ledger projection writes the notifications outbox in its own transaction (docs/notifications.md): its one way out.
const LEDGER_PROJECTION = '^libs/ledger/read-model/ledger\\.projection\\.ts$';
// Resolved paths: packages under node_modules, and Node's core modules by name.
const FRAMEWORK_OR_IO =
  '(^|/)node_modules/(@nestjs|express|pg|pg-pool|@electric-sql|kafkajs|@eventstore|nestjs-pino|pino|helmet|express-rate-limit|commander|cli-progress)/' +
  '|^(node:)?(fs|fs/promises|net|http|https|http2|child_process|os|dgram|tls|worker_threads|cluster|readline)$';

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'Modules form no cycle.', from: {}, to: { circular: true } },
    {
      name: 'no-orphans',
      severity: 'error',
      comment: 'Every module is used (barrels, entry points, specs and config excepted).',
      from: {
        orphan: true,
        pathNot: [
          '\\.spec\\.ts$',
          '\\.test\\.ts$',
          '\\.d\\.ts$',
          '(^|/)index\\.ts$',
          '^apps/[^/]+/src/main\\.ts$',
          '^bench/',
          '^scripts/',
          '^test/',
          'testing/',
          '\\.(c|m)?js$',
        ],
      },
      to: {},
    },
    {
      name: 'kernel-is-pure',
      severity: 'error',
      comment: 'The shared kernel imports no other library, no framework and no I/O.',
      from: { path: '^libs/kernel/', pathNot: '\\.spec\\.ts$' },
      to: { path: ['^libs/(?!kernel/)', FRAMEWORK_OR_IO] },
    },
    {
      name: 'contracts-below-everything',
      severity: 'error',
      comment: 'Contracts (what is on the wire and in the store) import only the kernel.',
      from: { path: '^libs/contracts/', pathNot: '\\.spec\\.ts$' },
      to: { path: ['^libs/(?!(kernel|contracts)/)', FRAMEWORK_OR_IO] },
    },
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment: 'A domain imports the kernel, the contracts and other domains only: no framework, no I/O, no application or read model.',
      from: { path: `^libs/${CONTEXTS}/domain/`, pathNot: '\\.spec\\.ts$' },
      to: { path: ['^libs/(platform|composition|demo)/', `^libs/${CONTEXTS}/(application|read-model)/`, FRAMEWORK_OR_IO] },
    },
    {
      name: 'read-models-stay-apart',
      severity: 'error',
      comment: "One context's read model never imports another context's read model or application.",
      from: { path: `^libs/${CONTEXTS}/read-model/`, pathNot: LEDGER_PROJECTION },
      to: { path: `^libs/${CONTEXTS}/(read-model|application)/`, pathNot: '^libs/$1/' },
    },
    {
      name: 'ledger-projection-reaches-only-the-outbox',
      severity: 'error',
      comment:
        "The ledger projection may write the notifications outbox (in its transaction); no other context's read model or application.",
      from: { path: LEDGER_PROJECTION },
      to: { path: `^libs/${CONTEXTS}/(read-model|application)/`, pathNot: ['^libs/ledger/', '^libs/notifications/read-model/index\\.ts$'] },
    },
    {
      name: 'read-model-below-application',
      severity: 'error',
      comment: 'A read model does not import application code (commands, reactors, modules).',
      from: { path: `^libs/${CONTEXTS}/read-model/` },
      to: { path: `^libs/${CONTEXTS}/application/` },
    },
    {
      name: 'application-uses-other-contexts-through-their-domain',
      severity: 'error',
      comment: "A context's application code does not reach into another context's application or read model.",
      from: { path: `^libs/${CONTEXTS}/application/` },
      to: { path: `^libs/${CONTEXTS}/(application|read-model)/`, pathNot: '^libs/$1/' },
    },
    {
      name: 'platform-knows-no-context',
      severity: 'error',
      comment: 'Platform adapters and runtimes serve every context and import none.',
      from: { path: '^libs/platform/' },
      to: { path: [`^libs/${CONTEXTS}/`, '^libs/(composition|demo)/'] },
    },
    {
      name: 'libs-never-import-apps-or-tests',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^(apps|test|bench)/' },
    },
    {
      name: 'apps-never-import-apps',
      severity: 'error',
      comment: 'Apps import libraries only, never each other.',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|\\.cache|apps/console/dist)/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
