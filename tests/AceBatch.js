// Ace by DAISY on several EPUBs with one Chromium: arguments are pairs (file.epub, outdir).
'use strict';
const path = require('path');
const { createRequire } = require('module');
const modules = createRequire(path.resolve(process.env.ACE_MODULES, 'x.js'));
const ace = modules('@daisy/ace-core');
const runner = modules('@daisy/ace-axe-runner-puppeteer');
const logger = modules('@daisy/ace-logger');

// ace-core launches and closes the browser for every EPUB: launch once, close at the end.
const launch = runner.launch, close = runner.close;
let launched = null;
runner.launch = () => (launched = launched || launch.call(runner));
runner.close = async () => {};

(async () => {
  logger.initLogger({ verbose: false, silent: true });
  const args = process.argv.slice(2);
  let failed = 0;
  for (let i = 0; i + 1 < args.length; i += 2) {
    try {
      await ace(args[i], { cwd: process.cwd(), outdir: args[i + 1], silent: true, jobId: '' }, runner);
    } catch (err) {
      console.error(`${args[i]}: ${err && err.message ? err.message : err}`);
      failed = 1;
    }
  }
  if (launched) await close.call(runner);
  process.exit(failed);
})();
