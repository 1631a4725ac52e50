/** Median and 95th percentile of a list of numbers. */
export function summary(values: number[]): { median: number; p95: number; n: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  return { median: at(0.5), p95: at(0.95), n: sorted.length };
}

/** "median 123 ms, p95 456 ms (n=20)" */
export const format = (values: number[]) => {
  const { median, p95, n } = summary(values);
  return `median ${median.toFixed(0).padStart(5)} ms, p95 ${p95.toFixed(0).padStart(5)} ms (n=${n})`;
};
