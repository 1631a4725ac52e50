/** <wb-live-chart>: redraws a LiveChart from the `workbook:event`s of the cell it follows. */
import { chartTableRowsHtml, formatNumber, lastValues, lineChartSvg, type ChartRow, type LineChartInput } from '../lib/line-chart.ts';
import { t } from '../lib/strings.ts';

/** What a cell's `workbook:event` and `workbook:run` carry. */
interface CellEventDetail {
  example: string;
  data?: { kind?: string } & ChartRow;
}

class WorkbookLiveChart extends HTMLElement {
  private rows: ChartRow[] = [];
  private frame = 0;
  private readonly onEvent = (event: Event) => this.received(event as CustomEvent<CellEventDetail>);
  private readonly onRun = (event: Event) => this.restarted(event as CustomEvent<CellEventDetail>);

  connectedCallback(): void {
    document.addEventListener('workbook:event', this.onEvent);
    document.addEventListener('workbook:run', this.onRun);
  }

  disconnectedCallback(): void {
    document.removeEventListener('workbook:event', this.onEvent);
    document.removeEventListener('workbook:run', this.onRun);
    cancelAnimationFrame(this.frame);
  }

  private input(): LineChartInput {
    return {
      rows: this.rows,
      x: this.dataset.x ?? 't',
      series: JSON.parse(this.dataset.series ?? '[]') as string[],
      xLabel: this.dataset.xLabel ?? this.dataset.x ?? '',
      yLabel: this.dataset.yLabel,
    };
  }

  private restarted(event: CustomEvent<CellEventDetail>): void {
    if (event.detail.example !== this.dataset.for) return;
    this.rows = [];
    this.partNamed('state').textContent = t('chartLive');
    this.redraw();
  }

  private received(event: CustomEvent<CellEventDetail>): void {
    const { example, data } = event.detail;
    if (!data || example !== this.dataset.for || data.kind !== this.dataset.kind) return;
    this.rows.push(data);
    if (!this.frame) this.frame = requestAnimationFrame(() => this.redraw());
  }

  private partNamed(name: string): HTMLElement {
    return this.querySelector<HTMLElement>(`[data-part="${name}"]`)!;
  }

  private redraw(): void {
    this.frame = 0;
    const input = this.input();
    this.partNamed('svg').innerHTML = lineChartSvg(input);
    this.partNamed('rows').innerHTML = chartTableRowsHtml(input);
    this.partNamed('row-count').textContent = String(this.rows.length);
    const body = this.partNamed('summary').querySelector('tbody')!;
    body.replaceChildren(
      ...lastValues(input).map(({ name, value }) => {
        const row = document.createElement('tr');
        const head = document.createElement('th');
        head.scope = 'row';
        head.textContent = name;
        const cell = document.createElement('td');
        cell.textContent = value === undefined ? '–' : formatNumber(value);
        row.append(head, cell);
        return row;
      }),
    );
  }
}

if (!customElements.get('wb-live-chart')) customElements.define('wb-live-chart', WorkbookLiveChart);
