-- Autocomplete as typed by many people: every request another key the directory has not cached. The prefixes (one a line,
-- in PREFIXES) are those of the listings' names; the limit (1 to 20, part of the cache key) varies with each pass through
-- them, and each run starts at its own OFFSET, so no request of a run asks what an earlier request asked. Reports like
-- percentiles.lua.
dofile("bench/percentiles.lua")

local prefixes = {}
for line in io.lines(os.getenv("PREFIXES")) do
  prefixes[#prefixes + 1] = line
end

local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("id", threads)
  thread:set("count", 0)
end

local function encode(text)
  return (text:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

-- Each of up to two threads takes every other key.
request = function()
  local key = tonumber(os.getenv("OFFSET") or "0") + (id or 1) - 1 + count * 2
  count = count + 1
  local prefix = prefixes[key % #prefixes + 1]
  local limit = 1 + math.floor(key / #prefixes) % 20
  return wrk.format(nil, wrk.path .. "?q=" .. encode(prefix) .. "&limit=" .. limit)
end
