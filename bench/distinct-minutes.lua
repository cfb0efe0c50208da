-- Every request asks about another minute (at=...), which the directory does not cache (only searches about the present):
-- the directory benchmark's uncached numbers. Reports like percentiles.lua.
dofile("bench/percentiles.lua")

local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("id", threads)
end

init = function()
  math.randomseed(os.time() * 100 + (id or 0))
end

request = function()
  -- A random minute within some nineteen years: two requests of one run ask about the same minute about never.
  local at = os.date("!%Y-%m-%dT%H:%M:00Z", 1600000000 + math.random(0, 10000000) * 60)
  local separator = wrk.path:find("?", 1, true) and "&" or "?"
  return wrk.format(nil, wrk.path .. separator .. "at=" .. at)
end
