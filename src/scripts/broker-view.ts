/** <BrokerView> (src/components/BrokerView.astro): a topic's and a group's figures, polled while on screen. */
import type { GroupView, TopicView } from '../../sandbox/console-protocol.ts';
import { clock, count, poll, readConsole } from './broker-api.ts';
import { sandboxToken } from './sandbox-api.ts';

class BrokerView extends HTMLElement {
  private onScreen = false;
  private stopPolling?: () => void;
  private observer?: IntersectionObserver;

  connectedCallback(): void {
    if (!sandboxToken()) return;
    this.observer = new IntersectionObserver((entries) => {
      this.onScreen = entries.some((entry) => entry.isIntersecting);
    });
    this.observer.observe(this);
    this.stopPolling = poll(() => (this.onScreen ? this.refresh() : Promise.resolve()), () => this.isConnected);
    this.state('Reading the broker…');
  }

  disconnectedCallback(): void {
    this.stopPolling?.();
    this.observer?.disconnect();
  }

  private state(text: string): void {
    this.querySelector('[data-part="state"]')!.textContent = text;
  }

  private figure(name: string, value: string): void {
    const cell = this.querySelector(`[data-figure="${name}"]`);
    if (cell) cell.textContent = value;
  }

  private async refresh(): Promise<void> {
    const { topic, group, held } = this.dataset as { topic: string; group?: string; held?: 'half' | 'timer' };
    const [topicAnswer, groupAnswer] = await Promise.all([
      readConsole<TopicView>(`topics/${encodeURIComponent(topic)}`),
      group ? readConsole<GroupView>(`groups/${encodeURIComponent(group)}?topic=${encodeURIComponent(topic)}`) : undefined,
    ]);
    // A 429 (the sandbox's limit on fresh reads, shared by every open page) keeps what is shown;
    // the other answer is still used, so one busy read does not freeze the whole view.
    const limited = (answer?: { ok: boolean; status?: number }) => answer !== undefined && !answer.ok && answer.status === 429;
    if (limited(topicAnswer) && (!groupAnswer || limited(groupAnswer))) return;
    if (!topicAnswer.ok && !limited(topicAnswer)) {
      this.dataset.state = 'down';
      this.state(`${topicAnswer.error}${topicAnswer.hint ? ` ${topicAnswer.hint}` : ''}`);
      return;
    }
    if (topicAnswer.ok) {
      this.dataset.state = 'live';
      this.figure('stored', count(topicAnswer.body.maxOffsetTotal));
      if (held === 'half') this.figure('held', `${topicAnswer.body.halfWaitingComplete ? '' : '≈ '}${count(topicAnswer.body.halfWaiting)}`);
      if (held === 'timer') this.figure('held', count(topicAnswer.body.timerWaiting));
    }
    if (groupAnswer?.ok) {
      this.figure('handed', count(groupAnswer.body.queues.reduce((sum, queue) => sum + queue.consumerOffset, 0)));
      this.figure('lag', count(groupAnswer.body.lag));
      this.figure('clients', String(groupAnswer.body.clients.length));
    } else if (groupAnswer && !limited(groupAnswer)) {
      for (const name of ['handed', 'lag', 'clients']) this.figure(name, '–');
    }
    if (!topicAnswer.ok) return;
    const groupNote = groupAnswer && !groupAnswer.ok && !limited(groupAnswer) ? ` · ${groupAnswer.status === 404 ? 'the group does not exist yet: run the cell' : groupAnswer.error}` : '';
    this.state(`Live · read at ${clock(topicAnswer.body.readAt)}${groupNote}`);
  }
}

customElements.define('wb-broker-view', BrokerView);
