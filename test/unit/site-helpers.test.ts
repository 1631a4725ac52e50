/** The site's pure helpers: how hints split, how run events read, how charts scale. */
import { describe, expect, it } from 'vitest';
import { renderHints, splitHints } from '../../src/lib/hints.ts';
import { lastValues, lineChartSvg } from '../../src/lib/line-chart.ts';
import { describeRunEvent } from '../../src/lib/run-output.ts';
import { t } from '../../src/lib/strings.ts';

describe('hints.md', () => {
  it('gives one hint per top-level list item, continuation lines included', () => {
    expect(splitHints('# Hints\n- first `code`\n  still first\n- second\n\n1. third')).toEqual(['first `code`\nstill first', 'second', 'third']);
  });

  it('gives one hint per paragraph when there is no list', () => {
    expect(splitHints('One.\n\nTwo,\non two lines.\n')).toEqual(['One.', 'Two,\non two lines.']);
  });

  it('renders each hint as HTML', async () => {
    expect(await renderHints('- use `ack()`')).toEqual(['<p>use <code>ack()</code></p>']);
  });
});

describe('run output', () => {
  it('reads an exit as the code and the duration, ok only for 0', () => {
    expect(describeRunEvent('exit', { code: 0, signal: null, durationMs: 1234 })).toEqual({ kind: 'ok', text: 'exit code 0 · 1.23 s' });
    expect(describeRunEvent('exit', { code: 1, signal: null, durationMs: 50 })?.kind).toBe('error');
    expect(describeRunEvent('exit', { code: null, signal: 'SIGKILL', durationMs: 50 })?.text).toContain('SIGKILL');
  });

  it('says why a run was killed', () => {
    expect(describeRunEvent('timeout', { limitMs: 30_000 })?.text).toContain('30 s');
    expect(describeRunEvent('limit', { what: 'output', limit: 1000 })).toEqual({ kind: 'error', text: t('limitOutput', { limit: 1000 }) });
  });

  it('shows a non-queued start as nothing', () => {
    expect(describeRunEvent('start', { example: 'a/b', edited: false, queued: false })).toBeUndefined();
  });
});

describe('line chart', () => {
  const input = { rows: [{ t: 0, a: 1 }, { t: 1, a: 40 }, { t: 2, b: 7 }], x: 't', series: ['a', 'b'], xLabel: 'seconds' };

  it('draws one polyline per series with data, and labels the x axis', () => {
    const svg = lineChartSvg(input);
    expect(svg.match(/<polyline/g)).toHaveLength(2);
    expect(svg).toContain('>seconds</text>');
  });

  it('summarises the last value of each series', () => {
    expect(lastValues(input)).toEqual([{ name: 'a', value: 40 }, { name: 'b', value: 7 }]);
  });
});
