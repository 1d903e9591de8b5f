-- Makes every request different (a counter in an extra query parameter that the routes ignore),
-- so that none is answered from the gateway's read cache: what distinct requests cost, each one
-- going to the services and PostgreSQL. Usage: wrk -s bench/distinct.lua URL
local n = 0
request = function()
  n = n + 1
  local separator = wrk.path:find("?", 1, true) and "&" or "?"
  return wrk.format(nil, wrk.path .. separator .. "nocache=" .. n)
end
