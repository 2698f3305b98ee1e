/** Which command modules a command line loads (root.ts loads only the command it names). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { commandsFor } from '../../src/cli/root.js';

const ALL = ['run', 'validate', 'sweep', 'merge', 'compare', 'conformance', 'schema', 'traffic'];

const ROWS: { name: string; args: string[]; expected: string[] }[] = [
  { name: 'a command loads only itself', args: ['run', 'scenarios/seed-api.yaml', '--quiet'], expected: ['run'] },
  { name: 'a global flag before the command does not hide it', args: ['--verbose', 'sweep', 'x.yaml'], expected: ['sweep'] },
  { name: "a command's own --help loads only that command", args: ['validate', '--help'], expected: ['validate'] },
  { name: 'no command (--help) loads every command, so help lists them all', args: ['--help'], expected: ALL },
  { name: 'an unknown command loads every command, so yargs can say what is wrong', args: ['rn', 'x.yaml'], expected: ALL },
  { name: 'a name that only looks like a command property is not one', args: ['constructor'], expected: ALL },
  { name: 'nothing at all loads every command', args: [], expected: ALL },
];
for (const row of ROWS) {
  test(`commandsFor: ${row.name}`, () => {
    assert.equal(commandsFor(row.args), row.expected);
  });
}

test.run();
