/**
 * The console page (src/pages/console.astro): cluster, topics, groups and a message lookup, read
 * through the sandbox every two seconds while the page is visible. The topic and group shown are
 * in the address (?topic=…&group=…), so <BrokerView> can link here.
 */
import type { GroupView, MessageRow, MessagesView, OverviewView, TopicView } from '../../sandbox/console-protocol.ts';
import { clock, count, el, poll, readConsole, table, type ConsoleAnswer } from './broker-api.ts';
import { sandboxToken } from './sandbox-api.ts';

class BrokerConsole extends HTMLElement {
  private stopPolling?: () => void;
  private overview?: OverviewView;

  connectedCallback(): void {
    if (!sandboxToken()) return; // a static copy: the page shows how to run the sandbox
    this.part('static').hidden = true;
    this.part('live').hidden = false;
    this.part('system').addEventListener('change', () => this.overview && this.showOverview(this.overview));
    this.part('lookup').addEventListener('submit', (event) => {
      event.preventDefault();
      void this.lookUp();
    });
    this.stopPolling = poll(() => this.refresh(), () => this.isConnected);
  }

  disconnectedCallback(): void {
    this.stopPolling?.();
  }

  private part<T extends HTMLElement = HTMLElement>(name: string): T {
    return this.querySelector<T>(`[data-part="${name}"]`)!;
  }

  private get selected(): { topic?: string; group?: string } {
    const params = new URLSearchParams(location.search);
    return { topic: params.get('topic') || undefined, group: params.get('group') || undefined };
  }

  private select(what: 'topic' | 'group', name: string): void {
    const params = new URLSearchParams(location.search);
    params.set(what, name);
    history.replaceState(null, '', `?${params}`);
    void this.refresh().then(() => this.part(`${what}-detail`).scrollIntoView({ block: 'nearest' }));
  }

  /** Polls since the overview was last read: the cluster, topic and group lists change rarely, so they are read every fifth poll. */
  private sinceOverview = Infinity;

  private async refresh(): Promise<void> {
    const { topic, group } = this.selected;
    const readOverview = this.sinceOverview >= 5 || !this.overview;
    this.sinceOverview = readOverview ? 1 : this.sinceOverview + 1;
    const [overview, topicView, groupView] = await Promise.all([
      readOverview ? readConsole<OverviewView>('overview') : ({ ok: true, body: this.overview! } as const),
      topic ? readConsole<TopicView>(`topics/${encodeURIComponent(topic)}`) : undefined,
      group ? readConsole<GroupView>(`groups/${encodeURIComponent(group)}`) : undefined,
    ]);
    if (!this.showState([overview, topicView, groupView])) return;
    if (overview.ok && readOverview) this.showOverview(overview.body);
    if (!overview.ok) this.sinceOverview = Infinity; // ask again next time
    this.showPanel('topic', topic, topicView, (view) => this.topicPanel(view));
    this.showPanel('group', group, groupView, (view) => this.groupPanel(view));
  }

  /**
   * The status line: live and when it was last read, or why the broker cannot be read (503, or
   * the sandbox gone). A not-found topic or group is shown in its panel, not here.
   */
  private showState(answers: (ConsoleAnswer<{ readAt?: string }> | undefined)[]): boolean {
    // A 429 (the sandbox's limit on fresh reads, shared by every open page) keeps what is shown;
    // the answers that came are still shown, so one busy read does not freeze the page.
    const given = answers.filter((answer) => answer !== undefined && (answer.ok || answer.status !== 429));
    if (given.length === 0) return false;
    const down = given.find((answer) => !answer.ok && (answer.status === 0 || answer.status >= 500));
    const state = this.part('state');
    this.dataset.state = down ? 'down' : 'live';
    if (down && !down.ok) {
      state.textContent = `${down.error}${down.hint ? ` ${down.hint}` : ''}`;
      return true;
    }
    const latest = given.map((answer) => (answer.ok ? answer.body.readAt ?? '' : '')).sort().at(-1);
    state.textContent = `Live · read at ${clock(latest)} · refreshes every 2 s`;
    return true;
  }

  private showOverview(overview: OverviewView): void {
    this.overview = overview;
    const showSystem = this.part<HTMLInputElement>('system').checked;
    this.part('cluster').replaceChildren(table('Brokers', ['Cluster', 'Broker', 'Address', 'Version', 'Commit log disk used', 'Messages stored today', 'Up since'],
      overview.brokers.map((b) => [b.cluster, b.name, b.address, b.version,
        b.commitLogDiskRatio === undefined ? '–' : `${Math.round(b.commitLogDiskRatio * 100)} %`,
        b.messagesPutToday === undefined ? '–' : count(b.messagesPutToday), b.bootedAt ? new Date(b.bootedAt).toLocaleString('en-GB') : '–'])),
    el('p', {}, `Name server ${overview.namesrv}`),
    // A workshop room: the names below are the reader's own; the shared broker stores them prefixed.
    ...(overview.room ? [el('p', { 'data-part': 'room' }, `Room ${overview.room}: the topics and groups below are yours, named as your cells name them; on the shared broker they are ${overview.room}-…, and other attendees' are left out.`)] : []));
    const topics = overview.topics.filter((t) => showSystem || t.kind === 'user');
    this.part('topics').replaceChildren(table(`Topics (${topics.length} of ${overview.topics.length})`, ['Topic', 'Type', 'Queues (read / write)', 'Kind'],
      topics.map((t) => [this.link('topic', t.name), t.type, `${t.readQueues} / ${t.writeQueues}`, t.kind])));
    this.part('waiting').replaceChildren(overview.waiting.length
      ? table('Held back, by topic', ['Topic', 'Half messages waiting for their transaction to end', 'Delay messages not yet due'],
        overview.waiting.map((w) => [this.link('topic', w.topic), halfCount(w.half, overview.halfWaitingComplete), count(w.timer)]))
      : el('p', {}, 'Nothing held back: no transaction is open and no delay message is waiting in the timer.'));
    const groups = overview.groups.filter((g) => showSystem || !g.system);
    this.part('groups').replaceChildren(table(`Consumer groups (${groups.length} of ${overview.groups.length})`, ['Group', 'Delivery', 'Max retries'],
      groups.map((g) => [this.link('group', g.name), g.orderly ? 'FIFO (orderly)' : 'concurrent', String(g.retryMaxTimes)])));
    const options = this.part<HTMLSelectElement>('lookup-topic');
    const chosen = options.value || this.selected.topic || '';
    options.replaceChildren(...overview.topics.filter((t) => t.kind === 'user').map((t) => el('option', { value: t.name }, t.name)));
    if (chosen) options.value = chosen;
  }

  private link(what: 'topic' | 'group', name: string): HTMLButtonElement {
    const button = el('button', { type: 'button', class: 'wb-console-link', 'data-select': what }, name);
    button.addEventListener('click', () => this.select(what, name));
    return button;
  }

  private showPanel<T>(what: 'topic' | 'group', name: string | undefined, answer: ConsoleAnswer<T> | undefined, render: (view: T) => Node[]): void {
    const panel = this.part(`${what}-detail`);
    if (!name || !answer || (!answer.ok && answer.status === 429)) {
      panel.hidden = !name;
      return;
    }
    panel.hidden = false;
    panel.replaceChildren(...(answer.ok ? render(answer.body) : [el('p', { class: 'wb-console-problem', role: 'alert' }, answer.error)]));
  }

  private topicPanel(view: TopicView): Node[] {
    return [
      el('h3', {}, `Topic ${view.topic}`),
      el('p', { 'data-part': 'topic-total' }, `${count(view.maxOffsetTotal)} messages stored since it was made, ${count(view.stored)} still on disk.`),
      ...(view.timerWaiting ? [el('p', { 'data-part': 'topic-timer' }, `${count(view.timerWaiting)} delay messages waiting in the broker's timer: they join the queues when due.`)] : []),
      ...(view.halfWaiting || this.typeOf(view.topic) === 'TRANSACTION'
        ? [el('p', { 'data-part': 'topic-half' }, `${halfCount(view.halfWaiting, view.halfWaitingComplete)} half messages waiting for their transaction to end: they join the queues when committed (see "Held back by the broker").`)]
        : []),
      table(`Queues of ${view.topic}`, ['Broker', 'Queue', 'Min offset', 'Max offset', 'Last stored'],
        view.queues.map((q) => [q.broker, String(q.queueId), count(q.minOffset), count(q.maxOffset), clock(q.lastStoredAt)])),
      el('p', {}, 'Read by: ', ...(view.groups.length ? view.groups.flatMap((g, i) => [i ? ', ' : '', this.link('group', g)]) : ['no group yet'])),
    ];
  }

  private typeOf(topic: string): string | undefined {
    return this.overview?.topics.find((t) => t.name === topic)?.type;
  }

  private groupPanel(view: GroupView): Node[] {
    return [
      el('h3', {}, `Group ${view.group}`),
      el('p', { 'data-part': 'group-lag' }, `Lag ${count(view.lag)}: messages stored that the group has not been handed yet.`),
      view.clients.length
        ? table('Clients online', ['Client id', 'Address', 'Language'], view.clients.map((c) => [c.clientId, c.address, c.language]))
        : el('p', {}, 'No client of this group is online.'),
      ...(view.subscriptions.length
        ? [table('Subscription', ['Topic', 'Filter'], view.subscriptions.map((s) => [s.topic, `${s.expressionType} ${s.expression}`]))] : []),
      table(`Progress of ${view.group}`, ['Topic', 'Queue', 'Max offset', 'Consumer offset', 'Lag', 'Last handed out'],
        view.queues.map((q) => [q.topic, String(q.queueId), count(q.maxOffset), count(q.consumerOffset), count(q.lag), clock(q.lastConsumedAt)])),
    ];
  }

  private async lookUp(): Promise<void> {
    const form = this.part<HTMLFormElement>('lookup');
    const data = new FormData(form);
    const by = data.get('by') === 'key' ? 'key' : 'id';
    const query = new URLSearchParams({ topic: String(data.get('topic') ?? ''), [by]: String(data.get('value') ?? '').trim() });
    const result = this.part('lookup-result');
    result.textContent = 'Looking up…';
    const answer = await readConsole<MessagesView>(`messages?${query}`);
    if (!answer.ok) {
      result.replaceChildren(el('p', { class: 'wb-console-problem', role: 'alert' }, answer.error));
      return;
    }
    result.replaceChildren(...answer.body.messages.map((m) => el('dl', { class: 'wb-console-message' },
      ...[
        ['Message id', m.messageId ?? '–'], ['Queue', `${m.topic} : ${m.queueId}, offset ${m.queueOffset}`], ['Tag', m.tag ?? '–'],
        ['Keys', m.keys.join(' ') || '–'], ['Born', new Date(m.bornAt).toLocaleString('en-GB')], ['Stored', new Date(m.storedAt).toLocaleString('en-GB')],
        ['Delivery attempts the broker recorded', redeliveryText(m.redeliveries)],
        ['RECONSUME_TIME on this copy', String(m.reconsumeTimes)], ['Body', `${m.bodyText}${m.bodyBytes > 2048 ? ' …' : ''} (${count(m.bodyBytes)} bytes)`],
        ['Properties', Object.entries(m.properties).map(([name, value]) => `${name}=${value}`).join('\n')],
      ].flatMap(([term, value]) => [el('dt', {}, term), el('dd', {}, value)]))));
  }
}

/**
 * What the broker recorded of a message's redeliveries: per group, the attempt its latest retry
 * copy carries. A first delivery leaves no mark, so "none" does not mean "never delivered".
 */
function redeliveryText(redeliveries: MessageRow['redeliveries']): string {
  if (!redeliveries.length) return 'No redelivery recorded. The broker records one when a group does not acknowledge the message in time: it hands it out again through a copy in the group\'s retry topic. A first delivery leaves no mark here (the group\'s offset shows how far it has read).';
  return redeliveries.map((r) => `${r.group}: attempt ${r.deliveryAttempts}, handed out again ${r.reconsumeTimes} time${r.reconsumeTimes === 1 ? '' : 's'} after it was not acknowledged in time (latest copy in ${r.retryTopic})`).join('\n');
}

/** A half-message count; "about" when the broker had more waiting than one read returns (half-messages.ts). */
const halfCount = (value: number, complete: boolean) => `${complete ? '' : 'about '}${count(value)}`;

customElements.define('wb-broker-console', BrokerConsole);
