-- Shared by every scenario: prints one machine-readable line when wrk is done.
-- RESULT <requests/s> <p50 ms> <p99 ms> <non-2xx responses> <socket errors> <requests>
function done(summary, latency, requests)
   local seconds = summary.duration / 1e6
   local socket_errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
   io.write(string.format("RESULT %.1f %.2f %.2f %d %d %d\n",
      summary.requests / seconds,
      latency:percentile(50) / 1000,
      latency:percentile(99) / 1000,
      summary.errors.status,
      socket_errors,
      summary.requests))
end
