/** Read a text/event-stream body (as the sandbox writes it) back into its events. */
export function parseEventStream(text: string): { event: string; data: Record<string, any> }[] {
  return text.split('\n\n').filter((frame) => frame.trim()).map((frame) => ({
    event: /^event: (.*)$/m.exec(frame)?.[1] ?? 'message',
    data: JSON.parse(/^data: (.*)$/m.exec(frame)?.[1] ?? 'null'),
  }));
}
