/**
 * `kubesim validate FILE [-] [--scenario FILE] [--set K=V]...`: load and normalise the scenario without running
 * it; print `ok: …` with what it holds, warnings to stderr. Exit 0, or 2 with the first problem.
 */
import type { Argv, CommandModule } from 'yargs';
import { formatDuration } from '../results/format.js';
import { loadScenario, type Scenario } from '../scenario/index.js';
import { EXIT, printWarnings } from './errors.js';
import { resolveInputs, setFlags } from './run.js';

interface ValidateArgs {
  files: string[];
  scenario?: string;
  set?: string | string[];
  quiet?: boolean;
}

export const validateCommand: CommandModule<object, ValidateArgs> = {
  command: 'validate [files..]',
  describe: 'Check a scenario and its manifests without running it',
  builder: (y: Argv) =>
    y
      .positional('files', { type: 'string', array: true, default: [], describe: 'The scenario file, and - to read more manifests from stdin' })
      .option('scenario', { type: 'string', describe: 'The scenario file (instead of the first argument)' })
      .option('set', { type: 'string', describe: 'Override a field: KIND/NAME.PATH=VALUE or scenario.PATH=VALUE (repeatable)' })
      .option('quiet', { type: 'boolean', describe: 'Print nothing but errors' }),
  handler: async (args) => {
    const { file, stdin } = resolveInputs(args);
    const scenario = await loadScenario(file, { stdin, sets: setFlags(args.set) });
    if (!args.quiet) {
      printWarnings(scenario.warnings);
      process.stdout.write(`ok: ${describeScenario(scenario)}\n`);
    }
    process.exitCode = EXIT.ok;
  },
};

const count = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** `scenario.yaml: scenario "api" (2h): 1 Deployment, 1 Service, 1 HorizontalPodAutoscaler, …` */
export function describeScenario(s: Scenario): string {
  const parts = [
    count(s.deployments.length, 'Deployment'),
    count(s.services.length, 'Service'),
    count(s.hpas.length, 'HorizontalPodAutoscaler'),
    `${s.ignored.length} ignored`,
    `traffic for ${count(Object.keys(s.traffic).length, 'target')}`,
    count(s.events.length, 'event'),
    s.slo ? `${count(Object.keys(s.slo).length, 'SLO target')}` : 'no SLO',
    count(s.warnings.length, 'warning'),
  ];
  return `${s.file}: scenario "${s.name}" (${formatDuration(s.durationMs / 1000)}, seed ${s.seed}): ${parts.join(', ')}`;
}
