-- wrk script for the benchmarks: GET, or POST one of the bodies in $BENCH_BODIES (one JSON document a line),
-- round-robin; prints one JSON summary line (latencies in ms) that bench/common.py reads.
local method = os.getenv("BENCH_METHOD") or "GET"
local path = os.getenv("BENCH_BODIES") or ""
local bodies = {}
if path ~= "" then
  for line in io.lines(path) do
    if #line > 0 then bodies[#bodies + 1] = line end
  end
end
local i = 0

function init(args)
  wrk.method = method
  if method == "POST" then wrk.headers["Content-Type"] = "application/json" end
end

function request()
  if #bodies == 0 then return wrk.format(method) end
  i = (i % #bodies) + 1
  return wrk.format(method, nil, nil, bodies[i])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "seconds": %.3f, "rps": %.1f, "p50_ms": %.3f, "p90_ms": %.3f, ' ..
    '"p99_ms": %.3f, "max_ms": %.3f, "errors": %d, "non_2xx": %d}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1e3, latency:percentile(90) / 1e3, latency:percentile(99) / 1e3,
    latency.max / 1e3, e.connect + e.read + e.write + e.timeout, e.status))
end
