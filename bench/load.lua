-- wrk script of bench/load.py: each thread goes round the URLs of LOAD_URLS, a file of lines
-- "path<TAB>cookie" (cookie empty: anonymous), and counts the answers by status; done()
-- prints the totals as one JSON line for load.py. (wrk's Lua cannot tell which connection
-- an answer came on, so statuses are not counted per URL: load.py checks each URL first.)

local targets = {}
for line in io.lines(os.getenv("LOAD_URLS")) do
  local path, cookie = line:match("^([^\t]*)\t?(.*)$")
  table.insert(targets, { path = path, cookie = cookie })
end

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  counts = {} -- counts[status] for this thread
  position = 0
end

function request()
  position = position % #targets + 1
  local target = targets[position]
  local headers = { ["Accept-Language"] = "en" }
  if target.cookie ~= "" then
    headers["Cookie"] = target.cookie
  end
  return wrk.format("GET", target.path, headers)
end

function response(status, headers, body)
  local key = tostring(status)
  counts[key] = (counts[key] or 0) + 1
end

local function json_counts(all)
  local parts = {}
  for status, count in pairs(all) do
    table.insert(parts, string.format('"%s": %d', status, count))
  end
  return "{" .. table.concat(parts, ", ") .. "}"
end

function done(summary, latency, requests)
  local all = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("counts")) do
      all[status] = (all[status] or 0) + count
    end
  end
  local errors = summary.errors
  io.write(string.format(
    'LOAD-RESULT {"duration_s": %.3f, "requests": %d, "bytes": %d, '
      .. '"socket_errors": {"connect": %d, "read": %d, "write": %d, "timeout": %d}, '
      .. '"latency_ms": {"p50": %.2f, "p90": %.2f, "p99": %.2f, "max": %.2f, "mean": %.2f}, '
      .. '"statuses": %s}\n',
    summary.duration / 1e6, summary.requests, summary.bytes,
    errors.connect, errors.read, errors.write, errors.timeout,
    latency:percentile(50) / 1e3, latency:percentile(90) / 1e3, latency:percentile(99) / 1e3,
    latency.max / 1e3, latency.mean / 1e3,
    json_counts(all)
  ))
end
