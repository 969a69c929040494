/**
 * Labels of merged cells laid over the rows they span, where a source kept only where each
 * label was drawn (a PDF without rules, text that kept its layout): k labels, in order,
 * over n consecutive rows, one run of rows each, every row in some run, the run's cost
 * given by the caller (how far the run's centre lies from its label's: merged cells centre
 * their text). The cheapest such partition, by dynamic programming; needs k <= n.
 */
export function partitionRuns(k: number, n: number, cost: (label: number, first: number, last: number) => number): { label: number; from: number; to: number }[] {
  if (!k || k > n) return [];
  // dp[j][i]: best cost placing labels 0..j-1 over rows 0..i-1
  const INF = Number.POSITIVE_INFINITY;
  const dp = Array.from({ length: k + 1 }, () => Array(n + 1).fill(INF));
  const back = Array.from({ length: k + 1 }, () => Array(n + 1).fill(-1));
  dp[0][0] = 0;
  for (let j = 1; j <= k; j++) {
    for (let i = j; i <= n; i++) {
      for (let s = j - 1; s < i; s++) {
        if (dp[j - 1][s] === INF) continue;
        const v = dp[j - 1][s] + cost(j - 1, s, i - 1);
        if (v < dp[j][i]) {
          dp[j][i] = v;
          back[j][i] = s;
        }
      }
    }
  }
  const out: { label: number; from: number; to: number }[] = [];
  for (let j = k, i = n; j >= 1; j--) {
    const s = back[j][i];
    out.unshift({ label: j - 1, from: s, to: i - 1 });
    i = s;
  }
  return out;
}
