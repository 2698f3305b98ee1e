/** One place maps errors to exit codes and stderr lines. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SimulationError, UserError } from '../../src/engine/errors.js';
import { EXIT, reportError, UsageError } from '../../src/cli/errors.js';

function report(e: unknown, verbose = false): { code: number; lines: string[] } {
  const lines: string[] = [];
  const code = reportError(e, { verbose, stderr: (l) => lines.push(l) });
  return { code, lines };
}

test('a user error is one line, exit 2', () => {
  assert.equal(report(new UserError('expected a Go duration', { file: 's.yaml', path: 'spec.duration' })), {
    code: EXIT.userError,
    lines: ['kubesim: s.yaml: spec.duration: expected a Go duration'],
  });
});

test('a usage error is one line, exit 2', () => {
  assert.equal(report(new UsageError('Unknown argument: x')), { code: 2, lines: ['kubesim: Unknown argument: x (see kubesim --help)'] });
});

test('a user error raised inside the simulation is still a user error', () => {
  const e = new SimulationError(1000, 'traffic', new UserError('line 3: bad rps', { file: 'trace.csv' }));
  assert.equal(report(e), { code: 2, lines: ['kubesim: trace.csv: line 3: bad rps'] });
});

test('a bug is exit 70; its stack only with --verbose', () => {
  const bug = new TypeError('x is undefined');
  assert.equal(report(bug), { code: 70, lines: ['kubesim: internal error: x is undefined (run with --verbose for the stack trace)'] });
  const verbose = report(bug, true);
  assert.is(verbose.code, 70);
  assert.is(verbose.lines[0], 'kubesim: internal error: x is undefined');
  assert.match(verbose.lines[1]!, /^TypeError: x is undefined\n\s+at /);
});

test('messages with line breaks are folded into one line', () => {
  assert.equal(report(new UserError('a\n  b')).lines, ['kubesim: a b']);
});

test.run();
