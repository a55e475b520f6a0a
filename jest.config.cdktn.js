// `npm run test:cdktn`: the construct tests on CDK Terrain (cdktn), the community fork of CDKTF.
// Every `cdktf` import (hand-written constructs, generated bindings, tests) resolves to `cdktn`;
// the suites that run terraform or @cdktf/provider-generator (*.terraform.test.ts) stay on cdktf.
// package.terraform.test.ts (in `npm test`) covers cdktn the way consumers get it: the packed
// package installed with cdktn under the cdktf name.
const base = require('./jest.config.js');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  roots: ['<rootDir>/test/constructs'],
  testPathIgnorePatterns: ['/node_modules/', '\\.terraform\\.test\\.ts$'],
  moduleNameMapper: { '^cdktf$': 'cdktn', '^cdktf/(.*)$': 'cdktn/$1' },
};
