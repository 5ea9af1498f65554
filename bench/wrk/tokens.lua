-- GET BENCH_PATH (default /auth/status), each request with the next token of BENCH_TOKENS (a file, one token per
-- line): every wrk thread cycles through its own slice, so with more distinct tokens than the server remembers
-- (4,096), every request carries a token the server has not seen (or has forgotten) — the first-sight check.
local threads = {}
local thread_count = 0

function setup(thread)
   thread:set("id", thread_count)
   thread_count = thread_count + 1
   table.insert(threads, thread)
end

function init(args)
   tokens = {}
   local index = 0
   local total = tonumber(os.getenv("BENCH_THREADS") or "2")
   for line in io.lines(os.getenv("BENCH_TOKENS")) do
      if index % total == id then table.insert(tokens, line) end
      index = index + 1
   end
   next_token = 1
   path = os.getenv("BENCH_PATH") or "/auth/status"
end

function request()
   local token = tokens[next_token]
   next_token = next_token % #tokens + 1
   return wrk.format("GET", path, {["Authorization"] = "Bearer " .. token}, nil)
end

dofile(os.getenv("BENCH_LUA_DIR") .. "/report.lua")
