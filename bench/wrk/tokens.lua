-- GET BENCH_PATH (default /auth/status), each request with the next token of BENCH_TOKENS (a file, one token per
-- line): every wrk thread cycles through its own slice, so with more distinct tokens than the server remembers
-- (4,096), every request carries a token the server has not seen (or has forgotten) — the first-sight check.
dofile(os.getenv("BENCH_LUA_DIR") .. "/slice.lua")

function init(args)
   tokens = slice(os.getenv("BENCH_TOKENS"))
   next_token = 1
   path = os.getenv("BENCH_PATH") or "/auth/status"
end

function request()
   local token = tokens[next_token]
   next_token = next_token % #tokens + 1
   return wrk.format("GET", path, {["Authorization"] = "Bearer " .. token}, nil)
end

dofile(os.getenv("BENCH_LUA_DIR") .. "/report.lua")
