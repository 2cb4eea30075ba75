#!/usr/bin/env node
/* eslint-disable */
// Runs the TypeScript CLI directly: tsx compiles src/ on the fly.
require('tsx/cjs');
require('../src/cli').main(process.argv.slice(2));
