/** `npm run chaos -- …`: the options, their defaults, and --help. */
import { parseArgs } from 'node:util';

export interface ChaosOptions {
  orders: number;
  seed: number;
  concurrency: number;
  timeoutSeconds: number;
  control: boolean;
  spares: number;
  faults: boolean;
  brokerRestart: boolean;
  quietSeconds: number;
  out: string;
  logs: boolean;
}

export const HELP = `npm run chaos -- [options]

Runs the capstone's two services as processes against the broker, places orders while killing
services, dropping answers, delivering rebacks twice and restarting the broker, then checks from
the two databases that no stock was lost or returned twice. Exits 1 on any violation.

  --orders N         orders to place (default 40)
  --seed S           seed of the plan: orders, payments, faults (default 1)
  --concurrency C    clients placing orders at once (default 4)
  --timeout-s T      seconds an order may stay unpaid (default 4)
  --spares K         order service instances beside the one that takes orders (default 2)
  --control          run the order service with a wrong checker (in-memory state): must fail
  --no-faults        no faults and no broker restart (to measure orders per second)
  --no-broker-restart  keep the broker running (needed when it is not \`npm run broker\`'s)
  --quiet-s Q        seconds without change before a run that is not settled is judged (default 30)
  --out DIR          where the databases and report.json go (default .chaos/last)
  --logs             print the services' own log lines
  --help             this text

With DATABASE_URL=mysql://user:password@host:port the services run on that MySQL or MariaDB
server (a database each, dropped after the run) instead of SQLite files; .chaos/last/ gets a
SQLite copy of both either way.`;

export function parseOptions(argv: string[]): ChaosOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      orders: { type: 'string', default: '40' },
      seed: { type: 'string', default: '1' },
      concurrency: { type: 'string', default: '4' },
      'timeout-s': { type: 'string', default: '4' },
      control: { type: 'boolean', default: false },
      spares: { type: 'string', default: '2' },
      'no-faults': { type: 'boolean', default: false },
      'no-broker-restart': { type: 'boolean', default: false },
      'quiet-s': { type: 'string', default: '30' },
      out: { type: 'string', default: '.chaos/last' },
      logs: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return 'help';
  const int = (name: keyof typeof values, min: number) => {
    const value = Number(values[name]);
    if (!Number.isInteger(value) || value < min) throw new Error(`--${name} must be a whole number ≥ ${min} (got ${JSON.stringify(values[name])}); see --help`);
    return value;
  };
  const faults = !values['no-faults'];
  return {
    orders: int('orders', 1),
    seed: int('seed', 0),
    concurrency: int('concurrency', 1),
    timeoutSeconds: int('timeout-s', 1),
    control: values.control!,
    spares: int('spares', 0),
    faults,
    brokerRestart: faults && !values['no-broker-restart'],
    quietSeconds: int('quiet-s', 5),
    out: values.out!,
    logs: values.logs!,
  };
}
