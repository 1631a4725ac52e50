/**
 * A small SVG line chart as markup: axes with ticks, grid, one polyline per series. Used at build
 * time (recorded runs) and in the browser (live runs); colours come from CSS (`.wb-series-<n>`).
 */

/** One sample: the x value and the series values it carries. */
export type ChartRow = Record<string, unknown>;

/** What to draw: rows of samples, which field is x, which fields are series, and the axis labels. */
export interface LineChartInput {
  rows: ChartRow[];
  x: string;
  series: string[];
  xLabel: string;
  yLabel?: string;
}

const width = 640;
const height = 280;
const margin = { left: 56, right: 16, top: 14, bottom: 44 };

/** A step of 1, 2 or 5 times a power of ten that cuts `span` into about `count` parts. */
function niceStep(span: number, count: number): number {
  const raw = span / count || 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].find((m) => m * power >= raw) ?? 10;
  return step * power;
}

/** The ticks from 0 (or the lowest value) up past the highest value; the timeline's time axis uses them too. */
export function ticks(min: number, max: number, count: number): number[] {
  const step = niceStep(max - min, count);
  const first = Math.floor(min / step) * step;
  const result: number[] = [];
  for (let value = first; value < max + step * 0.999; value += step) result.push(Number(value.toPrecision(12)));
  if (result.length < 2) result.push(first + step);
  return result;
}

/** Numbers for people: 12 500 → "12.5k". */
export function formatNumber(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1e6) return `${Number((value / 1e6).toPrecision(3))}M`;
  if (abs >= 1e4) return `${Number((value / 1e3).toPrecision(3))}k`;
  return String(Number(value.toPrecision(4)));
}

const escapeXml = (text: string) => text.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);

const numberOf = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

/** The inner markup of the chart's `<svg viewBox="0 0 640 280">`. */
export function lineChartSvg(input: LineChartInput): string {
  const rows = input.rows.filter((row) => numberOf(row[input.x]) !== undefined);
  const xs = rows.map((row) => row[input.x] as number);
  const ys = rows.flatMap((row) => input.series.map((name) => numberOf(row[name]) ?? 0));
  const xTicks = ticks(xs.length ? Math.min(...xs) : 0, xs.length ? Math.max(...xs) : 1, 6);
  const yTicks = ticks(Math.min(0, ...ys), Math.max(1, ...ys), 5);
  const [x0, x1] = [xTicks[0], xTicks.at(-1)!];
  const [y0, y1] = [yTicks[0], yTicks.at(-1)!];
  const px = (value: number) => margin.left + ((value - x0) / (x1 - x0 || 1)) * (width - margin.left - margin.right);
  const py = (value: number) => height - margin.bottom - ((value - y0) / (y1 - y0 || 1)) * (height - margin.top - margin.bottom);
  const parts: string[] = [];
  for (const value of yTicks) {
    const y = py(value).toFixed(1);
    parts.push(`<line class="wb-grid" x1="${margin.left}" x2="${width - margin.right}" y1="${y}" y2="${y}"/>`);
    parts.push(`<text class="wb-tick" x="${margin.left - 6}" y="${y}" text-anchor="end" dominant-baseline="middle">${formatNumber(value)}</text>`);
  }
  for (const value of xTicks) {
    const x = px(value).toFixed(1);
    parts.push(`<line class="wb-axis" x1="${x}" x2="${x}" y1="${height - margin.bottom}" y2="${height - margin.bottom + 4}"/>`);
    parts.push(`<text class="wb-tick" x="${x}" y="${height - margin.bottom + 16}" text-anchor="middle">${formatNumber(value)}</text>`);
  }
  parts.push(`<line class="wb-axis" x1="${margin.left}" x2="${width - margin.right}" y1="${height - margin.bottom}" y2="${height - margin.bottom}"/>`);
  parts.push(`<text class="wb-axis-label" x="${(margin.left + width - margin.right) / 2}" y="${height - 6}" text-anchor="middle">${escapeXml(input.xLabel)}</text>`);
  if (input.yLabel) {
    parts.push(`<text class="wb-axis-label" transform="translate(14 ${(margin.top + height - margin.bottom) / 2}) rotate(-90)" text-anchor="middle">${escapeXml(input.yLabel)}</text>`);
  }
  input.series.forEach((name, index) => {
    const points = rows
      .filter((row) => numberOf(row[name]) !== undefined)
      .map((row) => `${px(row[input.x] as number).toFixed(1)},${py(row[name] as number).toFixed(1)}`);
    if (points.length) parts.push(`<polyline class="wb-line wb-series-${index + 1}" points="${points.join(' ')}"/>`);
  });
  return parts.join('');
}

/** The last value of each series, for the accessible summary. */
export function lastValues(input: LineChartInput): Array<{ name: string; value: number | undefined }> {
  return input.series.map((name) => {
    const row = [...input.rows].reverse().find((r) => numberOf(r[name]) !== undefined);
    return { name, value: row ? (row[name] as number) : undefined };
  });
}

/** The chart's data as table rows (`<tr>` markup): x, then each series; a missing value reads "–". */
export function chartTableRowsHtml(input: LineChartInput): string {
  const cell = (value: unknown) => (numberOf(value) === undefined ? '–' : String(value));
  return input.rows
    .filter((row) => numberOf(row[input.x]) !== undefined)
    .map((row) => `<tr><th scope="row">${cell(row[input.x])}</th>${input.series.map((name) => `<td>${cell(row[name])}</td>`).join('')}</tr>`)
    .join('');
}
