/**
 * GitHub Actions conventions: workflow-command annotations (`::error file=…,line=…::…`) pointing at the manifest
 * line a finding belongs to, and a job summary kept under GitHub's 1 MiB limit per step.
 * See GitHub's "Workflow commands for GitHub Actions" (annotations; escaping of `%`, CR, LF, and of `:` `,` in
 * properties) and "Adding a job summary" (1 MiB per step).
 */
import type { Cause, Story } from '../results/story.js';
import type { ObjectSource } from '../scenario/types.js';
import type { SloResult } from './types.js';

/** GitHub shows at most 10 annotations of each kind per step; kubesim prints at most 10 in all. */
export const MAX_ANNOTATIONS = 10;
/** GitHub's limit on one step's job summary. */
export const JOB_SUMMARY_LIMIT = 1024 * 1024;

export interface Annotation {
  level: 'error' | 'warning';
  file: string;
  line?: number;
  title: string;
  message: string;
}

/**
 * Annotations for a run: missed SLOs as errors on the scenario file, then each cause or finding that names a
 * manifest field as an error (when an SLO was missed) or a warning, at that field's line; duplicates dropped.
 */
export function annotationsFor(input: { scenarioFile: string; slo?: SloResult; story: Story; sources: readonly ObjectSource[] }): Annotation[] {
  const out: Annotation[] = [];
  const missed = input.slo ? input.slo.checks.filter((c) => !c.met) : [];
  for (const c of missed) out.push({ level: 'error', file: input.scenarioFile, title: 'kubesim: SLO missed', message: c.detail });
  const level = missed.length > 0 ? 'error' : 'warning';
  const causes: Cause[] = [...input.story.incidents.flatMap((i) => i.causes), ...input.story.findings];
  const seen = new Set<string>();
  for (const c of causes) {
    const src = c.field ? input.sources.find((s) => s.kind === c.field!.kind && s.name === c.field!.name) : undefined;
    const key = `${c.kind}\u0000${c.field?.name ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const line = src ? (src.lines[c.field!.path] ?? src.lines[''] ) : undefined;
    out.push({
      level,
      file: src?.file ?? input.scenarioFile,
      ...(line !== undefined ? { line } : {}),
      title: `kubesim: ${c.kind}`,
      message: c.settings.length > 0 ? `${c.text}. Change: ${c.settings.join('; ')}` : c.text,
    });
  }
  return out.slice(0, MAX_ANNOTATIONS);
}

const escapeData = (s: string): string => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string): string => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** One workflow command per annotation. */
export function annotationCommands(list: readonly Annotation[]): string {
  return list
    .map((a) => `::${a.level} file=${escapeProperty(a.file)}${a.line !== undefined ? `,line=${a.line}` : ''},title=${escapeProperty(a.title)}::${escapeData(a.message)}\n`)
    .join('');
}

/**
 * The text to append to `$GITHUB_STEP_SUMMARY` that already holds `existingBytes`: summary.md whole when it fits
 * under the limit, else cut at a line boundary with a note saying where the rest is.
 */
export function jobSummaryText(markdown: string, existingBytes: number): string {
  const text = markdown.endsWith('\n') ? markdown : markdown + '\n';
  const room = JOB_SUMMARY_LIMIT - existingBytes;
  if (Buffer.byteLength(text) <= room) return text;
  const note = '\n_… cut to stay under the 1 MiB job summary limit: summary.md in the output folder has it all._\n';
  const budget = room - Buffer.byteLength(note);
  if (budget <= 0) return '';
  const lines = text.split('\n');
  let used = 0;
  const kept: string[] = [];
  for (const l of lines) {
    const n = Buffer.byteLength(l) + 1;
    if (used + n > budget) break;
    kept.push(l);
    used += n;
  }
  return kept.join('\n') + note;
}
