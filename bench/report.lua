-- wrk script of `make bench`: counts answers other than 200 across threads, and prints the
-- figures as one JSON line (wrk's own summary has no 95th percentile). With a parameter name
-- after `--`, every request adds that parameter with a number never sent before, so no answer
-- can come from a cache.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_number", #threads)
end

function init(args)
  non_200 = 0
  sent = 0
  vary = args[1]
  if vary ~= nil then
    local separator = string.find(wrk.path, "?", 1, true) and "&" or "?"
    prefix = wrk.path .. separator .. vary .. "="
    request = function()
      sent = sent + 1
      return wrk.format(nil, prefix .. (thread_number * 10000000 + sent))
    end
  end
end

function response(status, headers, body)
  if status ~= 200 then
    non_200 = non_200 + 1
  end
end

function done(summary, latency, requests)
  local unexpected = 0
  for _, thread in ipairs(threads) do
    unexpected = unexpected + thread:get("non_200")
  end
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "bytes": %d, "connect_errors": %d, ' ..
    '"read_errors": %d, "write_errors": %d, "timeouts": %d, "status_errors": %d, ' ..
    '"non_200": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d, "mean_us": %.1f}\n',
    summary.requests, summary.duration, summary.bytes, summary.errors.connect,
    summary.errors.read, summary.errors.write, summary.errors.timeout, summary.errors.status,
    unexpected, latency:percentile(50), latency:percentile(95), latency:percentile(99),
    latency.max, latency.mean
  ))
end
