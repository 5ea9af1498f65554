-- GET with a bearer token: BENCH_PATH (default /auth/status) and BENCH_TOKEN from the environment.
local token = os.getenv("BENCH_TOKEN")
local path = os.getenv("BENCH_PATH") or "/auth/status"
wrk.method = "GET"
wrk.path = path
if token and token ~= "" then
   wrk.headers["Authorization"] = "Bearer " .. token
end
dofile(os.getenv("BENCH_LUA_DIR") .. "/report.lua")
