// Pulumi's policy runner require()s this directory after registering its own ts-node for `.ts` files, which
// cannot compile this repository's ESM TypeScript. tsx's require API loads the pack's sources instead; the
// dependencies (@pulumi/policy, tsx) resolve from the repository root's node_modules.
/* global require, __filename */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- this entry must be CommonJS (see above)
const { require: tsxRequire } = require("tsx/cjs/api");

tsxRequire("../policy-pack.ts", __filename);
