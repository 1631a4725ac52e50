/** Read a text/event-stream body (as the sandbox writes it) back into its events. */
export function parseEventStream(text: string): { event: string; data: Record<string, any> }[] {
  return text.split('\n\n').filter((frame) => frame.trim()).map((frame) => ({
    event: /^event: (.*)$/m.exec(frame)?.[1] ?? 'message',
    data: JSON.parse(/^data: (.*)$/m.exec(frame)?.[1] ?? 'null'),
  }));
}

/** Read a live text/event-stream response event by event, as the sandbox sends them, until it ends. */
export async function* streamEvents(response: Response): AsyncGenerator<{ event: string; data: Record<string, any> }> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffered = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    buffered += decoder.decode(value, { stream: true });
    const end = buffered.lastIndexOf('\n\n');
    if (end < 0) continue;
    yield* parseEventStream(buffered.slice(0, end + 2));
    buffered = buffered.slice(end + 2);
  }
}
