/** `npm run chaos -- --orders N --seed S …`: see options.ts or --help. Exit 0 passed, 1 violations, 2 could not run. */
import { HELP, parseOptions } from './options.ts';
import { formatReport } from './report.ts';
import { runChaos } from './run.ts';

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  if (options === 'help') {
    console.log(HELP);
    return 0;
  }
  const started = Date.now();
  const report = await runChaos(options, (line) => console.log(`  ${line}`));
  console.log(formatReport(report));
  console.log(`(whole run ${((Date.now() - started) / 1000).toFixed(1)} s; databases and report.json in ${options.out}/)`);
  return report.passed ? 0 : 1;
}

// Ctrl+C: exit through process.exit, so that the shop's 'exit' handler kills the services.
process.once('SIGINT', () => {
  console.error('chaos: interrupted; if the broker was being restarted, start it with `npm run broker -- start`');
  process.exit(130);
});

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`chaos: ${error.message}`);
    process.exit(2);
  },
);
