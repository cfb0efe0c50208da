-- wrk reports p50/p75/p90/p99; the benchmark also wants p95, the number of responses (to divide CPU time by),
-- and one parseable line.
done = function(summary, latency, requests)
  local seconds = summary.duration / 1000000
  io.write(string.format("RESULT rps=%.0f requests=%d p50=%.2f p95=%.2f p99=%.2f errors=%d non2xx=%d\n",
    summary.requests / seconds, summary.requests, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status))
end
