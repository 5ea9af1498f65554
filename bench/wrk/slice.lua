-- Shared by the scenarios that give each wrk thread its own slice of a file of tokens (one per line).
local threads = {}
local thread_count = 0

function setup(thread)
   thread:set("id", thread_count)
   thread_count = thread_count + 1
   table.insert(threads, thread)
end

-- The lines of `path` that belong to this thread (`id`), of BENCH_THREADS threads.
function slice(path)
   local lines = {}
   local index = 0
   local total = tonumber(os.getenv("BENCH_THREADS") or "2")
   for line in io.lines(path) do
      if index % total == id then table.insert(lines, line) end
      index = index + 1
   end
   return lines
end
