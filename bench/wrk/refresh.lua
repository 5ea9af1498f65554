-- POST /auth/refresh, spending refresh tokens from a pool (BENCH_REFRESH_POOL, one token per line) and putting
-- each answer's new refresh token back, so that no token is presented twice. Each wrk thread takes its own
-- slice of the pool.
dofile(os.getenv("BENCH_LUA_DIR") .. "/slice.lua")

function init(args)
   pool = slice(os.getenv("BENCH_REFRESH_POOL"))
   pending = {}
end

function request()
   local token = table.remove(pool, 1)
   if token == nil then
      -- Every token is in flight: present a malformed one rather than spend one twice.
      token = "exhausted"
   end
   return wrk.format("POST", "/auth/refresh", {["Authorization"] = "Bearer " .. token}, nil)
end

function response(status, headers, body)
   local token = string.match(body, '"refresh_token"%s*:%s*"([^"]+)"')
   if token then table.insert(pool, token) end
end

dofile(os.getenv("BENCH_LUA_DIR") .. "/report.lua")
